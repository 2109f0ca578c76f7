package scheduling

import (
	"cmp"
	"fmt"
	"slices"
)

// fitScore is how tightly a placement fits: the largest share of a resource's free supply (on nodes
// eligible for some group) that the placement uses. Higher is a better fit — it leaves the least of
// the gang's scarcest resource idle. The message says which resource.
func (v *view) fitScore(as []assignment) (float64, string) {
	used := make([]int64, v.k)
	var pods int64
	for _, a := range as {
		pods += a.pods
		for k, r := range v.d.groups[a.group].req {
			used[k] = addSat(used[k], mulSat(a.pods, r))
		}
	}
	best, score := v.d.podsDim, -1.0
	for k := range v.d.dims {
		if used[k] == 0 {
			continue
		}
		supply := v.supply(k)
		if s := float64(used[k]) / float64(max(supply, 1)); s > score {
			best, score = k, s
		}
	}
	name := v.d.dims[best]
	msg := fmt.Sprintf("fits: %d pod(s) placed, using %s of %s free %s on eligible nodes (%.0f%%)",
		pods, fmtQ(name, used[best]), fmtQ(name, v.supply(best)), name, 100*max(score, 0))
	return max(score, 0), msg
}

func (v *view) supply(k int) int64 {
	var s int64
	for j := 0; j < v.n; j++ {
		if v.mask[j] != 0 {
			s = addSat(s, max(v.free[j*v.k+k], 0))
		}
	}
	return s
}

// closeness is how near an Infeasible cluster came: have/need of its certificate.
func closeness(c *Certificate) float64 {
	need := c.Need.AsApproximateFloat64()
	if need <= 0 {
		return 0
	}
	return c.Have.AsApproximateFloat64() / need
}

// rank orders clusters: Feasible best fit first, then Unknown, then Infeasible closest first; ties
// by name. Best is the first Feasible cluster.
func rank(results []ClusterResult, fits []float64) ([]Rank, string) {
	idx := make([]int, len(results))
	for i := range idx {
		idx[i] = i
	}
	class := map[Verdict]int{Feasible: 0, Unknown: 1, Infeasible: 2}
	slices.SortFunc(idx, func(a, b int) int {
		ra, rb := &results[a], &results[b]
		if c := cmp.Compare(class[ra.Verdict], class[rb.Verdict]); c != 0 {
			return c
		}
		if c := cmp.Compare(fits[b], fits[a]); c != 0 {
			return c
		}
		return cmp.Compare(ra.Cluster, rb.Cluster)
	})
	out := make([]Rank, len(idx))
	best := ""
	for i, j := range idx {
		r := &results[j]
		out[i] = Rank{Cluster: r.Cluster, Verdict: r.Verdict, Reason: r.Message}
		if best == "" && r.Verdict == Feasible {
			best = r.Cluster
		}
	}
	return out, best
}
