package karmada_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	workv1alpha2 "github.com/karmada-io/karmada/pkg/apis/work/v1alpha2"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

func list(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func TestGeneralEstimate(t *testing.T) {
	pods110 := fleet.Capacity{Allocatable: list("pods", "110", "cpu", "8", "memory", "32Gi"), Allocated: list("pods", "30", "cpu", "3", "memory", "12Gi")}
	tests := []struct {
		name     string
		capacity fleet.Capacity
		requests corev1.ResourceList
		want     int32
	}{
		{"no capacity reported", fleet.Capacity{}, nil, 0},
		{"no allocatable pods", fleet.Capacity{Allocatable: list("cpu", "8")}, list("cpu", "1"), 0},
		{"no requests: free pods", pods110, nil, 80},
		{"CPU bound", pods110, list("cpu", "500m"), 10},
		{"memory bound", pods110, list("cpu", "100m", "memory", "3Gi"), 6},
		{"a resource the member lacks", pods110, list("nvidia.com/gpu", "1"), 0},
		{"a zero request is ignored", pods110, list("nvidia.com/gpu", "0"), 80},
		{"allocating counts", fleet.Capacity{Allocatable: list("pods", "10", "cpu", "4"), Allocating: list("pods", "4", "cpu", "1500m")},
			list("cpu", "1"), 2},
		{"overcommitted", fleet.Capacity{Allocatable: list("pods", "10", "cpu", "1"), Allocated: list("cpu", "2")}, list("cpu", "100m"), 0},
		{"fractional CPU left", fleet.Capacity{Allocatable: list("pods", "10", "cpu", "1"), Allocated: list("cpu", "700m")}, list("cpu", "100m"), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, karmada.GeneralEstimate(tt.capacity, tt.requests))
		})
	}
}

func member(name string, pods string, labels ...string) fleet.Member {
	m := fleet.Member{Name: name, Capacity: fleet.Capacity{Allocatable: list("pods", pods)}, Labels: map[string]string{}}
	for i := 0; i < len(labels); i += 2 {
		m.Labels[labels[i]] = labels[i+1]
	}
	return m
}

var dynamicWeighted = &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
	ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
	WeightPreference:          &policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas}}

// A group whose candidates cannot hold the replicas passes the binding to the next group, as
// Karmada's scheduler does; Request, which only selects, stops at the first group with candidates.
func TestScheduleFallsBackWhenAGroupCannotHoldTheReplicas(t *testing.T) {
	f := fleet.Fleet{Members: []fleet.Member{member("small", "3", "tier", "edge"), member("big-a", "20"), member("big-b", "20")}}
	p := policyv1alpha1.Placement{ReplicaScheduling: dynamicWeighted, ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{
		{AffinityName: "edge", ClusterAffinity: policyv1alpha1.ClusterAffinity{ClusterNames: []string{"small"}}},
		{AffinityName: "core", ClusterAffinity: policyv1alpha1.ClusterAffinity{ClusterNames: []string{"big-a", "big-b"}}}}}
	w := karmada.Workload{Replicas: 10}

	res, err := karmada.Schedule(p, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Equal(t, "core", res.AffinityName)
	assert.Equal(t, []distribute.Assignment{{Cluster: "big-a", Replicas: 5}, {Cluster: "big-b", Replicas: 5}}, res.Plan.Assignments)

	req, err := karmada.Request(p, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Equal(t, []string{"small"}, names(req))

	w.Previous, w.ObservedAffinity = res.Plan.Assignments, "core"
	w.Replicas = 2
	res, err = karmada.Schedule(p, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Equal(t, "core", res.AffinityName, "scheduling resumes at the observed group, though edge could hold 2 now")

	w.Replicas = 60
	_, err = karmada.Schedule(p, karmada.Snapshot{Fleet: f}, w)
	var unschedulable *distribute.UnschedulableError
	require.ErrorAs(t, err, &unschedulable)
	assert.Contains(t, err.Error(), `affinity group "core"`, "the first group tried reports")
	assert.Equal(t, workv1alpha2.BindingReasonSchedulerError, karmada.ConditionReason(err))
}

// The scheduler never reads the Ready condition: a member that is not ready carries the
// not-ready taint, which a policy may tolerate. Members of the previous result skip the taint and
// API filters.
func TestReadinessIsATaintAndThePreviousResultPasses(t *testing.T) {
	down := member("down", "10")
	down.NotReady = true
	noDeployments := member("crd-only", "10")
	noDeployments.APIs = []fleet.APIGroupVersion{{GroupVersion: "v1", Resources: []fleet.APIResource{{Name: "pods", Kind: "Pod"}}}}
	f := fleet.Fleet{Members: []fleet.Member{down, noDeployments, member("up", "10")}}
	w := karmada.Workload{APIVersion: "apps/v1", Kind: "Deployment", Replicas: 2}
	dup := policyv1alpha1.Placement{}

	res, err := karmada.Schedule(dup, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Equal(t, []distribute.Assignment{{Cluster: "up", Replicas: 2}}, res.Plan.Assignments)

	dup.ClusterTolerations = []corev1.Toleration{{Key: clusterv1alpha1.TaintClusterNotReady, Operator: corev1.TolerationOpExists}}
	res, err = karmada.Schedule(dup, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Len(t, res.Plan.Assignments, 2, "down is tolerated")

	w.Previous = []distribute.Assignment{{Cluster: "crd-only", Replicas: 2}, {Cluster: "down", Replicas: 2}}
	res, err = karmada.Schedule(policyv1alpha1.Placement{}, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Len(t, res.Plan.Assignments, 3, "clusters of the previous result keep passing the taint and API filters")

	assert.Equal(t, []corev1.Taint{{Key: clusterv1alpha1.TaintClusterNotReady, Effect: corev1.TaintEffectNoSchedule}}, karmada.EffectiveTaints(down))
	assert.Empty(t, karmada.EffectiveTaints(member("up", "1")))
}

func TestNoClusterFitNamesKarmadasReasons(t *testing.T) {
	tainted := member("tainted", "10")
	tainted.Taints = []corev1.Taint{{Key: "dedicated", Value: "gpu", Effect: corev1.TaintEffectNoSchedule}}
	f := fleet.Fleet{Members: []fleet.Member{tainted, member("other", "10"), member("nowhere", "10")}}
	p := policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{ClusterNames: []string{"tainted"}},
		SpreadConstraints: []policyv1alpha1.SpreadConstraint{{SpreadByField: "region", MaxGroups: 1}, {SpreadByField: "cluster", MaxGroups: 1}}}
	_, err := karmada.Schedule(p, karmada.Snapshot{Fleet: f}, karmada.Workload{Replicas: 1})
	var fit *karmada.FitError
	require.ErrorAs(t, err, &fit)
	require.ErrorIs(t, err, distribute.ErrNoCandidates)
	assert.Equal(t, workv1alpha2.BindingReasonNoClusterFit, karmada.ConditionReason(err))
	assert.Equal(t, "0/3 clusters are available: 1 cluster(s) had untolerated taint {dedicated=gpu:NoSchedule}, "+
		"2 cluster(s) did not match the placement cluster affinity constraint.", err.Error())
	assert.Equal(t, workv1alpha2.BindingReasonSuccess, karmada.ConditionReason(nil))
}

func TestStrategyOfAppliesTheAPIServersAndWebhooksDefaults(t *testing.T) {
	for name, rs := range map[string]*policyv1alpha1.ReplicaSchedulingStrategy{
		"Divided without a preference": {ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided},
		"an empty replicaScheduling":   {},
	} {
		s, err := karmada.StrategyOf(policyv1alpha1.Placement{ReplicaScheduling: rs})
		require.NoError(t, err, name)
		assert.Equal(t, distribute.StaticWeight, s, name)
	}
	d := karmada.Defaulted(policyv1alpha1.Placement{SpreadConstraints: []policyv1alpha1.SpreadConstraint{{MaxGroups: 2}},
		ClusterAffinities: []policyv1alpha1.ClusterAffinityTerm{}})
	assert.Equal(t, []policyv1alpha1.SpreadConstraint{{SpreadByField: "cluster", MinGroups: 1, MaxGroups: 2}}, d.SpreadConstraints)
	assert.Nil(t, d.ClusterAffinities)
}

// A Divided placement without a preference divides equally, as Karmada's admission makes it Weighted.
func TestScheduleDividedWithoutPreference(t *testing.T) {
	f := fleet.Fleet{Members: []fleet.Member{member("a", "10"), member("b", "10")}}
	p := policyv1alpha1.Placement{ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided}}
	res, err := karmada.Schedule(p, karmada.Snapshot{Fleet: f}, karmada.Workload{Replicas: 4})
	require.NoError(t, err)
	assert.Equal(t, []distribute.Assignment{{Cluster: "a", Replicas: 2}, {Cluster: "b", Replicas: 2}}, res.Plan.Assignments)
}

// Snapshot.Available is another estimator: the minimum wins; WithoutGeneralEstimator leaves the
// capacity out.
func TestSnapshotAvailableCombinesWithTheGeneralEstimator(t *testing.T) {
	f := fleet.Fleet{Members: []fleet.Member{member("a", "4"), member("b", "100")}}
	p := policyv1alpha1.Placement{ReplicaScheduling: dynamicWeighted}
	w := karmada.Workload{Replicas: 6}
	req, err := karmada.Request(p, karmada.Snapshot{Fleet: f, Available: map[string]int32{"a": 9, "b": 2}}, w)
	require.NoError(t, err)
	assert.Equal(t, map[string]int32{"a": 4, "b": 2}, availableOf(req))
	req, err = karmada.Request(p, karmada.Snapshot{Fleet: f, Available: map[string]int32{"a": 9, "b": -1}, WithoutGeneralEstimator: true}, w)
	require.NoError(t, err)
	assert.Equal(t, map[string]int32{"a": 9, "b": 6}, availableOf(req), "-1 abstains; no answer at all is the workload's replicas")
}

func availableOf(req distribute.Request) map[string]int32 {
	out := map[string]int32{}
	for _, c := range req.Candidates {
		out[c.Name] = *c.Available
	}
	return out
}

func TestWorkloadForRefusesWhatItCannotRead(t *testing.T) {
	var nilDeploy *appsv1.Deployment
	_, err := karmada.WorkloadFor(nilDeploy)
	require.ErrorIs(t, err, karmada.ErrInvalid)
	_, err = karmada.WorkloadFor(&corev1.ConfigMap{})
	var ve *karmada.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "kind", ve.Field)
}

// Karmada schedules a Divided binding again only when its replicas no longer add up.
func TestRescheduled(t *testing.T) {
	divided := policyv1alpha1.Placement{ReplicaScheduling: dynamicWeighted}
	previous := []distribute.Assignment{{Cluster: "a", Replicas: 2}, {Cluster: "b", Replicas: 3}}
	tests := []struct {
		name      string
		placement policyv1alpha1.Placement
		w         karmada.Workload
		want      bool
	}{
		{"divided, unchanged", divided, karmada.Workload{Replicas: 5, Previous: previous}, false},
		{"divided, scaled", divided, karmada.Workload{Replicas: 6, Previous: previous}, true},
		{"divided, reschedule requested", divided, karmada.Workload{Replicas: 5, Previous: previous, Fresh: true}, true},
		{"divided, no replicas but requirements, nothing placed", divided, karmada.Workload{HasReplicaRequirements: true}, false},
		{"no replicas and no requirements", divided, karmada.Workload{}, true},
		{"duplicated", policyv1alpha1.Placement{}, karmada.Workload{Replicas: 5, Previous: previous}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, karmada.Rescheduled(tt.placement, tt.w))
		})
	}
}

// A result that changes the binding makes Karmada schedule it again: a Duplicated workload scaled
// to zero first keeps its tainted cluster (the previous result passes the taint filter) with zero
// replicas, which Karmada drops; the next pass no longer sees it as previous and finds no cluster.
func TestScheduleSettlesLikeKarmada(t *testing.T) {
	tainted := member("a", "10")
	tainted.Taints = []corev1.Taint{{Key: "maintenance", Effect: corev1.TaintEffectNoSchedule}}
	f := fleet.Fleet{Members: []fleet.Member{tainted, member("b", "10")}}
	p := policyv1alpha1.Placement{ClusterAffinity: &policyv1alpha1.ClusterAffinity{ClusterNames: []string{"a"}}}
	w := karmada.Workload{HasReplicaRequirements: true, Previous: []distribute.Assignment{{Cluster: "a", Replicas: 1}}}

	res, err := karmada.Schedule(p, karmada.Snapshot{Fleet: f}, w)
	var fit *karmada.FitError
	require.ErrorAs(t, err, &fit)
	assert.Equal(t, 2, res.Passes)
	assert.Nil(t, res.Clusters, "NoClusterFit clears the result")

	w.Replicas = 3
	res, err = karmada.Schedule(p, karmada.Snapshot{Fleet: f}, w)
	require.NoError(t, err)
	assert.Equal(t, []distribute.Assignment{{Cluster: "a", Replicas: 3}}, res.Clusters, "still in the result: still passes")
	assert.Equal(t, 2, res.Passes, "the changed replicas are written, then the same result comes back")

	w.Previous = nil
	res, err = karmada.Schedule(p, karmada.Snapshot{Fleet: f}, w)
	require.ErrorAs(t, err, &fit)
	assert.Equal(t, 1, res.Passes)
}

// TestNodeClaimOnModelledMembersDivides: a workload with a node claim and no requests, on a member
// whose modelled nodes add up to an even count, gets a negative general estimate from Karmada's
// model estimator (an int64 overflow, mirrored by GeneralEstimate). Scheduling used to fail with
// "invalid candidates[0].available: must be >= 0"; the member now has no room and the rest of the
// fleet takes the replicas, as in Karmada.
func TestNodeClaimOnModelledMembersDivides(t *testing.T) {
	grade := func(g uint, lo, hi string) fleet.ResourceModel {
		return fleet.ResourceModel{Grade: g, Ranges: []fleet.ResourceModelRange{
			{Name: corev1.ResourceCPU, Min: resource.MustParse(lo), Max: resource.MustParse(hi)}}}
	}
	modelled := fleet.Member{Name: "a", Capacity: fleet.Capacity{Allocatable: list("pods", "100"),
		Models:               []fleet.ResourceModel{grade(0, "0", "4"), grade(1, "4", "16")},
		AllocatableModelings: []fleet.AllocatableModeling{{Grade: 0, Count: 1}, {Grade: 1, Count: 1}}}}
	plain := fleet.Member{Name: "b", Capacity: fleet.Capacity{Allocatable: list("pods", "100")}}
	require.Equal(t, int32(-2), karmada.GeneralEstimate(modelled.Capacity, corev1.ResourceList{}), "Karmada's overflow, mirrored")

	w := karmada.Workload{Replicas: 4, HasReplicaRequirements: true, UID: "8b0e6a3c-0000-4000-8000-000000000001"}
	snap := karmada.Snapshot{Fleet: fleet.Fleet{Members: []fleet.Member{modelled, plain}}}
	for name, rs := range map[string]*policyv1alpha1.ReplicaSchedulingStrategy{
		"aggregated": {ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
			ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceAggregated},
		"dynamic weight": {ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
			ReplicaDivisionPreference: policyv1alpha1.ReplicaDivisionPreferenceWeighted,
			WeightPreference:          &policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas}},
	} {
		t.Run(name, func(t *testing.T) {
			res, err := karmada.Schedule(policyv1alpha1.Placement{ReplicaScheduling: rs}, snap, w)
			require.NoError(t, err)
			assert.Equal(t, []distribute.Assignment{{Cluster: "b", Replicas: 4}}, nonZero(res.Plan.Assignments))
		})
	}
}

func nonZero(in []distribute.Assignment) []distribute.Assignment {
	var out []distribute.Assignment
	for _, a := range in {
		if a.Replicas > 0 {
			out = append(out, a)
		}
	}
	return out
}
