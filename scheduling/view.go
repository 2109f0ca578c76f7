package scheduling

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// view is one cluster normalised against a demand: per node a free vector over the demand's dims, a
// bit set of the groups the node is eligible for, and how many pods of each group fit it alone. Its
// slices are reused from cluster to cluster, so memory stays proportional to the largest cluster.
type view struct {
	d     *demand
	nodes []Node
	n, k  int
	free  []int64  // n×k, milli-units, may be negative on an overcommitted node
	mask  []uint64 // per node: bit g set when the node is eligible for group g
	fits  []int64  // n×G: pods of group g that fit the node alone, capped at the group's replicas
	seen  nameSet
	probe corev1.Node
}

func newView(d *demand) *view {
	return &view{d: d, k: len(d.dims)}
}

// load normalises snap. field is "clusters[i]" for error messages; extra is the assumed load per node,
// whose node names indexAssumed has already checked against snap.
func (v *view) load(snap *ClusterSnapshot, field string, opts *Options, extra map[string][]int64) error {
	v.nodes, v.n = snap.Nodes, len(snap.Nodes)
	g := len(v.d.groups)
	v.free = grow(v.free, v.n*v.k)
	v.mask = grow(v.mask, v.n)
	v.fits = grow(v.fits, v.n*g)
	v.seen.reset(v.n)
	for j := range snap.Nodes {
		if err := v.loadNode(j, field, opts, extra); err != nil {
			return err
		}
	}
	return nil
}

func (v *view) loadNode(j int, cluster string, opts *Options, extra map[string][]int64) error {
	n := &v.nodes[j]
	field := func() string { return fmt.Sprintf("%s.nodes[%d]", cluster, j) }
	if n.Name == "" {
		return invalid(field()+".name", "must not be empty")
	}
	if !v.seen.add(j, v.nodes) {
		return invalid(field()+".name", "duplicate node name %q", n.Name)
	}
	free := v.free[j*v.k : (j+1)*v.k]
	if p, where := v.freeVector(n, opts.Pipelined, free); p != nil {
		return p.at(field() + "." + where)
	}
	if e, ok := extra[n.Name]; ok {
		for k := range free {
			free[k] = addSat(free[k], -e[k])
		}
	}
	v.mask[j] = 0
	for g := range v.d.groups {
		fit := int64(0)
		if why, _ := ineligible(n, &v.d.groups[g], &v.probe); why == eligible {
			v.mask[j] |= 1 << g
			fit = fitCount(free, v.d.groups[g].req, v.d.groups[g].hi)
		}
		v.fits[j*len(v.d.groups)+g] = fit
	}
	return nil
}

// freeVector fills free with allocatable − requested (+ releasing when pipelined) per dim. On a bad
// quantity it says which list held it.
func (v *view) freeVector(n *Node, pipelined bool, free []int64) (*quantityProblem, string) {
	for k, name := range v.d.dims {
		alloc, present, p := milliOf(n.Allocatable, name)
		if p != nil {
			return p, "allocatable"
		}
		if k == v.d.podsDim && !present {
			alloc = unlimited
		}
		used, _, p := milliOf(n.Requested, name)
		if p != nil {
			return p, "requested"
		}
		f := addSat(alloc, -used)
		if pipelined {
			rel, _, p := milliOf(n.Releasing, name)
			if p != nil {
				return p, "releasing"
			}
			f = addSat(f, rel)
		}
		free[k] = f
	}
	return nil, ""
}

// fitCount is min over requested resources of ⌊free/request⌋, never above limit.
func fitCount(free, req []int64, limit int64) int64 {
	fit := limit
	for k, r := range req {
		if r == 0 {
			continue
		}
		f := free[k]
		if f < r {
			return 0
		}
		if q := f / r; q < fit {
			fit = q
		}
	}
	return fit
}

func (v *view) fit(j, g int) int64 { return v.fits[j*len(v.d.groups)+g] }

func (v *view) nodeFree(j int) []int64 { return v.free[j*v.k : (j+1)*v.k] }

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
