package karmada_test

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
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

// Where Karmada's scheduler puts a GPU inference Deployment on the sample fleet: the Beijing training
// cluster's taint is tolerated, and each cluster's free GPUs (Karmada's general estimator over its
// resource summary) weigh the division.
func ExampleSchedule() {
	pp, err := karmada.NewPropagationPolicy("inference", "recommender").
		WithWorkload("apps/v1", "Deployment", "recommender").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh", "training-bj"}}).
		WithClusterTolerations(corev1.Toleration{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}).
		WithDynamicWeight().
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	replicas := int32(8)
	deploy := &appsv1.Deployment{Spec: appsv1.DeploymentSpec{Replicas: &replicas, Template: corev1.PodTemplateSpec{
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "server", Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2"), "nvidia.com/gpu": resource.MustParse("1")},
			Limits:   corev1.ResourceList{"nvidia.com/gpu": resource.MustParse("1")}}}}}}}}
	w, err := karmada.WorkloadFor(deploy)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := karmada.Schedule(pp.Spec.Placement, karmada.Snapshot{Fleet: fleet.Sample()}, w)
	if err != nil {
		fmt.Println(karmada.ConditionReason(err), err)
		return
	}
	for _, c := range res.Request.Candidates {
		fmt.Printf("%s can take %d\n", c.Name, *c.Available)
	}
	fmt.Println(res.Plan.Strategy, res.Plan.Assignments)

	w.Replicas = 20
	_, err = karmada.Schedule(pp.Spec.Placement, karmada.Snapshot{Fleet: fleet.Sample()}, w)
	fmt.Println(karmada.ConditionReason(err))
	// Output:
	// training-bj can take 6
	// serving-sh can take 4
	// DynamicWeight [{serving-sh 3} {training-bj 5}]
	// SchedulerError
}

// Karmada's general estimator: how many replicas of a workload a member's free capacity holds.
func ExampleGeneralEstimate() {
	edge, _ := fleet.Sample().Member("edge-store-001")
	fmt.Println(karmada.GeneralEstimate(edge.Capacity, nil))
	fmt.Println(karmada.GeneralEstimate(edge.Capacity, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")}))
	fmt.Println(karmada.GeneralEstimate(edge.Capacity, corev1.ResourceList{"nvidia.com/gpu": resource.MustParse("1")}))
	// Output:
	// 80
	// 10
	// 0
}

// With resource modelings (a default Karmada reports them for every Cluster), the general estimator
// counts replicas per node grade: three nodes with 1–2 CPUs free hold two 500m replicas each, even
// though the summary's 16 free CPUs would hold 32.
func ExampleGeneralEstimate_resourceModels() {
	grade := func(g uint, lo, hi string) fleet.ResourceModel {
		return fleet.ResourceModel{Grade: g, Ranges: []fleet.ResourceModelRange{
			{Name: corev1.ResourceCPU, Min: resource.MustParse(lo), Max: resource.MustParse(hi)}}}
	}
	c := fleet.Capacity{
		Allocatable:          corev1.ResourceList{corev1.ResourcePods: resource.MustParse("110"), corev1.ResourceCPU: resource.MustParse("16")},
		Models:               []fleet.ResourceModel{grade(0, "0", "1"), grade(1, "1", "2"), grade(2, "2", "4")},
		AllocatableModelings: []fleet.AllocatableModeling{{Grade: 0, Count: 10}, {Grade: 1, Count: 3}, {Grade: 2, Count: 0}},
	}
	fmt.Println(karmada.GeneralEstimate(c, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")}))
	c.AllocatableModelings = nil
	fmt.Println(karmada.GeneralEstimate(c, corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m")}))
	// Output:
	// 6
	// 32
}
