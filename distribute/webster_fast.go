package distribute

import "math"

// apportionFast computes Karmada's Webster seats for unbounded parties and
// fewer than 2^30 seats. It picks the divisor that would be exact without
// rounding, takes for every party exactly the elements whose priority beats
// it (a set closed under Karmada's order), and then hands out or takes back
// the few seats by which the total misses n, one best (or worst) element at a
// time. The miss is at most about half a seat per party, so the cost depends
// on the number of parties only.
func apportionFast(ps []party, n int32, o order) {
	var total float64
	for i := range ps {
		if ps[i].votes > 0 {
			total += float64(ps[i].votes)
		}
	}
	lambda := total / (2 * float64(n))
	var held int64
	for i := range ps {
		if p := &ps[i]; p.votes > 0 {
			p.seats = firstWhere(p.votes, lambda, false, 0, n)
			held += int64(p.seats)
		}
	}
	switch {
	case held < int64(n):
		grow(ps, int64(n)-held, o)
	case held > int64(n):
		shrink(ps, held-int64(n), o)
	}
}

// firstWhere returns the first seat index k in [lo, hi) whose priority is at
// or below lambda (strictly below when strict), or hi if there is none.
// Priorities never increase with k, so the answer is a boundary; a closed-form
// guess finds it in one or two evaluations, binary search is the fallback.
func firstWhere(votes int64, lambda float64, strict bool, lo, hi int32) int32 {
	at := func(k int32) bool {
		f := priority(votes, k)
		if strict {
			return f < lambda
		}
		return f <= lambda
	}
	if lo >= hi {
		return hi
	}
	from, to := lo, hi // the answer lies in [from, to]
	if g, ok := guessBoundary(votes, lambda, lo, hi); ok {
		if at(g) {
			if g == lo || !at(g-1) {
				return g
			}
			to = g - 1
		} else {
			if g+1 == hi || at(g+1) {
				return g + 1
			}
			from = g + 2
		}
	}
	for from < to {
		mid := from + (to-from)/2
		if at(mid) {
			to = mid
		} else {
			from = mid + 1
		}
	}
	return from
}

// guessBoundary estimates the first k with votes/(2k+1) <= lambda in exact
// arithmetic, clamped into [lo, hi).
func guessBoundary(votes int64, lambda float64, lo, hi int32) (int32, bool) {
	if votes <= 0 || lambda <= 0 {
		return 0, false
	}
	x := math.Ceil((float64(votes)/lambda - 1) / 2)
	switch {
	case !(x > float64(lo)):
		return lo, true
	case x >= float64(hi-1):
		return hi - 1, true
	}
	return int32(x), true
}
