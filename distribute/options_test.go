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

// TestBoundsHoldForKeptReplicas checks that the bounds hold for the final
// replicas when the previous result would be kept: a kept value outside the
// bounds makes DynamicWeight divide afresh.
func TestBoundsHoldForKeptReplicas(t *testing.T) {
	dyn := func(name string, a int32, min int32, max *int32) distribute.Candidate {
		return distribute.Candidate{Name: name, Available: avail(a), MinReplicas: min, MaxReplicas: max}
	}
	tests := []struct {
		name     string
		replicas int32
		cands    []distribute.Candidate
		previous []distribute.Assignment
		want     []distribute.Assignment
		mode     distribute.Mode
	}{
		// Fresh weights a 10+6, b 10+2; a is held at its maximum.
		{"scale up keeps a cluster above its maximum", 12, []distribute.Candidate{dyn("a", 10, 0, avail(3)), dyn("b", 10, 0, nil)},
			assignments("a", 6, "b", 2), assignments("a", 3, "b", 9), distribute.ModeFresh},
		{"steady above maximum", 8, []distribute.Candidate{dyn("a", 10, 0, avail(3)), dyn("b", 10, 0, nil)},
			assignments("a", 6, "b", 2), assignments("a", 3, "b", 5), distribute.ModeFresh},
		// Fresh weights 16:12 give 5:3; b is raised to its minimum.
		{"steady below minimum", 8, []distribute.Candidate{dyn("a", 10, 0, nil), dyn("b", 10, 4, nil)},
			assignments("a", 6, "b", 2), assignments("a", 4, "b", 4), distribute.ModeFresh},
		{"steady below minimum of a new candidate", 8, []distribute.Candidate{dyn("a", 10, 0, nil), dyn("b", 10, 0, nil), dyn("c", 10, 1, nil)},
			assignments("a", 6, "b", 2), assignments("a", 3, "b", 3, "c", 2), distribute.ModeFresh}, // weights 16:12:10
		{"steady within bounds is kept", 8, []distribute.Candidate{dyn("a", 0, 0, avail(6)), dyn("b", 0, 2, nil)},
			assignments("a", 6, "b", 2), assignments("a", 6, "b", 2), distribute.ModeSteady},
		{"scale up lifts a kept cluster to its minimum", 10, []distribute.Candidate{dyn("a", 10, 0, nil), dyn("b", 10, 5, nil)},
			assignments("a", 4, "b", 2), assignments("a", 5, "b", 5), distribute.ModeScaleUp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Replicas: tt.replicas,
				Candidates: tt.cands, Previous: tt.previous})
			require.NoError(t, err)
			assert.Equal(t, tt.want, plan.Assignments)
			assert.Equal(t, tt.mode, plan.Mode)
			for i, c := range tt.cands {
				got := plan.ReplicasOf(c.Name)
				assert.GreaterOrEqual(t, got, c.MinReplicas, "candidates[%d]", i)
				if c.MaxReplicas != nil {
					assert.LessOrEqual(t, got, *c.MaxReplicas, "candidates[%d]", i)
				}
			}
		})
	}
}

func TestBoundsUnschedulableAfterFreshDivision(t *testing.T) {
	_, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 8,
		Candidates: []distribute.Candidate{{Name: "a", Available: avail(10), MaxReplicas: avail(3)}, {Name: "b", Available: avail(10), MaxReplicas: avail(3)}},
		Previous:   assignments("a", 6, "b", 2)})
	var ue *distribute.UnschedulableError
	require.ErrorAs(t, err, &ue)
	assert.Equal(t, int64(6), ue.Available)
	assert.Contains(t, err.Error(), "maximum replicas 6 are not enough to schedule 8")
}

// TestMinimumExceedsAvailable checks that a DynamicWeight minimum is never
// granted beyond the cluster's previous plus available replicas.
func TestMinimumExceedsAvailable(t *testing.T) {
	tests := []struct {
		name      string
		a         distribute.Candidate
		previous  []distribute.Assignment
		available int64
		want      int32 // a's replicas when schedulable
	}{
		{"first schedule", distribute.Candidate{Name: "a", Available: avail(2), MinReplicas: 5}, nil, 2, 0},
		{"scale up", distribute.Candidate{Name: "a", Available: avail(2), MinReplicas: 5}, assignments("a", 2), 4, 0},
		{"fresh", distribute.Candidate{Name: "a", Available: avail(0), MinReplicas: 5}, assignments("a", 4, "b", 8), 4, 0},
		{"scale up fits with previous", distribute.Candidate{Name: "a", Available: avail(3), MinReplicas: 5}, assignments("a", 2), 0, 5},
		{"scale down lifts above previous within capacity", distribute.Candidate{Name: "a", Available: avail(3), MinReplicas: 5},
			assignments("a", 2, "b", 20), 0, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := distribute.Divide(distribute.Request{Strategy: distribute.DynamicWeight, Replicas: 10,
				Candidates: []distribute.Candidate{tt.a, {Name: "b", Available: avail(100)}}, Previous: tt.previous})
			if tt.want > 0 {
				require.NoError(t, err)
				assert.Equal(t, tt.want, plan.ReplicasOf("a"))
				return
			}
			var ue *distribute.UnschedulableError
			require.ErrorAs(t, err, &ue)
			assert.ErrorIs(t, err, distribute.ErrUnschedulable)
			assert.Equal(t, "minimum exceeds available", ue.Reason)
			assert.Equal(t, "a", ue.Cluster)
			assert.Equal(t, int32(5), ue.Needed)
			assert.Equal(t, tt.available, ue.Available)
			assert.Contains(t, err.Error(), `minimum replicas 5 of cluster "a" exceed its`)
		})
	}
}
