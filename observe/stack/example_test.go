package stack_test

import (
	"fmt"
	"time"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// A fleet of two clusters, monitored by an HA pair of Prometheus servers each, with blocks in a
// local bucket: the external labels of one replica, the objstore.yml and the Querier.
func ExampleNew() {
	f := fleet.Fleet{Name: "demo", Members: []fleet.Member{
		{Name: "training-bj", Region: "cn-north"},
		{Name: "serving-sh", Region: "cn-east"},
	}}
	plan, err := stack.New(f, stack.Options{
		Replicas:       2,
		SidecarAddress: "prometheus-{replica}.{cluster}.example:10901",
		Storage:        stack.Storage{Type: stack.Filesystem, Directory: "/var/lib/thanos/bucket"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(plan.Members[0].Replicas[1].PrometheusConfig()))
	fmt.Print(string(plan.Storage.ObjstoreConfig()))
	fmt.Print(string(plan.Querier.EndpointSDConfig()))
	fmt.Println(plan.Querier.Args)
	// Output:
	// global:
	//   scrape_interval: "15s"
	//   external_labels:
	//     cluster: "serving-sh"
	//     fleet: "demo"
	//     prometheus_replica: "1"
	//     region: "cn-east"
	// alerting:
	//   alert_relabel_configs:
	//   - action: "labeldrop"
	//     regex: "prometheus_replica"
	// type: "FILESYSTEM"
	// config:
	//   directory: "/var/lib/thanos/bucket"
	// endpoints:
	// - address: "prometheus-0.serving-sh.example:10901"
	// - address: "prometheus-1.serving-sh.example:10901"
	// - address: "prometheus-0.training-bj.example:10901"
	// - address: "prometheus-1.training-bj.example:10901"
	// [query --endpoint.sd-config-file=querier/endpoints.yml --query.replica-label=prometheus_replica]
}

// Two members in one region with the same name would give their Prometheus servers the same
// external labels; the plan refuses them instead of letting Thanos drop one.
func ExampleNew_collision() {
	f := fleet.Fleet{Name: "demo", Members: []fleet.Member{
		{Name: "edge-1", Region: "cn-east"},
		{Name: "edge-1", Region: "cn-east"},
	}}
	_, err := stack.New(f, stack.Options{
		SidecarAddress: "{cluster}-{region}.example:10901",
		Storage:        stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "metrics"}},
	})
	fmt.Println(err)
	// Output:
	// stack: invalid fleet.members[1]: external labels {cluster="edge-1", fleet="demo", prometheus_replica="0", region="cn-east"} equal those of fleet.members[0] (edge-1): Thanos Query would drop one of the two stores
	// stack: invalid options.storage.s3.endpoint: must be set (e.g. s3.us-east-1.amazonaws.com)
}

// The rollout SLO rules of one Istio canary, as a Prometheus rule file.
func ExampleRolloutRules() {
	groups, err := stack.RolloutRules([]stack.CanarySLO{{
		Namespace: "shop", Name: "checkout", Provider: observe.Istio,
		MinSuccessRate: 99, MaxLatency: 500 * time.Millisecond, For: time.Minute,
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range groups[0].Rules {
		if r.Alert != "" {
			fmt.Println(r.Alert+":", r.Expr)
		}
	}
	// Output:
	// CanarySuccessRateLow: fleetkit:canary_request_success_rate:percent{namespace="shop", canary="checkout"} < 99
	// CanarySuccessRateNoData: absent(fleetkit:canary_request_success_rate:percent{namespace="shop", canary="checkout"}) and on() (max(kube_deployment_status_replicas_available{namespace="shop", deployment="checkout"}) > 0)
	// CanaryLatencyHigh: fleetkit:canary_request_duration:milliseconds{namespace="shop", canary="checkout"} > 500
	// CanaryLatencyNoData: absent(fleetkit:canary_request_duration:milliseconds{namespace="shop", canary="checkout"}) and on() (max(kube_deployment_status_replicas_available{namespace="shop", deployment="checkout"}) > 0)
	// CanaryLivenessNoData: absent(kube_deployment_status_replicas_available{namespace="shop", deployment="checkout"})
}

// A canary that is not a Deployment says when it is live: its no-data alert fires only while the
// canary StatefulSet has a ready replica, and no kube-state-metrics Deployment series is watched.
func ExampleRolloutRules_live() {
	groups, err := stack.RolloutRules([]stack.CanarySLO{{
		Namespace: "shop", Name: "ledger", Provider: observe.Istio, MinSuccessRate: 99.9,
		Live: `max(kube_statefulset_status_replicas_ready{namespace="shop", statefulset="ledger"}) > 0`,
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range groups[0].Rules {
		if r.Alert != "" {
			fmt.Println(r.Alert+":", r.Expr)
		}
	}
	// Output:
	// CanarySuccessRateLow: fleetkit:canary_request_success_rate:percent{namespace="shop", canary="ledger"} < 99.9
	// CanarySuccessRateNoData: absent(fleetkit:canary_request_success_rate:percent{namespace="shop", canary="ledger"}) and on() (max(kube_statefulset_status_replicas_ready{namespace="shop", statefulset="ledger"}) > 0)
}
