package promop_test

import (
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
	"github.com/fleetkit/fleetkit/observe/stack/promop"
)

// The Prometheus objects of the seed fleet's members, with HA pairs and blocks in S3.
func ExamplePrometheuses() {
	plan, err := stack.New(fleet.Sample(), stack.Options{
		Replicas:       2,
		SidecarAddress: "prometheus-{replica}.{cluster}.monitoring.example:10901",
		Storage:        stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "seed-metrics", Endpoint: "s3.cn-north-1.amazonaws.com.cn"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	members, err := promop.Prometheuses(plan, promop.Options{Namespace: "monitoring", Name: "fleet",
		ObjectStorageSecret: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "thanos-objstore"}, Key: "objstore.yml"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	p := members[0].Prometheus
	fmt.Println(len(members), "members; first:", members[0].Cluster)
	fmt.Println("replicas:", *p.Spec.Replicas, "replica label:", *p.Spec.ReplicaExternalLabelName)
	fmt.Println("external labels:", stack.Labels(p.Spec.ExternalLabels))
	fmt.Println("objstore.yml from:", p.Spec.Thanos.ObjectStorageConfig.Name, p.Spec.Thanos.ObjectStorageConfig.Key)
	// Output:
	// 13 members; first: edge-store-001
	// replicas: 2 replica label: prometheus_replica
	// external labels: {cluster="edge-store-001", fleet="seed", region="cn-east"}
	// objstore.yml from: thanos-objstore objstore.yml
}

// The PrometheusRule that watches a canary's SLO on every member it runs on.
func ExamplePrometheusRules() {
	rules, err := promop.PrometheusRules([]stack.CanarySLO{{Namespace: "shop", Name: "checkout",
		Provider: observe.Istio, MinSuccessRate: 99, MaxLatency: 500 * time.Millisecond, For: time.Minute}})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := rules[0]
	fmt.Println(r.Namespace+"/"+r.Name, r.Labels[promop.RulesLabel])
	for _, rule := range r.Spec.Groups[0].Rules {
		fmt.Println(rule.Record + rule.Alert)
	}
	// Output:
	// shop/checkout-slo rollout-slo
	// fleetkit:canary_request_success_rate:percent
	// fleetkit:canary_request_duration:milliseconds
	// CanarySuccessRateLow
	// CanarySuccessRateNoData
	// CanaryLatencyHigh
	// CanaryLatencyNoData
	// CanaryLivenessNoData
}
