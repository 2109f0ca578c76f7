package distribute_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/fleetkit/fleetkit/distribute"
)

// FuzzDivide checks the spec's invariants on generated requests: the sum of a
// division equals the replicas, no count is negative, a scale up never takes
// replicas away and never adds more than a cluster's available replicas, the
// result is deterministic, and for StaticWeight and DynamicWeight it does not
// depend on the candidate order. Some requests set candidate bounds; then
// every candidate's final replicas lie within them.
func FuzzDivide(f *testing.F) {
	f.Add(uint64(1), uint8(0), int32(-1))
	f.Add(uint64(2), uint8(1), int32(10))
	f.Add(uint64(3), uint8(2), int32(12))
	f.Add(uint64(4), uint8(3), int32(100000))
	f.Add(uint64(5), uint8(2), int32(0))
	for seed := range uint64(40) {
		f.Add(seed*7919, uint8(seed), int32(seed*37))
	}
	f.Fuzz(func(t *testing.T, seed uint64, strategy uint8, replicas int32) {
		g := generator{rng: rand.New(rand.NewPCG(seed, uint64(strategy)))}
		s := distribute.Strategies()[int(strategy)%4]
		c := g.next(s)
		if replicas >= 0 {
			c.req.Replicas = replicas % 200000
		}
		if g.pick(3) == 0 {
			g.bounds(&c.req)
		}
		plan, err := distribute.Divide(c.req)
		if err != nil {
			if !errors.Is(err, distribute.ErrUnschedulable) {
				t.Fatalf("unexpected error %v for %s", err, c)
			}
			return
		}
		checkInvariants(t, c.req, plan)
		again, err := distribute.Divide(c.req)
		if err != nil || !slices.Equal(plan.Assignments, again.Assignments) {
			t.Fatalf("not deterministic: %v then %v (%v)", plan.Assignments, again.Assignments, err)
		}
		if s == distribute.StaticWeight || s == distribute.DynamicWeight {
			shuffled := c.req
			shuffled.Candidates = slices.Clone(c.req.Candidates)
			g.rng.Shuffle(len(shuffled.Candidates), func(i, j int) {
				shuffled.Candidates[i], shuffled.Candidates[j] = shuffled.Candidates[j], shuffled.Candidates[i]
			})
			perm, err := distribute.Divide(shuffled)
			if plan.Mode == distribute.ModePropagate { // candidate order is kept, as in Karmada
				sortByCluster(plan.Assignments)
				sortByCluster(perm.Assignments)
			}
			if err != nil || !slices.Equal(plan.Assignments, perm.Assignments) {
				t.Fatalf("order dependent: %v vs %v (%v)", plan.Assignments, perm.Assignments, err)
			}
		}
	})
}

func sortByCluster(as []distribute.Assignment) {
	slices.SortFunc(as, func(a, b distribute.Assignment) int { return strings.Compare(a.Cluster, b.Cluster) })
}

// checkInvariants asserts the per-plan properties of the spec.
func checkInvariants(t *testing.T, req distribute.Request, plan distribute.Plan) {
	t.Helper()
	for _, a := range plan.Assignments {
		if a.Replicas < 0 {
			t.Fatalf("negative replicas %v", plan.Assignments)
		}
	}
	divided := req.Strategy != distribute.Duplicated && plan.Mode != distribute.ModePropagate
	if divided && plan.Total() != int64(req.Replicas) {
		t.Fatalf("sum %d != replicas %d: %v", plan.Total(), req.Replicas, plan.Assignments)
	}
	for _, c := range req.Candidates {
		got := plan.ReplicasOf(c.Name)
		if got < c.MinReplicas || (c.MaxReplicas != nil && got > *c.MaxReplicas) {
			t.Fatalf("%s holds %d outside its bounds [%d, %v] (%s): %v", c.Name, got, c.MinReplicas,
				c.MaxReplicas, plan.Mode, plan.Assignments)
		}
	}
	if plan.Mode != distribute.ModeScaleUp && plan.Mode != distribute.ModeFirstSchedule {
		return
	}
	for _, e := range plan.Explanation {
		if !e.Candidate {
			continue
		}
		if e.Replicas < e.Previous {
			t.Fatalf("scale up took replicas from %s: %+v", e.Cluster, e)
		}
		if req.Strategy == distribute.DynamicWeight && int64(e.Added) > e.Weight {
			t.Fatalf("scale up gave %s %d new replicas with %d available", e.Cluster, e.Added, e.Weight)
		}
	}
}

// bounds sets MinReplicas and MaxReplicas on some candidates, sized around
// an even share so that many bounded requests stay schedulable. Bounds apply
// to divided StaticWeight and DynamicWeight requests only.
func (g generator) bounds(req *distribute.Request) {
	divided := (req.Replicas > 0 || req.HasReplicaRequirements) && !req.MultiComponent
	if !divided || (req.Strategy != distribute.StaticWeight && req.Strategy != distribute.DynamicWeight) {
		return
	}
	share := int(req.Replicas)/len(req.Candidates) + 1
	for i := range req.Candidates {
		c := &req.Candidates[i]
		if g.pick(2) == 0 {
			continue
		}
		if g.pick(2) == 0 {
			c.MinReplicas = int32(g.pick(share + 1))
		}
		if g.pick(2) == 0 {
			c.MaxReplicas = distribute.Replicas(c.MinReplicas + int32(g.pick(2*share+1)))
		}
	}
}
