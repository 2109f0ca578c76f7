package scheduling

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// podFit builds the certificate for "no eligible node fits one pod of group g". It names the resource
// whose largest free amount falls furthest short of the request; when every resource alone is
// available somewhere but never all on one node, it names the resource most nodes lack.
func (v *view) podFit(g int) *Certificate {
	gd := &v.d.groups[g]
	largest := v.largestFree(g)
	worst, ratio := -1, 2.0
	for k := range v.d.dims {
		if r := gd.req[k]; r > 0 && largest[k] < r {
			if q := float64(max(largest[k], 0)) / float64(r); q < ratio {
				worst, ratio = k, q
			}
		}
	}
	reasons := v.histogram(g, true)
	together := worst < 0
	if together {
		worst = v.mostLacking(g, reasons)
	}
	name := v.d.dims[worst]
	need, have := gd.req[worst], max(largest[worst], 0)
	c := &Certificate{
		Check: CheckPodFit, Group: gd.name, Resource: name,
		Need: quantityOf(name, need), Have: quantityOf(name, have), Short: quantityOf(name, max(need-have, 0)),
		Nodes: v.n, Reasons: reasons,
	}
	c.Message = fmt.Sprintf("%s: need %s per pod, largest free %s", reasonInsufficient(name), fmtQ(name, need), fmtQ(name, have))
	if together {
		c.Message = fmt.Sprintf("%s: need %s per pod; some node has it, but no eligible node fits every resource of one pod of task group %q at once",
			reasonInsufficient(name), fmtQ(name, need), gd.name)
	}
	return c
}

// largestFree is, per dim, the largest free amount on a node eligible for group g.
func (v *view) largestFree(g int) []int64 {
	largest := make([]int64, v.k)
	for k := range largest {
		largest[k] = -unlimited
	}
	for j := 0; j < v.n; j++ {
		if v.mask[j]&(1<<g) == 0 {
			continue
		}
		for k, f := range v.nodeFree(j) {
			largest[k] = max(largest[k], f)
		}
	}
	return largest
}

// mostLacking returns the dim behind the most frequent Insufficient reason.
func (v *view) mostLacking(g int, reasons []ReasonCount) int {
	for _, r := range reasons {
		for k, name := range v.d.dims {
			if v.d.groups[g].req[k] > 0 && r.Reason == reasonInsufficient(name) {
				return k
			}
		}
	}
	return v.d.podsDim
}

// fmtQ renders milli-units of a resource for messages ("4", "500m", "8Gi"; "unlimited").
func fmtQ(name corev1.ResourceName, v int64) string {
	if v >= unlimited {
		return "unlimited"
	}
	q := quantityOf(name, v)
	return q.String()
}
