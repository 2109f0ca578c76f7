package scheduling

// assignment is pods of one group on one node.
type assignment struct {
	node  int
	group int
	pods  int64
}

// candidate is a node that fits at least one pod of the group being placed. key is the leftover of
// the group's scarcest resource once the node is filled: smaller is a better fit.
type candidate struct {
	node int
	fit  int64
	key  int64
}

// packer is the best-fit heuristic's working state, reused from cluster to cluster.
type packer struct {
	v      *view
	work   []int64
	out    []assignment
	cands  []candidate
	placed []int64
}

func (p *packer) reset(v *view) {
	p.v = v
	p.work = grow(p.work, len(v.free))
	copy(p.work, v.free)
	p.out = p.out[:0]
	p.placed = grow(p.placed, len(v.d.groups))
	clear(p.placed)
}

// greedy places every group's minimum in order, then the remaining pods of the job in the same
// order, each group best fit on its scarcest resource. It never backtracks.
func (p *packer) greedy(v *view, order []int) bool {
	p.reset(v)
	var total int64
	for _, g := range order {
		lo := v.d.groups[g].lo
		if got := p.place(g, lo); got < lo {
			return false
		}
		total += lo
	}
	for _, g := range order {
		if total >= v.d.total {
			break
		}
		want := min(v.d.groups[g].hi-p.placed[g], v.d.total-total)
		total += p.place(g, want)
	}
	return total >= v.d.total
}

// place puts up to want pods of group g on the nodes, tightest fit first, and returns how many it
// placed.
func (p *packer) place(g int, want int64) int64 {
	if want <= 0 {
		return 0
	}
	v := p.v
	req := v.d.groups[g].req
	s := p.scarcest(g, want)
	p.cands = p.cands[:0]
	for j := 0; j < v.n; j++ {
		if v.mask[j]&(1<<g) == 0 {
			continue
		}
		w := p.work[j*v.k : (j+1)*v.k]
		if f := fitCount(w, req, want); f > 0 {
			p.cands = append(p.cands, candidate{node: j, fit: f, key: w[s] - f*req[s]})
		}
	}
	h := candHeap{c: p.cands, names: v.nodes}
	h.init()
	var placed int64
	for placed < want && len(h.c) > 0 {
		c := h.pop()
		f := min(c.fit, want-placed)
		w := p.work[c.node*v.k : (c.node+1)*v.k]
		for k, r := range req {
			w[k] -= f * r
		}
		p.out = append(p.out, assignment{node: c.node, group: g, pods: f})
		placed += f
	}
	p.placed[g] += placed
	return placed
}

// scarcest is the dim of group g with the highest demand relative to the free supply on its
// eligible nodes; ties go to the first dim.
func (p *packer) scarcest(g int, want int64) int {
	v := p.v
	req := v.d.groups[g].req
	best, ratio := v.d.podsDim, -1.0
	for k, r := range req {
		if r == 0 {
			continue
		}
		var supply int64
		for j := 0; j < v.n; j++ {
			if v.mask[j]&(1<<g) != 0 {
				supply = addSat(supply, max(p.work[j*v.k+k], 0))
			}
		}
		q := float64(mulSat(want, r)) / float64(max(supply, 1))
		if q > ratio {
			best, ratio = k, q
		}
	}
	return best
}

// candHeap is a binary min-heap of candidates: best fit (smallest leftover), then most pods per node,
// then node name, so the order never depends on the order of the input nodes.
type candHeap struct {
	c     []candidate
	names []Node
}

func (h *candHeap) less(a, b int) bool {
	x, y := &h.c[a], &h.c[b]
	if x.key != y.key {
		return x.key < y.key
	}
	if x.fit != y.fit {
		return x.fit > y.fit
	}
	return h.names[x.node].Name < h.names[y.node].Name
}

func (h *candHeap) init() {
	for i := len(h.c)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *candHeap) pop() candidate {
	top := h.c[0]
	last := len(h.c) - 1
	h.c[0] = h.c[last]
	h.c = h.c[:last]
	h.down(0)
	return top
}

func (h *candHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h.c) {
			return
		}
		m := l
		if r := l + 1; r < len(h.c) && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.c[i], h.c[m] = h.c[m], h.c[i]
		i = m
	}
}
