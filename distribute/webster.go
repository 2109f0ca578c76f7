package distribute

import "hash/fnv"

// party is one cluster in a Webster division.
type party struct {
	name  string
	votes int64
	// lo is the number of seats the party holds before the division starts
	// (a minimum bound); hi is the most seats it may end with. Karmada's
	// division uses lo = 0 and no upper limit.
	lo, hi int32
	// seats is the result: lo plus the seats won.
	seats int32
}

// noLimit is the hi of a party without an upper bound.
const noLimit = int32(1<<31 - 1)

// fastLimit bounds the seat counts for which 2·seats+1 cannot wrap in int32,
// so every priority of a positive party is positive.
const fastLimit = int32(1 << 30)

// priority is Karmada's Webster priority of a party holding seats seats,
// computed exactly as Karmada does: the denominator is formed in int32 (and
// wraps negative beyond 2^30 seats) before the float division.
func priority(votes int64, seats int32) float64 {
	return float64(votes) / float64(2*seats+1)
}

// order is Karmada's total order on (party, seat) elements: the higher
// priority wins; equal priorities (exact float equality) go to the element
// with fewer seats, then to the smaller name, or the larger one when
// descending.
type order struct {
	descending bool
}

// beats reports whether element (a, ka) with priority pa is handed out before
// element (b, kb) with priority pb.
func (o order) beats(pa float64, ka int32, a string, pb float64, kb int32, b string) bool {
	if pa != pb {
		return pa > pb
	}
	if ka != kb {
		return ka < kb
	}
	if o.descending {
		return a > b
	}
	return a < b
}

// orderForUID returns Karmada's tie-break direction for a workload UID: names
// descending when the FNV-1a 32-bit hash of the UID is odd.
func orderForUID(uid string) order {
	if uid == "" {
		return order{}
	}
	h := fnv.New32a()
	h.Write([]byte(uid))
	return order{descending: h.Sum32()&1 == 1}
}

// apportion hands out n seats beyond each party's lo, so that every party ends
// with seats in [lo, hi] and the seats won are the n best elements under o.
// The caller guarantees that the parties can hold n more seats and that n > 0
// implies at least one party with positive votes or capacity.
func apportion(ps []party, n int32, o order) {
	for i := range ps {
		ps[i].seats = ps[i].lo
	}
	if n <= 0 {
		return
	}
	if fastEligible(ps, n) {
		apportionFast(ps, n, o)
		return
	}
	apportionSearch(ps, n, o)
}

// fastEligible reports whether the estimate-and-exchange path applies: no
// bounds (so the estimate is within half a seat per party of the answer) and
// fewer than 2^30 seats (so no priority wraps negative and parties without
// votes can never win a seat).
func fastEligible(ps []party, n int32) bool {
	if n >= fastLimit {
		return false
	}
	positive := false
	for i := range ps {
		p := &ps[i]
		if p.lo != 0 || p.hi < n {
			return false
		}
		positive = positive || p.votes > 0
	}
	return positive
}
