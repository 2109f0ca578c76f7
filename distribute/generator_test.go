package distribute_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/fleetkit/fleetkit/distribute"
)

// This file draws random division requests for the fuzz test. The Karmada
// oracle tests (module internal/compat/karmada) draw theirs the same way and
// add Karmada's staticWeightList rules.

// drawn is one random request.
type drawn struct {
	req distribute.Request
}

// String prints a request compactly for failure messages.
func (c drawn) String() string {
	var b strings.Builder
	r := c.req
	fmt.Fprintf(&b, "%s replicas=%d uid=%q fresh=%v req=%v multi=%v\n", r.Strategy, r.Replicas, r.UID, r.Fresh,
		r.HasReplicaRequirements, r.MultiComponent)
	for _, cand := range r.Candidates {
		a := "nil"
		if cand.Available != nil {
			a = fmt.Sprint(*cand.Available)
		}
		fmt.Fprintf(&b, "  %s w=%d avail=%s min=%d max=%v\n", cand.Name, cand.Weight, a, cand.MinReplicas, cand.MaxReplicas)
	}
	fmt.Fprintf(&b, "  previous=%v", r.Previous)
	return b.String()
}

// generator draws random requests.
type generator struct {
	rng *rand.Rand
}

func (g generator) pick(n int) int { return g.rng.IntN(n) }

// names returns n distinct cluster names in random order.
func (g generator) names(n int) []string {
	pool := []string{"a", "b", "c", "member1", "member2", "member10", "Zeta", "edge-001", "edge-002", "serving-sh", "training-bj", "x"}
	out := make([]string, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		name := fmt.Sprintf("m%d", g.pick(4*n+4))
		if g.pick(2) == 0 {
			name = pool[g.pick(len(pool))]
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// uid draws an empty UID, UIDs whose FNV-1a hash is odd and even, or a random one.
func (g generator) uid() string {
	switch g.pick(4) {
	case 0:
		return ""
	case 1:
		return "d43fdeeb-d750-4e2b-bee3-64eb94534f4c"
	case 2:
		return "8c6d1f4e-0c5b-4a53-9f8e-3a3b2f1d9e11"
	}
	return fmt.Sprintf("%08x-%04x", g.rng.Uint32(), g.rng.Uint32()&0xffff)
}

func (g generator) replicas() int32 {
	switch g.pick(10) {
	case 0:
		return 0
	case 1, 2, 3, 4:
		return int32(1 + g.pick(20))
	case 5, 6, 7:
		return int32(1 + g.pick(300))
	case 8:
		return int32(1 + g.pick(3000))
	}
	return int32(3000 + g.pick(20000))
}

// capacity draws an available-replicas value: often tied, sometimes zero,
// sometimes unknown, sometimes large.
func (g generator) capacity(replicas int32, n int) *int32 {
	switch g.pick(8) {
	case 0:
		return nil
	case 1:
		return distribute.Replicas(0)
	case 2:
		return distribute.Replicas(5)
	case 3:
		return distribute.Replicas(int32(g.pick(int(replicas) + 1)))
	case 4:
		return distribute.Replicas(int32(g.pick(1<<30/max(n, 1)/4) + 1)) // large, sums stay within int32
	}
	return distribute.Replicas(int32(g.pick(int(replicas)*2/max(n, 1) + 3)))
}

// weight draws a static weight: none, equal huge weights, weights that round
// to the same float64, large or small.
func (g generator) weight() int64 {
	switch g.pick(10) {
	case 0:
		return 0
	case 1:
		return 1 << 60
	case 2:
		return 1<<60 + int64(g.pick(64))
	case 3:
		return g.rng.Int64N(1 << 62)
	}
	return int64(1 + g.pick(10))
}

func (g generator) clusterCount() int {
	switch g.pick(10) {
	case 0:
		return 1
	case 1:
		return 13 + g.pick(30) // beyond insertion sort in sort.Sort
	}
	return 2 + g.pick(8)
}

// next draws one request of the strategy.
func (g generator) next(strategy distribute.Strategy) drawn {
	n := g.clusterCount()
	c := drawn{req: distribute.Request{
		Strategy: strategy, Replicas: g.replicas(), UID: g.uid(),
		Fresh: g.pick(5) == 0, HasReplicaRequirements: g.pick(3) > 0, MultiComponent: g.pick(25) == 0,
	}}
	names := g.names(n + g.pick(3))
	for _, name := range names[:n] {
		cand := distribute.Candidate{Name: name, Available: g.capacity(c.req.Replicas, n)}
		if strategy == distribute.StaticWeight {
			cand.Weight = g.weight()
		}
		c.req.Candidates = append(c.req.Candidates, cand)
	}
	c.req.Previous = g.previous(names, c.req.Replicas)
	return c
}

// previous draws a previous result over some candidates and some clusters
// that are no longer candidates, in random order.
func (g generator) previous(names []string, replicas int32) []distribute.Assignment {
	if g.pick(4) == 0 {
		return nil
	}
	var prev []distribute.Assignment
	for _, name := range names {
		if g.pick(3) == 0 {
			continue
		}
		r := int32(g.pick(int(replicas)/max(len(names), 1)*2 + 3))
		if g.pick(6) == 0 {
			r = 0
		}
		prev = append(prev, distribute.Assignment{Cluster: name, Replicas: r})
	}
	g.rng.Shuffle(len(prev), func(i, j int) { prev[i], prev[j] = prev[j], prev[i] })
	return prev
}
