package distribute_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
)

func TestCapStaticWeights(t *testing.T) {
	cand := func(name string, w int64, a *int32) distribute.Candidate {
		return distribute.Candidate{Name: name, Weight: w, Available: a}
	}
	tests := []struct {
		name     string
		replicas int32
		cands    []distribute.Candidate
		want     []distribute.Assignment
		wantErr  bool
	}{
		{"fits: same as Karmada", 11, []distribute.Candidate{cand("sh", 10, avail(20)), cand("bj", 1, avail(20))},
			assignments("bj", 1, "sh", 10), false},
		{"spills over", 11, []distribute.Candidate{cand("sh", 10, avail(8)), cand("bj", 1, avail(20))},
			assignments("bj", 3, "sh", 8), false},
		{"unknown capacity is unbounded", 11, []distribute.Candidate{cand("sh", 10, nil), cand("bj", 1, avail(0))},
			assignments("sh", 11), false},
		{"spill goes by weight", 20, []distribute.Candidate{cand("a", 10, avail(2)), cand("b", 3, nil), cand("c", 1, nil)},
			assignments("a", 2, "b", 13, "c", 5), false},
		{"no weight never receives", 5, []distribute.Candidate{cand("a", 1, avail(5)), cand("b", 0, nil)},
			assignments("a", 5), false},
		{"unschedulable", 11, []distribute.Candidate{cand("sh", 10, avail(8)), cand("bj", 1, avail(2)), cand("x", 0, nil)},
			nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := distribute.Divide(distribute.Request{Strategy: distribute.StaticWeight, Replicas: tt.replicas,
				Candidates: tt.cands, Options: distribute.Options{CapStaticWeights: true}})
			if tt.wantErr {
				var ue *distribute.UnschedulableError
				require.ErrorAs(t, err, &ue)
				assert.Equal(t, int64(10), ue.Available)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, plan.Assignments)
		})
	}
}

func TestBounds(t *testing.T) {
	static := func(name string, w int64, min int32, max *int32) distribute.Candidate {
		return distribute.Candidate{Name: name, Weight: w, MinReplicas: min, MaxReplicas: max}
	}
	dyn := func(name string, a int32, min int32, max *int32) distribute.Candidate {
		return distribute.Candidate{Name: name, Available: avail(a), MinReplicas: min, MaxReplicas: max}
	}
	tests := []struct {
		name  string
		req   distribute.Request
		want  []distribute.Assignment
		limit map[string]distribute.Limit
	}{
		{"static minimum", distribute.Request{Strategy: distribute.StaticWeight, Replicas: 10,
			Candidates: []distribute.Candidate{static("a", 10, 0, nil), static("b", 1, 3, nil)}},
			assignments("a", 7, "b", 3), map[string]distribute.Limit{"b": distribute.LimitMinimum}},
		{"static maximum", distribute.Request{Strategy: distribute.StaticWeight, Replicas: 10,
			Candidates: []distribute.Candidate{static("a", 10, 0, avail(4)), static("b", 1, 0, nil)}},
			assignments("a", 4, "b", 6), map[string]distribute.Limit{"a": distribute.LimitMaximum}},
		{"static minimum on unweighted", distribute.Request{Strategy: distribute.StaticWeight, Replicas: 10,
			Candidates: []distribute.Candidate{static("a", 1, 0, nil), static("b", 0, 2, nil)}},
			assignments("a", 8, "b", 2), map[string]distribute.Limit{"b": distribute.LimitMinimum}},
		{"dynamic scale up respects maximum on the total", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 12,
			Candidates: []distribute.Candidate{dyn("a", 10, 0, avail(5)), dyn("b", 10, 0, nil)},
			Previous:   assignments("a", 4, "b", 2)},
			assignments("a", 5, "b", 7), map[string]distribute.Limit{"a": distribute.LimitMaximum}},
		{"dynamic minimum", distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 10,
			Candidates: []distribute.Candidate{dyn("a", 100, 0, nil), dyn("b", 1, 1, nil)}},
			assignments("a", 9, "b", 1), map[string]distribute.Limit{"b": distribute.LimitMinimum}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := distribute.Divide(tt.req)
			require.NoError(t, err)
			assert.Equal(t, tt.want, plan.Assignments)
			for _, e := range plan.Explanation {
				assert.Equal(t, tt.limit[e.Cluster], e.Limit, e.Cluster)
			}
		})
	}
}

func TestBoundsUnschedulable(t *testing.T) {
	_, err := distribute.Divide(distribute.Request{Strategy: distribute.StaticWeight, Replicas: 3, Candidates: []distribute.Candidate{
		{Name: "a", Weight: 1, MinReplicas: 2}, {Name: "b", Weight: 1, MinReplicas: 2}}})
	var ue *distribute.UnschedulableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, int64(4), ue.Available)
	assert.Contains(t, err.Error(), "minimum replicas 4 exceed")

	_, err = distribute.Divide(distribute.Request{Strategy: distribute.StaticWeight, Replicas: 5, Candidates: []distribute.Candidate{
		{Name: "a", Weight: 1, MaxReplicas: avail(2)}, {Name: "b", Weight: 1, MaxReplicas: avail(2)}}})
	require.ErrorAs(t, err, &ue)
	assert.Contains(t, err.Error(), "maximum replicas 4 are not enough")
}
