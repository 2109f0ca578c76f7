package karmadacompat_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// scheduling draws a replicaScheduling, including the shapes on the edges
// of Karmada's rules (Weighted without a preference, with an empty one).
func (d draw) scheduling(f fleet.Fleet) *policyv1alpha1.ReplicaSchedulingStrategy {
	divided := func(pref policyv1alpha1.ReplicaDivisionPreference, w *policyv1alpha1.ClusterPreferences) *policyv1alpha1.ReplicaSchedulingStrategy {
		return &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDivided,
			ReplicaDivisionPreference: pref, WeightPreference: w}
	}
	weighted := policyv1alpha1.ReplicaDivisionPreferenceWeighted
	switch d.n(9) {
	case 0:
		return nil
	case 1:
		return &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: policyv1alpha1.ReplicaSchedulingTypeDuplicated}
	case 2, 3:
		return divided(policyv1alpha1.ReplicaDivisionPreferenceAggregated, nil)
	case 4, 5:
		return divided(weighted, &policyv1alpha1.ClusterPreferences{DynamicWeight: policyv1alpha1.DynamicWeightByAvailableReplicas})
	case 6:
		return divided(weighted, nil)
	case 7:
		return divided(weighted, &policyv1alpha1.ClusterPreferences{})
	}
	var rules []policyv1alpha1.StaticClusterWeight
	for range 1 + d.n(4) {
		rules = append(rules, policyv1alpha1.StaticClusterWeight{TargetCluster: d.affinity(f), Weight: int64(1 + d.n(10))})
	}
	return divided(weighted, &policyv1alpha1.ClusterPreferences{StaticWeightList: rules})
}

// spread draws spread constraints Karmada's admission accepts after
// defaulting, plus shapes it would refuse but the scheduler still reads
// (duplicates, a field without a cluster constraint).
func (d draw) spread() []policyv1alpha1.SpreadConstraint {
	if d.n(4) == 0 {
		return nil
	}
	one := func(field policyv1alpha1.SpreadFieldValue) policyv1alpha1.SpreadConstraint {
		c := policyv1alpha1.SpreadConstraint{SpreadByField: field, MinGroups: d.n(4)}
		if d.n(6) > 0 {
			c.MaxGroups = max(c.MinGroups, 1) + d.n(4)
		}
		return c
	}
	if d.n(2) == 0 { // the common shape: region and cluster
		return []policyv1alpha1.SpreadConstraint{one(policyv1alpha1.SpreadByFieldRegion), one(policyv1alpha1.SpreadByFieldCluster)}
	}
	var out []policyv1alpha1.SpreadConstraint
	for range 1 + d.n(3) {
		c := one(of(d, policyv1alpha1.SpreadByFieldCluster, policyv1alpha1.SpreadByFieldCluster, policyv1alpha1.SpreadByFieldRegion,
			policyv1alpha1.SpreadByFieldZone, policyv1alpha1.SpreadByFieldProvider, ""))
		if c.SpreadByField == "" && d.n(2) == 0 {
			c.SpreadByLabel = "tier"
		}
		out = append(out, c)
	}
	return out
}

// placement draws a placement whose every part fleetkit accepts.
func (d draw) placement(f fleet.Fleet) policyv1alpha1.Placement {
	var p policyv1alpha1.Placement
	switch d.n(4) {
	case 1, 2:
		a := d.affinity(f)
		p.ClusterAffinity = &a
	case 3:
		for i := range 1 + d.n(3) {
			p.ClusterAffinities = append(p.ClusterAffinities, policyv1alpha1.ClusterAffinityTerm{
				AffinityName: fmt.Sprintf("group-%d", i), ClusterAffinity: d.affinity(f)})
		}
	}
	if d.n(3) == 0 {
		p.ClusterTolerations = []corev1.Toleration{{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}}
	}
	p.ReplicaScheduling = d.scheduling(f)
	p.SpreadConstraints = d.spread()
	return p
}

// selectionPath names the branch of Karmada's selection a placement takes.
func selectionPath(p policyv1alpha1.Placement) string {
	if len(p.SpreadConstraints) == 0 {
		return "no spread"
	}
	rs := p.ReplicaScheduling
	if rs != nil && rs.ReplicaDivisionPreference == policyv1alpha1.ReplicaDivisionPreferenceWeighted &&
		(rs.WeightPreference == nil || rs.WeightPreference.DynamicWeight == "" && len(rs.WeightPreference.StaticWeightList) > 0) {
		return "static weights"
	}
	path := "unsupported"
	for _, c := range p.SpreadConstraints {
		switch {
		case c.SpreadByField == policyv1alpha1.SpreadByFieldRegion:
			return "region"
		case c.SpreadByField == policyv1alpha1.SpreadByFieldCluster, c.SpreadByField == "" && c.SpreadByLabel == "":
			path = "cluster"
		}
	}
	return path
}

// selectionCase is one drawn input.
type selectionCase struct {
	Placement policyv1alpha1.Placement
	Snapshot  karmada.Snapshot
	Workload  karmada.Workload
}

func (c selectionCase) String() string {
	out, _ := json.MarshalIndent(c, "", " ")
	return string(out)
}

// oracleSafely runs the oracle, turning a panic in Karmada's code into a failure report.
func oracleSafely(c selectionCase) (picks []pick, panicked any, err error) {
	defer func() { panicked = recover() }()
	picks, err = oracleRequest(c.Placement, c.Snapshot, c.Workload)
	return picks, nil, err
}

// TestSelectionMatchesKarmada compares karmada.Request's candidates (names,
// order, available replicas, static weights) with the oracle built from
// Karmada's own util.ClusterMatches, spreadconstraint.GroupClustersWithScore
// and SelectBestClusters, on random fleets and placements.
func TestSelectionMatchesKarmada(t *testing.T) {
	const cases = 20000
	seed := runSeed()
	t.Logf("seed %d: replay with go test -run TestSelectionMatchesKarmada -seed=%d", seed, seed)
	seen := map[string]int{}
	for i := range cases {
		d := newDraw(seed, i)
		f := d.fleet(14)
		w := d.workload(f)
		c := selectionCase{Placement: d.placement(f), Workload: w,
			Snapshot: karmada.Snapshot{Fleet: f, Available: d.available(f, w.Replicas), WithoutGeneralEstimator: true}}
		got, err := karmada.Request(c.Placement, c.Snapshot, c.Workload)
		if refusal := oracleRefuses(c.Placement); len(refusal) > 0 {
			require.ErrorIsf(t, err, karmada.ErrInvalid, "Karmada's admission refuses (%v); seed %d case %d\n%s", refusal, seed, i, c)
			seen["refused"]++
			continue
		}
		require.NotErrorIsf(t, err, karmada.ErrInvalid, "Karmada's admission accepts; seed %d case %d\n%s", seed, i, c)
		want, panicked, wantErr := oracleSafely(c)
		require.Nilf(t, panicked, "Karmada panicked; seed %d case %d\n%s", seed, i, c)
		outcome := selectionPath(c.Placement)
		if wantErr != nil {
			require.Errorf(t, err, "Karmada failed (%v), fleetkit selected %v; seed %d case %d\n%s", wantErr, picksOf(got), seed, i, c)
			require.ErrorIsf(t, err, distribute.ErrNoCandidates, "seed %d case %d", seed, i)
			outcome += " error"
		} else {
			require.NoErrorf(t, err, "Karmada selected %v; seed %d case %d\n%s", want, seed, i, c)
			require.Equalf(t, want, picksOf(got), "seed %d case %d\n%s", seed, i, c)
		}
		seen[outcome]++
	}
	t.Logf("%d cases: %v", cases, seen)
	for _, outcome := range []string{"no spread", "static weights", "cluster", "cluster error", "region", "region error", "unsupported error", "refused"} {
		assert.Greaterf(t, seen[outcome], cases/200, "outcome %q seen %d times", outcome, seen[outcome])
	}
}
