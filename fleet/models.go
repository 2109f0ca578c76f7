package fleet

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// ResourceModel is one grade of a member's resource models (a Karmada Cluster's
// spec.resourceModels): the nodes whose free resources fall in every one of its Ranges.
// Karmada's API server gives every new Cluster default models (CPU and memory grades) and its
// cluster-status controller counts the nodes of each grade into AllocatableModelings.
type ResourceModel struct {
	// Grade orders the models; grades increase through Capacity.Models.
	Grade uint `json:"grade"`
	// Ranges bound the grade per resource, Min inclusive and Max exclusive. Every model lists the
	// same resources in the same order.
	Ranges []ResourceModelRange `json:"ranges"`
}

// ResourceModelRange is the amount [Min, Max) of one resource a grade's nodes have free.
type ResourceModelRange struct {
	Name corev1.ResourceName `json:"name"`
	Min  resource.Quantity   `json:"min"`
	Max  resource.Quantity   `json:"max"`
}

// AllocatableModeling is how many of a member's nodes are in one grade (a Karmada Cluster's
// status.resourceSummary.allocatableModelings).
type AllocatableModeling struct {
	Grade uint `json:"grade"`
	Count int  `json:"count"`
}

// modelProblems checks the models as Karmada's Cluster validation does after its API server has
// bounded them (ValidateClusterResourceModels, v1.17.1) — grades increasing, every model over the
// same resources in the same order, Min below Max, the first grade from 0, each grade starting
// where the previous one ends — plus no resource twice in a model, and node counts for every grade,
// in the models' order, never negative. The estimate reads the lower bounds, so a model Karmada
// would store differently is refused rather than estimated one way offline and another once
// registered.
func (c Capacity) modelProblems(field string) []error {
	var errs []error
	for i, m := range c.Models {
		at := fmt.Sprintf("%s.models[%d]", field, i)
		if i > 0 && m.Grade <= c.Models[i-1].Grade {
			errs = append(errs, invalid(at+".grade", "grades must increase, got %d after %d", m.Grade, c.Models[i-1].Grade))
		}
		var previous []ResourceModelRange
		if i > 0 {
			previous = c.Models[i-1].Ranges
		}
		errs = append(errs, rangeProblems(at, m.Ranges, c.Models[0].Ranges, previous)...)
	}
	if len(c.AllocatableModelings) == 0 {
		return errs
	}
	if len(c.Models) == 0 {
		return append(errs, invalid(field+".allocatableModelings", "node counts need models: set models, the grades they count"))
	}
	if len(c.AllocatableModelings) != len(c.Models) {
		return append(errs, invalid(field+".allocatableModelings", "must count every one of the %d models, got %d", len(c.Models), len(c.AllocatableModelings)))
	}
	for i, am := range c.AllocatableModelings {
		at := fmt.Sprintf("%s.allocatableModelings[%d]", field, i)
		if am.Grade != c.Models[i].Grade {
			errs = append(errs, invalid(at+".grade", "must be models[%d]'s grade %d, got %d", i, c.Models[i].Grade, am.Grade))
		}
		if am.Count < 0 {
			errs = append(errs, invalid(at+".count", "must not be negative, got %d", am.Count))
		}
	}
	return errs
}

// rangeProblems checks one model's ranges against the first model's resources and the previous
// model's upper bounds (nil for the first model, whose lower bounds must be 0).
func rangeProblems(at string, ranges, first, previous []ResourceModelRange) []error {
	if len(ranges) != len(first) {
		return []error{invalid(at+".ranges", "must list the same %d resources as models[0], got %d", len(first), len(ranges))}
	}
	var errs []error
	for j, r := range ranges {
		rat := fmt.Sprintf("%s.ranges[%d]", at, j)
		switch {
		case r.Name != first[j].Name:
			errs = append(errs, invalid(rat+".name", "must be %q, as in models[0]", first[j].Name))
		case slices.IndexFunc(ranges, func(o ResourceModelRange) bool { return o.Name == r.Name }) < j:
			errs = append(errs, invalid(rat+".name", "%q is listed twice", r.Name))
		}
		if r.Max.Cmp(r.Min) <= 0 {
			errs = append(errs, invalid(rat+".max", "must be above min %s, got %s", r.Min.String(), r.Max.String()))
		}
		if previous == nil && !r.Min.IsZero() {
			errs = append(errs, invalid(rat+".min", "the first grade starts at 0 (Karmada's API server sets it so), got %s", r.Min.String()))
		}
		if j < len(previous) && r.Min.Cmp(previous[j].Max) != 0 {
			errs = append(errs, invalid(rat+".min", "must be the previous grade's max %s: grades are contiguous, got %s", previous[j].Max.String(), r.Min.String()))
		}
	}
	return errs
}

func copyModels(in []ResourceModel) []ResourceModel {
	if in == nil {
		return nil
	}
	out := make([]ResourceModel, len(in))
	for i, m := range in {
		out[i] = ResourceModel{Grade: m.Grade, Ranges: make([]ResourceModelRange, len(m.Ranges))}
		for j, r := range m.Ranges {
			out[i].Ranges[j] = ResourceModelRange{Name: r.Name, Min: r.Min.DeepCopy(), Max: r.Max.DeepCopy()}
		}
	}
	return out
}
