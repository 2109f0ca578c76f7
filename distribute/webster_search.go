package distribute

import (
	"math"
	"sort"
)

// apportionSearch computes the same seats as the heap without visiting every
// seat, for any bounds and seat count: it searches the float64 line for the
// priority of the n-th best element, takes every element above it, and settles
// the elements tied at it by Karmada's tie order. Each probe counts elements
// per party by binary search, so the cost is O(parties · 64 · 31) at worst.
func apportionSearch(ps []party, n int32, o order) {
	lambda := nthPriority(ps, n)
	above := make([]int32, len(ps))
	tiedEnd := make([]int32, len(ps))
	var taken int64
	for i := range ps {
		p := &ps[i]
		above[i] = firstWhere(p.votes, lambda, false, p.lo, p.hi)
		tiedEnd[i] = firstWhere(p.votes, lambda, true, p.lo, p.hi)
		taken += int64(above[i] - p.lo)
	}
	settleTies(ps, above, tiedEnd, int64(n)-taken, o)
}

// nthPriority returns the largest priority lambda such that at least n
// elements have a priority >= lambda: the priority of the n-th best element.
func nthPriority(ps []party, n int32) float64 {
	low, high := floatKey(-math.MaxFloat64), floatKey(math.Inf(1))
	for high-low > 1 {
		mid := low + (high-low)/2
		if countAtLeast(ps, keyFloat(mid), n) {
			low = mid
		} else {
			high = mid
		}
	}
	return keyFloat(low)
}

// countAtLeast reports whether at least n elements have priority >= lambda.
func countAtLeast(ps []party, lambda float64, n int32) bool {
	var count int64
	for i := range ps {
		p := &ps[i]
		count += int64(firstWhere(p.votes, lambda, true, p.lo, p.hi) - p.lo)
		if count >= int64(n) {
			return true
		}
	}
	return false
}

// settleTies gives r of the tied elements — party i's tied seats are
// [from[i], to[i]) — in Karmada's tie order: fewer seats first, then name.
// Every party ends with from[i] plus the tied seats it won.
func settleTies(ps []party, from, to []int32, r int64, o order) {
	level := tieLevel(from, to, r)
	var won int64
	var atLevel []int
	for i := range ps {
		got := clampSpan(level, from[i], to[i])
		ps[i].seats = from[i] + int32(got)
		won += got
		if from[i] <= level && level < to[i] {
			atLevel = append(atLevel, i)
		}
	}
	sort.Slice(atLevel, func(a, b int) bool {
		na, nb := ps[atLevel[a]].name, ps[atLevel[b]].name
		return o.beats(0, 0, na, 0, 0, nb)
	})
	for _, i := range atLevel[:r-won] {
		ps[i].seats++
	}
}

// tieLevel returns the seat index t such that every tied element below t is
// taken and the rest of the r elements come from elements at exactly t.
func tieLevel(from, to []int32, r int64) int32 {
	below := func(t int64) int64 {
		var sum int64
		for i := range from {
			sum += clampSpan(int32(min(t, math.MaxInt32)), from[i], to[i])
		}
		return sum
	}
	lo, hi := int64(0), int64(math.MaxInt32)
	if below(hi) <= r {
		return math.MaxInt32
	}
	// smallest t with below(t+1) > r
	for lo < hi {
		mid := lo + (hi-lo)/2
		if below(mid+1) > r {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return int32(lo)
}

// clampSpan counts the seats of [from, to) that lie below t.
func clampSpan(t, from, to int32) int64 {
	if t <= from {
		return 0
	}
	return int64(min(t, to) - from)
}

// floatKey maps a float64 to a uint64 whose order matches the float order.
func floatKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 0 {
		return b | 1<<63
	}
	return ^b
}

// keyFloat inverts floatKey.
func keyFloat(k uint64) float64 {
	if k>>63 == 1 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}
