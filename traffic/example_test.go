package traffic_test

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/traffic"
)

// A canary step routes a weight to the canary; A/B testing routes matching
// requests only. Validation names the offending field.
func ExampleSplit_Validate() {
	fmt.Println(traffic.Weighted(20), traffic.Weighted(20).Validate())

	ab := traffic.Split{Canary: 100, Match: []traffic.Match{
		{Headers: map[string]traffic.StringMatch{"x-canary": traffic.Exact("insider")}},
		{Cookie: "^(.*?;)?(canary=always)(;.*)?$"},
	}}
	fmt.Println(ab, ab.Validate())

	bad := traffic.Split{Primary: 80, Canary: 30}
	err := bad.Validate()
	var ve *traffic.ValidationError
	fmt.Println(errors.As(err, &ve), ve.Field)
	// Output:
	// 80/20 <nil>
	// 0/100 match(2) <nil>
	// true split
}

// Locality failover only works when outlier detection can tell which
// endpoints are unhealthy, so the model refuses it alone.
func ExamplePolicy_Validate() {
	p := traffic.Policy{Locality: &traffic.Locality{Failover: []traffic.Failover{{From: "cn-north", To: "cn-east"}}}}
	fmt.Println(p.Validate())
	p.OutlierDetection = &traffic.OutlierDetection{Consecutive5xxErrors: 5}
	fmt.Println(p.Validate())
	// Output:
	// traffic: invalid policy.locality: failover needs outlierDetection to detect unhealthy endpoints
	// <nil>
}

func ExampleService_Validate() {
	s := traffic.Service{
		Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"},
		Canary:  traffic.Backend{Host: "podinfo-primary"},
	}
	fmt.Println(s.Validate())
	// Output:
	// traffic: invalid service.canary: routes to the same destination as the primary (podinfo-primary)
}
