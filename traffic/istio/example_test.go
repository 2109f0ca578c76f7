package istio_test

import (
	"context"
	"errors"
	"fmt"

	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// An A/B split renders as a matching route to the canary followed by a
// default route to the primary.
func ExampleVirtualServiceBuilder_Build() {
	svc := traffic.Service{
		Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"},
		Canary:  traffic.Backend{Host: "podinfo-canary"},
	}
	split := traffic.Split{Canary: 100, Match: []traffic.Match{{Cookie: "^(.*?;)?(canary=always)(;.*)?$"}}}
	vs, err := istio.NewVirtualService(svc).WithSplit(split).Build()
	if err != nil {
		panic(err)
	}
	for _, r := range vs.Spec.Http {
		fmt.Printf("%s: matches=%d", r.Name, len(r.Match))
		for _, d := range r.Route {
			fmt.Printf(" %s=%d", d.Destination.Host, d.Weight)
		}
		fmt.Println()
	}
	back, _ := istio.ParseSplit(vs, svc)
	fmt.Println(back)
	// Output:
	// canary-match: matches=1 podinfo-primary=0 podinfo-canary=100
	// default: matches=0 podinfo-primary=100 podinfo-canary=0
	// 0/100 match(1)
}

// Subsets of one host share a single DestinationRule that also carries the
// circuit breaker.
func ExampleDestinationRules() {
	svc := traffic.Service{
		Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo", Subset: "stable", Labels: map[string]string{"version": "v1"}},
		Canary:  traffic.Backend{Host: "podinfo", Subset: "canary", Labels: map[string]string{"version": "v2"}},
	}
	policy := traffic.Policy{ConnectionPool: &traffic.ConnectionPool{MaxConnections: 100, MaxPendingRequests: 10}}
	drs, err := istio.DestinationRules(svc, policy)
	if err != nil {
		panic(err)
	}
	for _, dr := range drs {
		fmt.Println(dr.Name, dr.Spec.Host, len(dr.Spec.Subsets), dr.Spec.TrafficPolicy.ConnectionPool.Tcp.MaxConnections)
	}
	// Output:
	// podinfo podinfo 2 100
}

// A Router moves the weights and reads back what is really routed. Here a
// fake client stands in for the cluster.
func ExampleRouter() {
	scheme := runtime.NewScheme()
	_ = networkingv1.AddToScheme(scheme)
	c := fake.NewClientBuilder().WithScheme(scheme).Build()
	ctx := context.Background()

	r, err := istio.New(c, istio.Options{Service: traffic.Service{
		Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"},
		Canary:  traffic.Backend{Host: "podinfo-canary"},
	}})
	if err != nil {
		panic(err)
	}
	if err := r.Ensure(ctx); err != nil {
		panic(err)
	}
	for _, w := range []int{10, 50} {
		if err := r.SetRoutes(ctx, traffic.Weighted(w)); err != nil {
			panic(err)
		}
		got, _ := r.GetRoutes(ctx)
		fmt.Printf("%d/%d\n", got.Primary, got.Canary)
	}
	// Output:
	// 90/10
	// 50/50
}

// CompareAndSetRoutes moves the weights only from the split expected, so a
// hand edit made in between is reported, not overwritten.
func ExampleRouter_CompareAndSetRoutes() {
	scheme := runtime.NewScheme()
	_ = networkingv1.AddToScheme(scheme)
	c := fake.NewClientBuilder().WithScheme(scheme).Build()
	ctx := context.Background()
	r, err := istio.New(c, istio.Options{Service: traffic.Service{
		Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"},
		Canary:  traffic.Backend{Host: "podinfo-canary"},
	}})
	if err != nil {
		panic(err)
	}
	if err := r.Ensure(ctx); err != nil {
		panic(err)
	}
	fmt.Println(r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10)))

	// Someone routes everything back to the primary by hand.
	if err := r.SetRoutes(ctx, traffic.PrimaryOnly()); err != nil {
		panic(err)
	}
	err = r.CompareAndSetRoutes(ctx, traffic.Weighted(10), traffic.Weighted(20))
	var changed *traffic.ChangedError
	fmt.Println(errors.Is(err, traffic.ErrRoutesChanged), errors.As(err, &changed) && changed.Found.Canary == 0)
	got, _ := r.GetRoutes(ctx)
	fmt.Println(got)
	// Output:
	// <nil>
	// true true
	// 100/0
}
