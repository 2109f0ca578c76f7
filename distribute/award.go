package distribute

// seatPlan is a Webster division under construction: one party per
// participating cluster, and the row each party belongs to.
type seatPlan struct {
	parties []party
	rowOf   []int32
	// limits names the upper bound of each party (extended divisions only).
	limits []Limit
	source WeightSource
}

// newSeatPlan makes room for n parties.
func newSeatPlan(source WeightSource, n int) *seatPlan {
	return &seatPlan{parties: make([]party, 0, n), rowOf: make([]int32, 0, n), source: source}
}

// add appends a party for row i.
func (s *seatPlan) add(i int, name string, votes int64) {
	s.parties = append(s.parties, party{name: name, votes: votes, hi: noLimit})
	s.rowOf = append(s.rowOf, int32(i))
}

// bound sets the bounds of the last party added.
func (s *seatPlan) bound(lo, hi int32, limit Limit) {
	p := &s.parties[len(s.parties)-1]
	p.lo, p.hi = lo, max(lo, hi)
	s.limits = append(s.limits, limit)
}

// check reports an UnschedulableError when the bounds cannot hold n seats.
func (s *seatPlan) check(strategy Strategy, n int32, hiReason string) error {
	var lo, hi int64
	for _, p := range s.parties {
		lo += int64(p.lo)
		hi += int64(p.hi)
	}
	if lo > int64(n) {
		return &UnschedulableError{Strategy: strategy, Needed: n, Available: lo, Reason: reasonMinimum}
	}
	if hi < int64(n) {
		return &UnschedulableError{Strategy: strategy, Needed: n, Available: hi, Reason: hiReason}
	}
	return nil
}

// award divides n seats among the parties and records the outcome on the rows.
func (d *division) award(s *seatPlan, n int32) {
	var lo int32
	var total float64
	for _, p := range s.parties {
		lo += p.lo
		total += float64(p.votes)
	}
	apportion(s.parties, n-lo, d.o)
	for j, p := range s.parties {
		r := &d.rows[s.rowOf[j]]
		r.Weight, r.WeightSource, r.Added = p.votes, s.source, p.seats
		if total > 0 {
			r.Share = float64(p.votes) / total
		}
		if p.seats > 0 {
			r.Excluded = ""
		}
		if s.limits != nil {
			r.Limit = limitAt(p, s.limits[j])
		}
	}
}

// limitAt names the bound a bounded party's result sits at, if any.
func limitAt(p party, upper Limit) Limit {
	switch {
	case p.seats == p.hi && p.hi > p.lo && upper != "":
		return upper
	case p.seats == p.lo && p.lo > 0:
		return LimitMinimum
	}
	return ""
}
