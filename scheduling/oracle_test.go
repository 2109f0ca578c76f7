package scheduling_test

import (
	"fmt"
	"math/rand/v2"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

// The oracle re-implements the package's definition of feasibility independently of the engine, with
// resource.Quantity arithmetic, to check witnesses and to decide small instances by brute force.

// oracleEligible is node eligibility as the package documentation defines it.
func oracleEligible(n scheduling.Node, g scheduling.TaskGroup) bool {
	if n.NotReady {
		return false
	}
	tol := func(t corev1.Taint) bool {
		for _, x := range g.Tolerations {
			if (x.Effect == "" || x.Effect == t.Effect) && (x.Key == "" || x.Key == t.Key) &&
				(x.Operator == corev1.TolerationOpExists || x.Value == t.Value) {
				return true
			}
		}
		return false
	}
	if n.Unschedulable && !tol(corev1.Taint{Key: corev1.TaintNodeUnschedulable, Effect: corev1.TaintEffectNoSchedule}) {
		return false
	}
	for _, t := range n.Taints {
		if t.Effect != corev1.TaintEffectPreferNoSchedule && !tol(t) {
			return false
		}
	}
	for k, v := range g.NodeSelector {
		if n.Labels[k] != v {
			return false
		}
	}
	return true
}

// oracleFree is allocatable − requested for the resources the gang uses; ok=false for unlimited pods.
func oracleFree(n scheduling.Node, name corev1.ResourceName) (resource.Quantity, bool) {
	a, present := n.Allocatable[name]
	if !present && name == corev1.ResourcePods {
		return resource.Quantity{}, false
	}
	a = a.DeepCopy()
	if r, ok := n.Requested[name]; ok {
		a.Sub(r)
	}
	return a, true
}

// oracleFits reports whether counts[g] pods of each group fit node n.
func oracleFits(n scheduling.Node, gang scheduling.Gang, counts map[string]int32) bool {
	names := map[corev1.ResourceName]bool{corev1.ResourcePods: true}
	for _, g := range gang.Groups {
		for r := range g.PodRequests {
			names[r] = true
		}
	}
	for name := range names {
		need := resource.Quantity{}
		for _, g := range gang.Groups {
			c := counts[g.Name]
			if c == 0 {
				continue
			}
			per := resource.MustParse("1")
			if name != corev1.ResourcePods {
				per = g.PodRequests[name]
			}
			for range c {
				need.Add(per)
			}
		}
		if need.IsZero() {
			continue
		}
		free, limited := oracleFree(n, name)
		if limited && need.Cmp(free) > 0 {
			return false
		}
	}
	return true
}

// oracleCounts reports whether per-group totals meet Volcano's minimum semantics.
func oracleCounts(gang scheduling.Gang, strict bool, totals map[string]int32) bool {
	var sumMin, all, jobMin int32
	for _, g := range gang.Groups {
		m := g.Replicas
		if g.Min != nil {
			m = *g.Min
		}
		sumMin += m
		all += totals[g.Name]
		if totals[g.Name] > g.Replicas {
			return false
		}
	}
	jobMin = gang.MinAvailable
	if jobMin == 0 {
		jobMin = sumMin
	}
	if jobMin >= sumMin || strict {
		for _, g := range gang.Groups {
			m := g.Replicas
			if g.Min != nil {
				m = *g.Min
			}
			if totals[g.Name] < m {
				return false
			}
		}
	}
	return all >= jobMin
}

// witnessError returns why p is not a valid placement of gang on snap, or "".
func witnessError(gang scheduling.Gang, snap scheduling.ClusterSnapshot, strict bool, p scheduling.Placement) string {
	totals := map[string]int32{}
	byName := map[string]scheduling.Node{}
	for _, n := range snap.Nodes {
		byName[n.Name] = n
	}
	groups := map[string]scheduling.TaskGroup{}
	for _, g := range gang.Groups {
		groups[g.Name] = g
	}
	for node, counts := range p {
		n, ok := byName[node]
		if !ok {
			return fmt.Sprintf("unknown node %s", node)
		}
		for g, c := range counts {
			if c <= 0 {
				return fmt.Sprintf("non-positive count on %s", node)
			}
			if !oracleEligible(n, groups[g]) {
				return fmt.Sprintf("%s not eligible for %s", node, g)
			}
			totals[g] += c
		}
		if !oracleFits(n, gang, counts) {
			return fmt.Sprintf("overcommitted node %s", node)
		}
	}
	if !oracleCounts(gang, strict, totals) {
		return fmt.Sprintf("minimums not met: %v", totals)
	}
	return ""
}

// bruteForce decides a small instance by enumerating every count matrix.
func bruteForce(gang scheduling.Gang, snap scheduling.ClusterSnapshot, strict bool) bool {
	nodes, groups := snap.Nodes, gang.Groups
	counts := make([]map[string]int32, len(nodes))
	for i := range counts {
		counts[i] = map[string]int32{}
	}
	var rec func(cell int) bool
	rec = func(cell int) bool {
		if cell == len(nodes)*len(groups) {
			totals := map[string]int32{}
			for _, c := range counts {
				for g, v := range c {
					totals[g] += v
				}
			}
			return oracleCounts(gang, strict, totals)
		}
		i, g := cell/len(groups), groups[cell%len(groups)]
		for c := int32(0); c <= g.Replicas; c++ {
			if c > 0 && !oracleEligible(nodes[i], g) {
				break
			}
			counts[i][g.Name] = c
			if !oracleFits(nodes[i], gang, counts[i]) {
				break
			}
			if rec(cell + 1) {
				return true
			}
		}
		counts[i][g.Name] = 0
		return false
	}
	return rec(0)
}

// randomInstance is a small random gang and cluster: cpu and GPU, labels, taints, cordons.
func randomInstance(rng *rand.Rand, nodes, groups int) (scheduling.Gang, scheduling.ClusterSnapshot) {
	snap := scheduling.ClusterSnapshot{Name: "c"}
	for j := range nodes {
		n := scheduling.Node{
			Name: fmt.Sprintf("n%d", j), NotReady: rng.IntN(8) == 0, Unschedulable: rng.IntN(8) == 0,
			Allocatable: rl("cpu", fmt.Sprint(rng.IntN(9)), string(gpu), fmt.Sprint(rng.IntN(9)), "pods", fmt.Sprint(2+rng.IntN(4))),
			Requested:   rl("cpu", fmt.Sprintf("%dm", rng.IntN(2000)), "pods", fmt.Sprint(rng.IntN(2))),
			Labels:      map[string]string{"zone": []string{"a", "b"}[rng.IntN(2)]},
		}
		if rng.IntN(4) == 0 {
			n.Taints = []corev1.Taint{{Key: "gpu", Value: "yes", Effect: []corev1.TaintEffect{corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule}[rng.IntN(2)]}}
		}
		snap.Nodes = append(snap.Nodes, n)
	}
	var gang scheduling.Gang
	for g := range groups {
		tg := scheduling.TaskGroup{Name: fmt.Sprintf("g%d", g), Replicas: int32(1 + rng.IntN(3)),
			PodRequests: rl("cpu", fmt.Sprintf("%dm", 500*rng.IntN(6)), string(gpu), fmt.Sprint(rng.IntN(4)))}
		if rng.IntN(3) == 0 {
			tg.Min = ptr(int32(rng.IntN(int(tg.Replicas) + 1)))
		}
		if rng.IntN(4) == 0 {
			tg.NodeSelector = map[string]string{"zone": "a"}
		}
		if rng.IntN(2) == 0 {
			tg.Tolerations = []corev1.Toleration{{Key: "gpu", Operator: corev1.TolerationOpExists}}
		}
		gang.Groups = append(gang.Groups, tg)
	}
	var replicas int32
	for _, g := range gang.Groups {
		replicas += g.Replicas
	}
	if rng.IntN(3) == 0 {
		gang.MinAvailable = int32(1 + rng.IntN(int(replicas)))
	}
	return gang, snap
}

// shuffled returns copies of gang and snap with groups and nodes in another order.
func shuffled(rng *rand.Rand, gang scheduling.Gang, snap scheduling.ClusterSnapshot) (scheduling.Gang, scheduling.ClusterSnapshot) {
	gang.Groups = slices.Clone(gang.Groups)
	snap.Nodes = slices.Clone(snap.Nodes)
	rng.Shuffle(len(gang.Groups), func(i, j int) { gang.Groups[i], gang.Groups[j] = gang.Groups[j], gang.Groups[i] })
	rng.Shuffle(len(snap.Nodes), func(i, j int) { snap.Nodes[i], snap.Nodes[j] = snap.Nodes[j], snap.Nodes[i] })
	return gang, snap
}
