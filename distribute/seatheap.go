package distribute

// seatEntry is one party's boundary element in a seatHeap: the seat it would
// win next (growing) or the last seat it holds (shrinking).
type seatEntry struct {
	pri   float64
	k     int32
	party int32
}

// seatHeap is a binary heap of boundary elements ordered by Karmada's element
// order. With worstFirst the element every other beats is on top (to give seats
// back); otherwise the best one is (to hand seats out). It is hand-written so
// that it neither boxes entries nor allocates per operation.
type seatHeap struct {
	entries    []seatEntry
	ps         []party
	o          order
	worstFirst bool
}

// above reports whether entry a belongs above entry b.
func (h *seatHeap) above(a, b seatEntry) bool {
	pa, pb := h.ps[a.party].name, h.ps[b.party].name
	if h.worstFirst {
		return h.o.beats(b.pri, b.k, pb, a.pri, a.k, pa)
	}
	return h.o.beats(a.pri, a.k, pa, b.pri, b.k, pb)
}

// init establishes the heap order in O(len).
func (h *seatHeap) init() {
	for i := len(h.entries)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

// down restores the heap order below position i.
func (h *seatHeap) down(i int) {
	e := h.entries
	n := len(e)
	for {
		best := i
		if l := 2*i + 1; l < n && h.above(e[l], e[best]) {
			best = l
		}
		if r := 2*i + 2; r < n && h.above(e[r], e[best]) {
			best = r
		}
		if best == i {
			return
		}
		e[i], e[best] = e[best], e[i]
		i = best
	}
}

// removeTop drops the top entry.
func (h *seatHeap) removeTop() {
	last := len(h.entries) - 1
	h.entries[0] = h.entries[last]
	h.entries = h.entries[:last]
	if last > 0 {
		h.down(0)
	}
}

// grow hands out need more seats, each to the best next element.
func grow(ps []party, need int64, o order) {
	h := seatHeap{entries: make([]seatEntry, 0, len(ps)), ps: ps, o: o}
	for i := range ps {
		if p := &ps[i]; p.votes > 0 {
			h.entries = append(h.entries, seatEntry{pri: priority(p.votes, p.seats), k: p.seats, party: int32(i)})
		}
	}
	h.init()
	for ; need > 0; need-- {
		top := &h.entries[0]
		p := &ps[top.party]
		p.seats++
		top.k, top.pri = p.seats, priority(p.votes, p.seats)
		h.down(0)
	}
}

// shrink takes back excess seats, each from the worst held element.
func shrink(ps []party, excess int64, o order) {
	h := seatHeap{entries: make([]seatEntry, 0, len(ps)), ps: ps, o: o, worstFirst: true}
	for i := range ps {
		if p := &ps[i]; p.seats > 0 {
			h.entries = append(h.entries, seatEntry{pri: priority(p.votes, p.seats-1), k: p.seats - 1, party: int32(i)})
		}
	}
	h.init()
	for ; excess > 0; excess-- {
		top := &h.entries[0]
		p := &ps[top.party]
		p.seats--
		if p.seats == 0 {
			h.removeTop()
			continue
		}
		top.k, top.pri = p.seats-1, priority(p.votes, p.seats-1)
		h.down(0)
	}
}
