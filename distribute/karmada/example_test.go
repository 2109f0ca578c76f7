package karmada_test

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// The seed's weighted inference example: a PropagationPolicy prefers the
// Shanghai serving cluster 10:1 over the Beijing training cluster (whose GPU
// taint it tolerates), evaluated on the sample fleet.
func ExampleRequest() {
	pp, err := karmada.NewPropagationPolicy("inference", "recommender").
		WithWorkload("apps/v1", "Deployment", "recommender").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh", "training-bj"}}).
		WithClusterTolerations(corev1.Toleration{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}).
		WithClusterWeight(10, "serving-sh").
		WithClusterWeight(1, "training-bj").
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	req, err := karmada.Request(pp.Spec.Placement, karmada.Snapshot{Fleet: fleet.Sample()}, karmada.Workload{Replicas: 11})
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := distribute.Divide(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.Strategy, plan.Assignments)
	// Output:
	// StaticWeight [{serving-sh 10} {training-bj 1}]
}

// A Karmada ClusterAffinity selects fleet members through fleet.Affinity,
// fleetkit's one implementation of cluster affinity.
func ExampleAffinityOf() {
	a := karmada.AffinityOf(policyv1alpha1.ClusterAffinity{
		LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}},
		FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: "region", Operator: corev1.NodeSelectorOpIn, Values: []string{"cn-south", "cn-west"}}}},
		ExcludeClusters: []string{"edge-store-008"},
	})
	members, err := fleet.Sample().Select(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range members {
		fmt.Println(m.Name, m.Region)
	}
	// Output:
	// edge-store-007 cn-south
	// edge-store-009 cn-south
	// edge-store-010 cn-west
}
