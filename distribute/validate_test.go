package distribute_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
)

func TestDivideRejectsBadInput(t *testing.T) {
	ok := []distribute.Candidate{{Name: "a"}}
	tests := []struct {
		name  string
		req   distribute.Request
		field string
	}{
		{"unknown strategy", distribute.Request{Strategy: "Spread", Candidates: ok}, "strategy"},
		{"empty strategy", distribute.Request{Candidates: ok}, "strategy"},
		{"negative replicas", distribute.Request{Strategy: distribute.Duplicated, Replicas: -1, Candidates: ok}, "replicas"},
		{"no candidates", distribute.Request{Strategy: distribute.Duplicated, Replicas: 1}, "candidates"},
		{"empty name", distribute.Request{Strategy: distribute.Duplicated, Candidates: []distribute.Candidate{{Name: "a"}, {}}}, "candidates[1].name"},
		{"duplicate name", distribute.Request{Strategy: distribute.StaticWeight, Candidates: []distribute.Candidate{{Name: "a"}, {Name: "a"}}}, "candidates[1].name"},
		{"negative weight", distribute.Request{Strategy: distribute.StaticWeight, Candidates: []distribute.Candidate{{Name: "a", Weight: -2}}}, "candidates[0].weight"},
		{"negative available", distribute.Request{Strategy: distribute.DynamicWeight, Candidates: []distribute.Candidate{{Name: "a", Available: avail(-1)}}}, "candidates[0].available"},
		{"bounds with aggregated", distribute.Request{Strategy: distribute.Aggregated, Candidates: []distribute.Candidate{{Name: "a", MinReplicas: 1}}}, "candidates[0].minReplicas"},
		{"negative minimum", distribute.Request{Strategy: distribute.StaticWeight, Candidates: []distribute.Candidate{{Name: "a", MinReplicas: -1}}}, "candidates[0].minReplicas"},
		{"maximum below minimum", distribute.Request{Strategy: distribute.StaticWeight, Candidates: []distribute.Candidate{{Name: "a", MinReplicas: 3, MaxReplicas: avail(2)}}}, "candidates[0].maxReplicas"},
		{"bounds on propagated object", distribute.Request{Strategy: distribute.StaticWeight, Candidates: []distribute.Candidate{{Name: "a", Weight: 1}, {Name: "b", MaxReplicas: avail(2)}}}, "candidates[1].maxReplicas"},
		{"bounds on multi-component", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 3, MultiComponent: true, Candidates: []distribute.Candidate{{Name: "a", MinReplicas: 1}}}, "candidates[0].minReplicas"},
		{"previous duplicate", distribute.Request{Strategy: distribute.DynamicWeight, Candidates: ok, Previous: assignments("a", 1, "a", 2)}, "previous[1].cluster"},
		{"previous empty name", distribute.Request{Strategy: distribute.DynamicWeight, Candidates: ok, Previous: assignments("", 1)}, "previous[0].cluster"},
		{"previous negative", distribute.Request{Strategy: distribute.DynamicWeight, Candidates: ok, Previous: assignments("a", -1)}, "previous[0].replicas"},
		{"cap with dynamic", distribute.Request{Strategy: distribute.DynamicWeight, Candidates: ok, Options: distribute.Options{CapStaticWeights: true}}, "options.capStaticWeights"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := distribute.Divide(tt.req)
			require.ErrorIs(t, err, distribute.ErrInvalidRequest)
			var ve *distribute.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

func TestNoCandidatesSentinel(t *testing.T) {
	_, err := distribute.Divide(distribute.Request{Strategy: distribute.StaticWeight, Replicas: 2})
	assert.ErrorIs(t, err, distribute.ErrNoCandidates)
	assert.NotErrorIs(t, err, distribute.ErrUnschedulable)
}

func TestPropagateAndDuplicate(t *testing.T) {
	cands := []distribute.Candidate{{Name: "b"}, {Name: "a"}}
	plan, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Candidates: cands})
	require.NoError(t, err)
	assert.Equal(t, distribute.ModePropagate, plan.Mode)
	assert.Equal(t, assignments("b", 0, "a", 0), plan.Assignments)

	plan, err = distribute.Divide(distribute.Request{Strategy: distribute.Duplicated, Replicas: 3, Candidates: cands})
	require.NoError(t, err)
	assert.Equal(t, assignments("b", 3, "a", 3), plan.Assignments)

	plan, err = distribute.Divide(distribute.Request{Strategy: distribute.Duplicated, HasReplicaRequirements: true, Candidates: cands})
	require.NoError(t, err)
	assert.Empty(t, plan.Assignments)
}

func TestExplanationExclusions(t *testing.T) {
	plan, err := distribute.Divide(distribute.Request{Strategy: distribute.Aggregated, Replicas: 12,
		Candidates: []distribute.Candidate{{Name: "a", Available: avail(5)}, {Name: "b", Available: avail(20)},
			{Name: "c", Available: avail(8)}, {Name: "d", Available: avail(0)}},
		Previous: assignments("a", 4, "gone", 3)})
	require.NoError(t, err)
	got := map[string]distribute.ClusterExplanation{}
	for _, e := range plan.Explanation {
		got[e.Cluster] = e
	}
	assert.Equal(t, distribute.ExcludedNotNeeded, got["c"].Excluded)
	assert.Equal(t, distribute.ExcludedNoCapacity, got["d"].Excluded)
	assert.Equal(t, distribute.ExcludedRemoved, got["gone"].Excluded)
	assert.False(t, got["gone"].Candidate)
	assert.Equal(t, int32(4), got["a"].Kept)
	assert.Equal(t, int32(2), got["a"].Added)
	assert.Equal(t, distribute.SourceAvailable, got["b"].WeightSource)
	assert.Contains(t, got["gone"].Reason(), "no longer a candidate")
}
