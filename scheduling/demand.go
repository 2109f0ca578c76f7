package scheduling

import (
	"cmp"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/component-helpers/scheduling/corev1/nodeaffinity"
)

// maxGroups bounds the task groups of one gang: eligibility is a bit set per node.
const maxGroups = 64

// groupDemand is a task group normalised: requests as a milli-unit vector over the demand's dims.
type groupDemand struct {
	name  string
	field string // "groups[i]" for error messages and certificates
	req   []int64
	// lo is the enforced minimum (zero when Volcano would not enforce the task minimum), hi the replicas.
	lo, hi      int64
	selector    []labelPair
	affinity    *nodeaffinity.NodeSelector
	tolerations []corev1.Toleration
	cordonOK    bool
}

// demand is a gang normalised. Groups are sorted by name so that nothing depends on input order.
type demand struct {
	name    string
	queue   string
	dims    []corev1.ResourceName
	podsDim int
	groups  []groupDemand
	// total is the number of pods that must run at once: max(minAvailable, Σ lo).
	total    int64
	sumLo    int64
	minNeed  []int64
	warnings []string
}

// newDemand validates and normalises g.
func newDemand(g Gang, opts Options) (*demand, error) {
	if p := gangProblems(g); len(p) > 0 {
		return nil, p[0]
	}
	d := &demand{name: g.Name, queue: g.Queue, dims: demandDims(g.Groups)}
	d.podsDim = slices.Index(d.dims, corev1.ResourcePods)
	mins, err := d.addGroups(g.Groups)
	if err != nil {
		return nil, err
	}
	d.applyMinAvailable(g.MinAvailable, mins, opts.StrictPerTask)
	d.minNeed = d.leastNeed()
	return d, nil
}

// demandDims is every resource some group requests a non-zero amount of, plus the pods slot, sorted.
func demandDims(groups []TaskGroup) []corev1.ResourceName {
	dims := []corev1.ResourceName{corev1.ResourcePods}
	for _, g := range groups {
		for name, q := range g.PodRequests {
			if !q.IsZero() && !slices.Contains(dims, name) {
				dims = append(dims, name)
			}
		}
	}
	slices.Sort(dims)
	return dims
}

// addGroups normalises the groups, which gangProblems has checked, and sorts them by name.
func (d *demand) addGroups(groups []TaskGroup) ([]int64, error) {
	var mins []int64
	for i, tg := range groups {
		gd, min, err := d.newGroup(i, tg)
		if err != nil {
			return nil, err
		}
		d.groups = append(d.groups, gd)
		mins = append(mins, min)
	}
	order := make([]int, len(d.groups))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(d.groups[a].name, d.groups[b].name) })
	sorted, sortedMins := make([]groupDemand, len(order)), make([]int64, len(order))
	for i, o := range order {
		sorted[i], sortedMins[i] = d.groups[o], mins[o]
	}
	d.groups = sorted
	return sortedMins, nil
}

func (d *demand) newGroup(i int, tg TaskGroup) (groupDemand, int64, error) {
	field := fmt.Sprintf("groups[%d]", i)
	gd := groupDemand{name: tg.Name, field: field, hi: int64(tg.Replicas), selector: pairs(tg.NodeSelector), tolerations: tg.Tolerations}
	min := gd.hi
	if tg.Min != nil {
		min = int64(*tg.Min)
	}
	gd.req = make([]int64, len(d.dims))
	for k, name := range d.dims {
		v, err := milliField(tg.PodRequests, name, field+".podRequests")
		if err != nil {
			return gd, 0, err
		}
		gd.req[k] = v
	}
	// Every pod takes one pod slot: 1000 milli-pods.
	gd.req[d.podsDim] = 1000
	if err := gd.compileAffinity(tg.Affinity); err != nil {
		return gd, 0, err
	}
	gd.cordonOK = tolerates(tg.Tolerations, &cordonTaint)
	return gd, min, nil
}

func (gd *groupDemand) compileAffinity(a *corev1.NodeAffinity) error {
	if a == nil || a.RequiredDuringSchedulingIgnoredDuringExecution == nil {
		return nil
	}
	sel, err := nodeaffinity.NewNodeSelector(a.RequiredDuringSchedulingIgnoredDuringExecution)
	if err != nil {
		return invalid(gd.field+".affinity.requiredDuringSchedulingIgnoredDuringExecution", "%v", err)
	}
	gd.affinity = sel
	return nil
}

// applyMinAvailable follows Volcano: zero defaults to Σ task minimums; a job minimum below that sum
// means task minimums are not enforced unless strict. gangProblems has checked the job minimum.
func (d *demand) applyMinAvailable(jobMin int32, mins []int64, strict bool) {
	var sumMin int64
	for _, m := range mins {
		sumMin += m
	}
	m := int64(jobMin)
	if m == 0 {
		m = sumMin
	}
	enforce := m >= sumMin || strict
	if m < sumMin {
		d.warnings = append(d.warnings, minWarning(m, sumMin, strict))
	}
	for i := range d.groups {
		if enforce {
			d.groups[i].lo = mins[i]
		}
		d.sumLo += d.groups[i].lo
	}
	d.total = max(m, d.sumLo)
}

func minWarning(jobMin, sumMin int64, strict bool) string {
	if strict {
		return fmt.Sprintf("job minAvailable %d is below the sum of task minimums %d: Volcano would not enforce task minimums; StrictPerTask enforces them", jobMin, sumMin)
	}
	return fmt.Sprintf("job minAvailable %d is below the sum of task minimums %d: task minimums are not enforced (Volcano semantics); set StrictPerTask to enforce them", jobMin, sumMin)
}

// leastNeed is, per resource, the smallest total request of any pod counts that satisfy the gang:
// every group's minimum, then the remaining pods taken from the groups cheapest in that resource.
func (d *demand) leastNeed() []int64 {
	need := make([]int64, len(d.dims))
	order := make([]int, len(d.groups))
	for k := range d.dims {
		for i, g := range d.groups {
			need[k] = addSat(need[k], mulSat(g.lo, g.req[k]))
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(d.groups[a].req[k], d.groups[b].req[k]) })
		extra := d.total - d.sumLo
		for _, i := range order {
			take := min(extra, d.groups[i].hi-d.groups[i].lo)
			need[k] = addSat(need[k], mulSat(take, d.groups[i].req[k]))
			extra -= take
		}
	}
	return need
}

// active reports whether group i can take part: it has replicas.
func (d *demand) active(i int) bool { return d.groups[i].hi > 0 }

// labelPair is one node selector entry; a sorted slice is cheaper to match per node than a map.
type labelPair struct{ key, value string }

func pairs(m map[string]string) []labelPair {
	out := make([]labelPair, 0, len(m))
	for k, v := range m {
		out = append(out, labelPair{k, v})
	}
	slices.SortFunc(out, func(a, b labelPair) int { return cmp.Compare(a.key, b.key) })
	return out
}
