package distribute_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
)

func avail(n int32) *int32 { return distribute.Replicas(n) }

func assignments(kv ...any) []distribute.Assignment {
	out := []distribute.Assignment{}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, distribute.Assignment{Cluster: kv[i].(string), Replicas: int32(kv[i+1].(int))})
	}
	return out
}

// TestDivideSpecExamples checks the Karmada-verified examples of the spec.
func TestDivideSpecExamples(t *testing.T) {
	abc := func(w ...int64) []distribute.Candidate {
		out := make([]distribute.Candidate, len(w))
		for i, x := range w {
			out[i] = distribute.Candidate{Name: string(rune('a' + i)), Weight: x}
		}
		return out
	}
	dyn := func(av ...int32) []distribute.Candidate {
		out := make([]distribute.Candidate, len(av))
		for i, x := range av {
			out[i] = distribute.Candidate{Name: string(rune('a' + i)), Available: avail(x)}
		}
		return out
	}
	tests := []struct {
		name string
		req  distribute.Request
		want []distribute.Assignment
		mode distribute.Mode
	}{
		{"static 1:1:1 empty uid", distribute.Request{Strategy: distribute.StaticWeight, Replicas: 10, Candidates: abc(1, 1, 1)},
			assignments("a", 4, "b", 3, "c", 3), distribute.ModeStatic},
		{"static 1:1:1 odd uid", distribute.Request{Strategy: distribute.StaticWeight, Replicas: 10, UID: "d43fdeeb-d750-4e2b-bee3-64eb94534f4c", Candidates: abc(1, 1, 1)},
			assignments("a", 3, "b", 3, "c", 4), distribute.ModeStatic},
		{"static 2:0:none:1", distribute.Request{Strategy: distribute.StaticWeight, Replicas: 7, Candidates: abc(2, 0, 0, 1)},
			assignments("a", 5, "d", 2), distribute.ModeStatic},
		{"dynamic first", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 12, Candidates: dyn(10, 20, 5)},
			assignments("a", 3, "b", 7, "c", 2), distribute.ModeFirstSchedule},
		{"dynamic scale up", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 20, Candidates: dyn(10, 4, 6),
			Previous: assignments("a", 3, "b", 7, "c", 2)}, assignments("a", 7, "b", 9, "c", 4), distribute.ModeScaleUp},
		{"dynamic scale down", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 10, Candidates: dyn(1, 1, 1),
			Previous: assignments("a", 7, "b", 9, "c", 4)}, assignments("a", 4, "b", 4, "c", 2), distribute.ModeScaleDown},
		{"aggregated scale up", distribute.Request{Strategy: distribute.Aggregated, Replicas: 12, Candidates: dyn(5, 20, 8),
			Previous: assignments("a", 4)}, assignments("a", 6, "b", 6), distribute.ModeScaleUp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := distribute.Divide(tt.req)
			require.NoError(t, err)
			assert.Equal(t, tt.want, plan.Assignments)
			assert.Equal(t, tt.mode, plan.Mode)
		})
	}
}

func TestDivideUnschedulable(t *testing.T) {
	_, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 30, Candidates: []distribute.Candidate{
		{Name: "a", Available: avail(10)}, {Name: "b", Available: avail(15)}}})
	require.ErrorIs(t, err, distribute.ErrUnschedulable)
	var ue *distribute.UnschedulableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, int32(30), ue.Needed)
	assert.Equal(t, int64(25), ue.Available)
	assert.Contains(t, err.Error(), "available replicas 25 are not enough")
}

// TestExplanationKeptIsNotExcluded checks that a cluster that keeps replicas
// is never explained as excluded, even when it can win no new ones.
func TestExplanationKeptIsNotExcluded(t *testing.T) {
	tests := []struct {
		name     string
		req      distribute.Request
		cluster  string
		wantText string
	}{
		{"dynamic scale up without capacity", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 5,
			Candidates: []distribute.Candidate{{Name: "a", Available: avail(0)}, {Name: "b", Available: avail(10)}},
			Previous:   assignments("a", 3)}, "a", "3 replicas: previously 3, kept 3"},
		{"aggregated scale up not needed", distribute.Request{Strategy: distribute.Aggregated, Replicas: 6,
			Candidates: []distribute.Candidate{{Name: "a", Available: avail(1)}, {Name: "b", Available: avail(20)}},
			Previous:   assignments("a", 2)}, "a", "2 replicas: weight 1 (available, share 4.8%); previously 2, kept 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := distribute.Divide(tt.req)
			require.NoError(t, err)
			for _, e := range plan.Explanation {
				if e.Replicas > 0 {
					assert.Empty(t, e.Excluded, e.Cluster)
					assert.NotContains(t, e.Reason(), "excluded", e.Cluster)
				}
				if e.Cluster == tt.cluster {
					assert.Equal(t, tt.wantText, e.Reason())
				}
			}
		})
	}
}
