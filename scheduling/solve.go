package scheduling

import (
	"cmp"
	"fmt"
	"slices"
)

// outcome is the packing stage's answer for one cluster.
type outcome struct {
	verdict     Verdict
	assignments []assignment
	cert        *Certificate
	steps       int
}

// solve decides a cluster that passed the necessary checks. For a single group (or groups that share
// no node) the capacity checks are exact and the first greedy order succeeds; otherwise the greedy
// orders are tried and then the exact search.
func (v *view) solve(p *packer, stats []groupStats, budget int) outcome {
	orders := v.orders(stats)
	for _, o := range orders {
		if p.greedy(v, o) {
			return outcome{verdict: Feasible, assignments: p.out}
		}
	}
	s := newSearch(v, orders[0], budget)
	switch {
	case s.run():
		return outcome{verdict: Feasible, assignments: s.assignments(), steps: s.steps}
	case s.out:
		return outcome{verdict: Unknown, steps: s.steps}
	}
	return outcome{verdict: Infeasible, cert: v.exhausted(len(s.buckets)), steps: s.steps}
}

func (v *view) exhausted(buckets int) *Certificate {
	return &Certificate{
		Check: CheckExhaustiveSearch, Resource: "pods",
		Need: podsQuantity(v.d.total), Have: podsQuantity(0), Short: podsQuantity(v.d.total),
		Message: fmt.Sprintf("no placement of the gang exists: every necessary check passes, but the exact search over %d node bucket(s) proved that the task groups cannot share the nodes", buckets),
		Nodes:   v.n,
	}
}

// orders are the group orders the heuristic tries, each derived from group content with ties broken
// by name: tightest first (minimum over capacity), largest pods first (relative to supply), name
// order, and loosest first. The first is also the search order.
func (v *view) orders(stats []groupStats) [][]int {
	var active []int
	for g := range v.d.groups {
		if v.d.active(g) {
			active = append(active, g)
		}
	}
	tight := func(g int) float64 { return float64(max(v.d.groups[g].lo, 1)) / float64(max(stats[g].capacity, 1)) }
	size := v.podSizes()
	byTight := sortedBy(active, func(a, b int) int { return cmp.Compare(tight(b), tight(a)) })
	bySize := sortedBy(active, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	loose := slices.Clone(byTight)
	slices.Reverse(loose)
	out := [][]int{byTight}
	for _, o := range [][]int{bySize, active, loose} {
		if !slices.ContainsFunc(out, func(x []int) bool { return slices.Equal(x, o) }) {
			out = append(out, o)
		}
	}
	return out
}

// sortedBy sorts a copy of groups by f, falling back to index (name) order.
func sortedBy(groups []int, f func(a, b int) int) []int {
	out := slices.Clone(groups)
	slices.SortStableFunc(out, func(a, b int) int {
		if c := f(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return out
}

// podSizes is, per group, its largest request relative to the cluster's free supply.
func (v *view) podSizes() []float64 {
	supply := make([]int64, v.k)
	for j := 0; j < v.n; j++ {
		if v.mask[j] == 0 {
			continue
		}
		for k, f := range v.nodeFree(j) {
			supply[k] = addSat(supply[k], max(f, 0))
		}
	}
	out := make([]float64, len(v.d.groups))
	for g, gd := range v.d.groups {
		for k, r := range gd.req {
			out[g] = max(out[g], float64(r)/float64(max(supply[k], 1)))
		}
	}
	return out
}

// placement renders assignments by node and group name.
func (v *view) placement(as []assignment) Placement {
	p := Placement{}
	for _, a := range as {
		name := v.nodes[a.node].Name
		if p[name] == nil {
			p[name] = map[string]int32{}
		}
		p[name][v.d.groups[a.group].name] += int32(a.pods)
	}
	return p
}
