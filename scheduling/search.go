package scheduling

import (
	"cmp"
	"math/bits"
	"slices"
)

// history is what one node received during the search: a chain of (group, pods) back to the bucket
// the node came from. Chains share prefixes, so branching copies nothing.
type history struct {
	parent *history
	bucket int
	group  int
	pods   int64
}

// bin is a node state during the search with the nodes currently in it.
type bin struct {
	free    []int64
	mask    uint64
	members []*history
}

// taken is a node removed from a bin for the group being placed.
type taken struct {
	from *bin
	node *history
	pods int64
}

// search is a branch and bound over node states. Groups are placed one at a time in a fixed order;
// within a group, a placement is a multiset of (bin, pods on one node) chosen in canonical order
// (bins ascending, pods non-increasing within a bin), so states that differ only by swapping
// identical nodes are visited once. Every bin examined costs one unit of budget.
type search struct {
	v       *view
	order   []int
	budget  int
	steps   int
	out     bool // budget exhausted
	buckets []bucket
	found   []*history
}

func newSearch(v *view, order []int, budget int) *search {
	return &search{v: v, order: order, budget: budget, buckets: v.buckets()}
}

// run returns true with s.found set when a placement exists, false otherwise; s.out tells an
// exhausted budget from a proof of infeasibility.
func (s *search) run() bool {
	bins := make([]*bin, len(s.buckets))
	for i, b := range s.buckets {
		root := &history{bucket: i, group: -1}
		members := make([]*history, len(b.nodes))
		for j := range members {
			members[j] = root
		}
		bins[i] = &bin{free: b.free, mask: b.mask, members: members}
	}
	s.charge(len(s.v.free))
	return s.group(0, bins, 0)
}

func (s *search) charge(n int) bool {
	s.steps += n
	if s.steps > s.budget {
		s.out = true
	}
	return !s.out
}

// bounds returns the pods group order[pos] must (lo) and may (hi) take given what is placed.
func (s *search) bounds(pos int, placed int64) (lo, hi int64) {
	d := s.v.d
	gd := &d.groups[s.order[pos]]
	var restLo, restHi int64
	for _, h := range s.order[pos+1:] {
		restLo += d.groups[h].lo
		restHi += d.groups[h].hi
	}
	lo = max(gd.lo, d.total-placed-restHi)
	hi = min(gd.hi, max(d.total-placed-restLo, 0))
	return lo, hi
}

func (s *search) group(pos int, bins []*bin, placed int64) bool {
	if pos == len(s.order) {
		if placed < s.v.d.total {
			return false
		}
		for _, b := range bins {
			s.found = append(s.found, b.members...)
		}
		return true
	}
	lo, hi := s.bounds(pos, placed)
	if lo > hi || !s.charge(len(bins)*(len(s.order)-pos)) || !s.feasibleRest(pos, bins, placed) {
		return false
	}
	g := s.order[pos]
	sorted := s.sortBins(g, bins, hi)
	st := groupState{pos: pos, g: g, bins: sorted, lo: lo, hi: hi, base: placed}
	return s.within(&st, 0, hi)
}

// feasibleRest prunes when some remaining group cannot reach its minimum, or all remaining groups
// together cannot reach the job's total, even each alone on the current free resources.
func (s *search) feasibleRest(pos int, bins []*bin, placed int64) bool {
	var all int64
	for _, g := range s.order[pos:] {
		gd := &s.v.d.groups[g]
		var c int64
		for _, b := range bins {
			if b.mask&(1<<g) != 0 && len(b.members) > 0 {
				c = addSat(c, mulSat(int64(len(b.members)), fitCount(b.free, gd.req, gd.hi)))
			}
		}
		if c < gd.lo {
			return false
		}
		all = addSat(all, min(c, gd.hi))
	}
	return placed+all >= s.v.d.total
}

// groupState is the placement of one group in progress.
type groupState struct {
	pos, g      int
	bins        []*bin
	lo, hi      int64
	base, count int64
	taken       []taken
}

// within extends the current group's placement with picks at or after bin `from`, at most jmax pods
// on a node of that bin.
func (s *search) within(st *groupState, from int, jmax int64) bool {
	if st.count == st.hi {
		return s.closeGroup(st)
	}
	if st.count+s.reach(st, from, jmax) < st.lo {
		return false
	}
	req := s.v.d.groups[st.g].req
	for b := from; b < len(st.bins); b++ {
		bn := st.bins[b]
		if len(bn.members) == 0 || bn.mask&(1<<st.g) == 0 {
			continue
		}
		if !s.charge(1) {
			return false
		}
		f := fitCount(bn.free, req, st.hi-st.count)
		if b == from {
			f = min(f, jmax)
		}
		for j := f; j >= 1; j-- {
			if s.pick(st, bn, b, j) {
				return true
			}
			if s.out {
				return false
			}
		}
	}
	return st.count >= st.lo && s.closeGroup(st)
}

// pick places j pods on one node of bin b, recurses, and undoes the pick when that fails.
func (s *search) pick(st *groupState, bn *bin, b int, j int64) bool {
	last := len(bn.members) - 1
	node := bn.members[last]
	bn.members = bn.members[:last]
	st.taken = append(st.taken, taken{from: bn, node: node, pods: j})
	st.count += j
	if s.within(st, b, j) {
		return true
	}
	st.count -= j
	st.taken = st.taken[:len(st.taken)-1]
	bn.members = append(bn.members, node)
	return false
}

// reach bounds how many more pods of the group fit on the bins from `from` on.
func (s *search) reach(st *groupState, from int, jmax int64) int64 {
	req := s.v.d.groups[st.g].req
	var r int64
	for b := from; b < len(st.bins); b++ {
		bn := st.bins[b]
		if len(bn.members) == 0 || bn.mask&(1<<st.g) == 0 {
			continue
		}
		f := fitCount(bn.free, req, st.hi)
		if b == from {
			f = min(f, jmax)
		}
		r = addSat(r, mulSat(int64(len(bn.members)), f))
	}
	s.charge(len(st.bins) - from)
	return r
}

// closeGroup turns the taken nodes into new states, merges identical states and moves on to the
// next group. The current bins are copied, not changed, so backtracking needs no undo here.
func (s *search) closeGroup(st *groupState) bool {
	index := make(map[string]*bin, len(st.bins)+len(st.taken))
	next := make([]*bin, 0, len(st.bins)+len(st.taken))
	add := func(free []int64, mask uint64, members ...*history) {
		key := stateKey(free, mask)
		if nb, ok := index[key]; ok {
			nb.members = append(nb.members, members...)
			return
		}
		nb := &bin{free: free, mask: mask, members: append([]*history(nil), members...)}
		index[key] = nb
		next = append(next, nb)
	}
	for _, b := range st.bins {
		if len(b.members) > 0 {
			add(b.free, b.mask, b.members...)
		}
	}
	req := s.v.d.groups[st.g].req
	for _, t := range st.taken {
		free := make([]int64, len(t.from.free))
		for k := range free {
			free[k] = t.from.free[k] - t.pods*req[k]
		}
		add(free, t.from.mask, &history{parent: t.node, bucket: t.node.bucket, group: st.g, pods: t.pods})
	}
	if !s.charge(len(next)) {
		return false
	}
	return s.group(st.pos+1, next, st.base+st.count)
}

// sortBins orders bins for group g: eligible bins that fit a pod first, best fit on the group's
// scarcest resource, then by state so that the order is total.
func (s *search) sortBins(g int, bins []*bin, hi int64) []*bin {
	gd := &s.v.d.groups[g]
	sc := s.scarcest(g, bins)
	type keyed struct {
		b        *bin
		ok       bool
		fit, key int64
	}
	ks := make([]keyed, len(bins))
	for i, b := range bins {
		f := int64(0)
		if b.mask&(1<<g) != 0 {
			f = fitCount(b.free, gd.req, hi)
		}
		ks[i] = keyed{b: b, ok: f > 0, fit: f, key: b.free[sc] - f*gd.req[sc]}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if a.ok != b.ok {
			if a.ok {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		if c := cmp.Compare(b.fit, a.fit); c != 0 {
			return c
		}
		return compareState(a.b.free, a.b.mask, b.b.free, b.b.mask)
	})
	s.charge(len(bins) * (bits.Len(uint(len(bins))) + 1))
	out := make([]*bin, len(ks))
	for i := range ks {
		out[i] = ks[i].b
	}
	return out
}

// scarcest is the dim of group g with the largest request relative to its supply in bins.
func (s *search) scarcest(g int, bins []*bin) int {
	gd := &s.v.d.groups[g]
	best, ratio := s.v.d.podsDim, -1.0
	for k, r := range gd.req {
		if r == 0 {
			continue
		}
		var supply int64
		for _, b := range bins {
			if b.mask&(1<<g) != 0 {
				supply = addSat(supply, mulSat(int64(len(b.members)), max(b.free[k], 0)))
			}
		}
		if q := float64(r) / float64(max(supply, 1)); q > ratio {
			best, ratio = k, q
		}
	}
	return best
}

// assignments turns the found histories into per-node assignments, mapping each bucket's histories
// onto its nodes in name order.
func (s *search) assignments() []assignment {
	perBucket := make([][]*history, len(s.buckets))
	for _, h := range s.found {
		perBucket[h.bucket] = append(perBucket[h.bucket], h)
	}
	var out []assignment
	for b, hs := range perBucket {
		used := 0
		for _, h := range hs {
			if h.group < 0 {
				continue
			}
			node := s.buckets[b].nodes[used]
			used++
			for c := h; c.group >= 0; c = c.parent {
				out = append(out, assignment{node: node, group: c.group, pods: c.pods})
			}
		}
	}
	return out
}
