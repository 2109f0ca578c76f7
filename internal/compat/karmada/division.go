package karmadacompat

import (
	"errors"
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"
	"github.com/karmada-io/karmada/pkg/scheduler/core"
	"github.com/karmada-io/karmada/pkg/scheduler/core/spreadconstraint"

	"github.com/fleetkit/fleetkit/distribute"
)

// Case is one division request expressed once and rendered for both sides:
// fleetkit's distribute.Request and the inputs of Karmada's
// core.AssignReplicas.
type Case struct {
	// Request is fleetkit's side.
	Request distribute.Request
	// Rules are the staticWeightList rules of a StaticWeight placement;
	// Candidate.Weight holds their per-cluster maximum.
	Rules []policyv1alpha1.StaticClusterWeight
	// NilPreference drops weightPreference from a StaticWeight placement
	// entirely (Karmada then weighs every cluster 1).
	NilPreference bool
}

// ErrNotKarmada marks a request that uses a fleetkit extension Karmada has
// no counterpart for.
var ErrNotKarmada = errors.New("karmadacompat: the request uses a fleetkit extension Karmada does not have")

// CaseOf renders a request as Karmada would receive it: a StaticWeight
// request gets one staticWeightList rule per cluster with a positive weight.
// Requests using fleetkit's extensions (capStaticWeights, minReplicas,
// maxReplicas) are refused with ErrNotKarmada.
func CaseOf(req distribute.Request) (Case, error) {
	if req.Options.CapStaticWeights {
		return Case{}, fmt.Errorf("%w: capStaticWeights", ErrNotKarmada)
	}
	c := Case{Request: req}
	for _, cand := range req.Candidates {
		if cand.MinReplicas != 0 || cand.MaxReplicas != nil {
			return Case{}, fmt.Errorf("%w: cluster %s has minReplicas or maxReplicas", ErrNotKarmada, cand.Name)
		}
		if req.Strategy == distribute.StaticWeight && cand.Weight > 0 {
			c.Rules = append(c.Rules, StaticRule(cand.Name, cand.Weight))
		}
	}
	return c, nil
}

// StaticRule gives one named cluster a weight.
func StaticRule(cluster string, w int64) policyv1alpha1.StaticClusterWeight {
	return policyv1alpha1.StaticClusterWeight{TargetCluster: policyv1alpha1.ClusterAffinity{ClusterNames: []string{cluster}}, Weight: w}
}

// Inputs renders the case as Karmada's scheduler sees it: the selected
// clusters with their allocatable replicas, the binding's spec and status.
func (c Case) Inputs() ([]spreadconstraint.ClusterDetailInfo, *workv1alpha2.ResourceBindingSpec, *workv1alpha2.ResourceBindingStatus) {
	r := c.Request
	clusters := make([]spreadconstraint.ClusterDetailInfo, len(r.Candidates))
	for i, cand := range r.Candidates {
		allocatable := r.Replicas // unknown capacity: Karmada substitutes spec.replicas
		if cand.Available != nil {
			allocatable = *cand.Available
		}
		clusters[i] = spreadconstraint.ClusterDetailInfo{
			Name:                cand.Name,
			Cluster:             &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: cand.Name}},
			AllocatableReplicas: allocatable,
		}
	}
	spec := &workv1alpha2.ResourceBindingSpec{
		Resource:  workv1alpha2.ObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "web", UID: types.UID(r.UID)},
		Replicas:  r.Replicas,
		Placement: c.Placement(),
	}
	for _, p := range r.Previous {
		spec.Clusters = append(spec.Clusters, workv1alpha2.TargetCluster{Name: p.Cluster, Replicas: p.Replicas})
	}
	if r.HasReplicaRequirements {
		spec.ReplicaRequirements = &workv1alpha2.ReplicaRequirements{}
	}
	if r.MultiComponent {
		spec.Components = []workv1alpha2.Component{{Name: "jobmanager"}, {Name: "taskmanager"}}
	}
	last := metav1.NewTime(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	status := &workv1alpha2.ResourceBindingStatus{LastScheduledTime: &last}
	if r.Fresh {
		later := metav1.NewTime(last.Add(time.Minute))
		spec.RescheduleTriggeredAt = &later
	}
	return clusters, spec, status
}

// Placement renders the strategy as a Karmada placement.
func (c Case) Placement() *policyv1alpha1.Placement {
	divided := func(pref policyv1alpha1.ReplicaDivisionPreference, w *policyv1alpha1.ClusterPreferences) *policyv1alpha1.Placement {
		return &policyv1alpha1.Placement{ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{
			ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided, ReplicaDivisionPreference: pref, WeightPreference: w}}
	}
	switch c.Request.Strategy {
	case distribute.StaticWeight:
		if c.NilPreference {
			return divided(policyv1alpha1.ReplicaDivisionPreferenceWeighted, nil)
		}
		return divided(policyv1alpha1.ReplicaDivisionPreferenceWeighted, &policyv1alpha1.ClusterPreferences{StaticWeightList: c.Rules})
	case distribute.DynamicWeight:
		return divided(policyv1alpha1.ReplicaDivisionPreferenceWeighted,
			&policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas})
	case distribute.Aggregated:
		return divided(policyv1alpha1.ReplicaDivisionPreferenceAggregated, nil)
	}
	return &policyv1alpha1.Placement{ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{
		ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDuplicated}}
}

// AssignReplicas runs Karmada's core.AssignReplicas on the case and returns
// its result in Karmada's order.
func (c Case) AssignReplicas() ([]distribute.Assignment, error) {
	clusters, spec, status := c.Inputs()
	got, err := core.AssignReplicas(clusters, spec, status)
	if err != nil {
		return nil, fmt.Errorf("karmada: assign replicas: %w", err)
	}
	out := make([]distribute.Assignment, len(got))
	for i, tc := range got {
		out[i] = distribute.Assignment{Cluster: tc.Name, Replicas: tc.Replicas}
	}
	return out, nil
}
