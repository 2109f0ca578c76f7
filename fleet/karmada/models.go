package karmada

import (
	"math"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/fleet"
)

// resourceModels renders a member's resource models as a Cluster's spec.resourceModels, with the
// last grade open-ended (MaxInt64), as Karmada's API server stores it (pkg/apis/cluster/mutation
// StandardizeClusterResourceModels, v1.17.1); the order and the first grade's zero lower bounds
// are the member's, which fleet.Member.Validate (run by ClusterFor) requires. Nil for none:
// Karmada's API server then gives the Cluster its default CPU and memory models.
func resourceModels(models []fleet.ResourceModel) []clusterv1alpha1.ResourceModel {
	if len(models) == 0 {
		return nil
	}
	out := make([]clusterv1alpha1.ResourceModel, len(models))
	for i, m := range models {
		out[i] = clusterv1alpha1.ResourceModel{Grade: m.Grade, Ranges: make([]clusterv1alpha1.ResourceModelRange, len(m.Ranges))}
		for j, r := range m.Ranges {
			out[i].Ranges[j] = clusterv1alpha1.ResourceModelRange{Name: r.Name, Min: r.Min.DeepCopy(), Max: r.Max.DeepCopy()}
		}
	}
	last := out[len(out)-1].Ranges
	for j := range last {
		last[j].Max = *resource.NewQuantity(math.MaxInt64, resource.DecimalSI)
	}
	return out
}

// memberModels reads a Cluster's spec.resourceModels into the fleet model.
func memberModels(models []clusterv1alpha1.ResourceModel) []fleet.ResourceModel {
	if len(models) == 0 {
		return nil
	}
	out := make([]fleet.ResourceModel, len(models))
	for i, m := range models {
		out[i] = fleet.ResourceModel{Grade: m.Grade, Ranges: make([]fleet.ResourceModelRange, len(m.Ranges))}
		for j, r := range m.Ranges {
			out[i].Ranges[j] = fleet.ResourceModelRange{Name: r.Name, Min: r.Min.DeepCopy(), Max: r.Max.DeepCopy()}
		}
	}
	return out
}

// clusterModelings renders a member's node counts per grade as status.resourceSummary's
// allocatableModelings.
func clusterModelings(in []fleet.AllocatableModeling) []clusterv1alpha1.AllocatableModeling {
	if len(in) == 0 {
		return nil
	}
	out := make([]clusterv1alpha1.AllocatableModeling, len(in))
	for i, am := range in {
		out[i] = clusterv1alpha1.AllocatableModeling{Grade: am.Grade, Count: am.Count}
	}
	return out
}

// memberModelings reads status.resourceSummary's allocatableModelings into the fleet model.
func memberModelings(in []clusterv1alpha1.AllocatableModeling) []fleet.AllocatableModeling {
	if len(in) == 0 {
		return nil
	}
	out := make([]fleet.AllocatableModeling, len(in))
	for i, am := range in {
		out[i] = fleet.AllocatableModeling{Grade: am.Grade, Count: am.Count}
	}
	return out
}
