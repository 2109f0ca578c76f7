package scheduling

import (
	"cmp"
	"fmt"
	"slices"
)

// groupStats summarises one group over a cluster's nodes.
type groupStats struct {
	eligible int
	maxFit   int64
	capacity int64 // Σ_nodes min_r ⌊free_r/request_r⌋, capped per node at the group's replicas
}

func (v *view) stats(g int) groupStats {
	var s groupStats
	G := len(v.d.groups)
	for j := 0; j < v.n; j++ {
		if v.mask[j]&(1<<g) == 0 {
			continue
		}
		s.eligible++
		f := v.fits[j*G+g]
		s.maxFit = max(s.maxFit, f)
		s.capacity = addSat(s.capacity, f)
	}
	return s
}

// necessary runs the cheap checks in order and returns the first certificate, or nil when they all
// pass. stats is filled for the packing stage.
func (v *view) necessary(stats []groupStats) *Certificate {
	for g := range v.d.groups {
		stats[g] = v.stats(g)
	}
	for g, gd := range v.d.groups {
		if gd.lo > 0 {
			if c := v.groupCertificate(g, stats[g], gd.lo); c != nil {
				return c
			}
		}
	}
	if c := v.jobCapacity(stats); c != nil {
		return c
	}
	return v.aggregate()
}

// groupCertificate checks that group g alone can place need pods.
func (v *view) groupCertificate(g int, s groupStats, need int64) *Certificate {
	switch {
	case s.eligible == 0:
		return v.noEligible(g, need)
	case s.maxFit == 0:
		return v.podFit(g)
	case s.capacity < need:
		gd := &v.d.groups[g]
		return &Certificate{
			Check: CheckGroupCapacity, Group: gd.name, Resource: "pods",
			Need: podsQuantity(need), Have: podsQuantity(s.capacity), Short: podsQuantity(need - s.capacity),
			Message: fmt.Sprintf("group capacity %d of %d: task group %q fits at most %d pod(s) on eligible nodes, counting whole pods per node, and needs %d",
				s.capacity, need, gd.name, s.capacity, need),
			Nodes: v.n, Reasons: v.histogram(g, true),
		}
	}
	return nil
}

func (v *view) noEligible(g int, need int64) *Certificate {
	gd := &v.d.groups[g]
	return &Certificate{
		Check: CheckNoEligibleNode, Group: gd.name, Resource: "pods",
		Need: podsQuantity(need), Have: podsQuantity(0), Short: podsQuantity(need),
		Message: fmt.Sprintf("no node is eligible for task group %q", gd.name),
		Nodes:   v.n, Reasons: v.histogram(g, false),
	}
}

// jobCapacity checks Σ_g min(capacity_g, replicas_g) against the job's total. It matters when task
// minimums are not enforced; when they are, it is implied by the group checks.
func (v *view) jobCapacity(stats []groupStats) *Certificate {
	var have int64
	fitting, active, lone := 0, 0, -1
	for g, gd := range v.d.groups {
		have = addSat(have, min(stats[g].capacity, gd.hi))
		if stats[g].capacity > 0 && gd.hi > 0 {
			fitting++
		}
		if gd.hi > 0 {
			active++
			if lone < 0 {
				lone = g
			}
		}
	}
	need := v.d.total
	if have >= need {
		return nil
	}
	if fitting == 0 || active == 1 {
		// One group, or none fits anywhere: the first group with replicas explains it best.
		return v.groupCertificate(lone, stats[lone], need)
	}
	return &Certificate{
		Check: CheckJobCapacity, Resource: "pods",
		Need: podsQuantity(need), Have: podsQuantity(have), Short: podsQuantity(need - have),
		Message: fmt.Sprintf("job capacity %d of %d: even with each task group alone on the cluster, at most %d pod(s) fit and the job needs %d",
			have, need, have, need),
		Nodes: v.n,
	}
}

// aggregate compares, per resource, the least the gang needs with the free amount on the nodes
// eligible for a group that requests it.
func (v *view) aggregate() *Certificate {
	for k, name := range v.d.dims {
		need := v.d.minNeed[k]
		if need == 0 {
			continue
		}
		users := v.usersOf(k)
		var have int64
		for j := 0; j < v.n; j++ {
			if v.mask[j]&users != 0 {
				have = addSat(have, max(v.free[j*v.k+k], 0))
			}
		}
		if have < need {
			return &Certificate{
				Check: CheckAggregateResource, Resource: name,
				Need: quantityOf(name, need), Have: quantityOf(name, have), Short: quantityOf(name, need-have),
				Message: fmt.Sprintf("%s: the gang needs %s in total, eligible nodes have %s free",
					reasonInsufficient(name), fmtQ(name, need), fmtQ(name, have)),
				Nodes: v.n,
			}
		}
	}
	return nil
}

// usersOf is the set of groups that request dim k.
func (v *view) usersOf(k int) uint64 {
	var users uint64
	for g, gd := range v.d.groups {
		if gd.req[k] > 0 && gd.hi > 0 {
			users |= 1 << g
		}
	}
	return users
}

// histogram counts, over all nodes, why a node takes no pod of group g: ineligibility and, when
// withFit, the resources it lacks for one pod (one entry per resource, as kube-scheduler counts them).
func (v *view) histogram(g int, withFit bool) []ReasonCount {
	counts := map[string]int{}
	gd := &v.d.groups[g]
	for j := range v.nodes {
		if why, taint := ineligible(&v.nodes[j], gd, &v.probe); why != eligible {
			counts[why.text(taint)]++
			continue
		}
		if !withFit || v.fit(j, g) > 0 {
			continue
		}
		free := v.nodeFree(j)
		for k, name := range v.d.dims {
			if gd.req[k] > 0 && free[k] < gd.req[k] {
				counts[reasonInsufficient(name)]++
			}
		}
	}
	return sortedReasons(counts)
}

// sortedReasons orders a histogram by count, then reason, so reports are deterministic.
func sortedReasons(counts map[string]int) []ReasonCount {
	out := make([]ReasonCount, 0, len(counts))
	for r, n := range counts {
		out = append(out, ReasonCount{Reason: r, Nodes: n})
	}
	slices.SortFunc(out, func(a, b ReasonCount) int {
		if c := cmp.Compare(b.Nodes, a.Nodes); c != 0 {
			return c
		}
		return cmp.Compare(a.Reason, b.Reason)
	})
	return out
}
