package distribute_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
)

// greedyWebster is the definition: hand out seats one at a time to the best
// (party, seat) element, starting every party at Lo and never past Hi.
func greedyWebster(ps []distribute.Party, n int32, descending bool) []int32 {
	seats := make([]int32, len(ps))
	for i, p := range ps {
		seats[i] = p.Lo
	}
	prio := func(i int) float64 { return float64(ps[i].Votes) / float64(2*seats[i]+1) }
	for range n {
		best := -1
		for i := range ps {
			if seats[i] >= ps[i].Hi {
				continue
			}
			if best < 0 || beats(prio(i), seats[i], ps[i].Name, prio(best), seats[best], ps[best].Name, descending) {
				best = i
			}
		}
		seats[best]++
	}
	return seats
}

func beats(pa float64, ka int32, a string, pb float64, kb int32, b string, descending bool) bool {
	if pa != pb {
		return pa > pb
	}
	if ka != kb {
		return ka < kb
	}
	if descending {
		return a > b
	}
	return a < b
}

func randomParties(rng *rand.Rand, bounded bool) ([]distribute.Party, int32) {
	n := 1 + rng.IntN(12)
	ps := make([]distribute.Party, n)
	var capacity int64
	for i := range ps {
		ps[i] = distribute.Party{Name: fmt.Sprintf("p%d", rng.IntN(1000)*100+i), Hi: distribute.NoLimit}
		switch rng.IntN(5) {
		case 0:
			ps[i].Votes = 0
		case 1:
			ps[i].Votes = 1 << 58
		case 2:
			ps[i].Votes = 1<<58 + int64(rng.IntN(16))
		default:
			ps[i].Votes = int64(1 + rng.IntN(30))
		}
		if bounded {
			ps[i].Lo = int32(rng.IntN(4))
			ps[i].Hi = ps[i].Lo + int32(rng.IntN(40))
			capacity += int64(ps[i].Hi - ps[i].Lo)
		}
	}
	seats := int32(rng.IntN(300))
	if bounded {
		seats = int32(rng.Int64N(capacity + 1))
	}
	return ps, seats
}

// TestApportionPathsAgreeWithGreedy checks the estimate-and-exchange path and
// the divisor search against the one-seat-at-a-time definition.
func TestApportionPathsAgreeWithGreedy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		bounded := i%2 == 1
		ps, n := randomParties(rng, bounded)
		desc := rng.IntN(2) == 0
		want := greedyWebster(ps, n, desc)
		require.Equal(t, want, distribute.Apportion(ps, n, desc, "search"), "search %v n=%d desc=%v", ps, n, desc)
		require.Equal(t, want, distribute.Apportion(ps, n, desc, "auto"), "auto %v n=%d desc=%v", ps, n, desc)
		hasVotes := false
		for _, p := range ps {
			hasVotes = hasVotes || p.Votes > 0
		}
		if !bounded && hasVotes {
			require.Equal(t, want, distribute.Apportion(ps, n, desc, "fast"), "fast %v n=%d desc=%v", ps, n, desc)
		}
	}
}

// TestApportionFastMatchesSearchAtScale compares the two paths where the
// greedy definition is too slow to run.
func TestApportionFastMatchesSearchAtScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 40 {
		ps := make([]distribute.Party, 50+rng.IntN(300))
		for i := range ps {
			ps[i] = distribute.Party{Name: fmt.Sprintf("c%04d", i), Votes: int64(1 + rng.IntN(1000)), Hi: distribute.NoLimit}
		}
		n := int32(rng.IntN(1 << 29))
		desc := rng.IntN(2) == 0
		assert.Equal(t, distribute.Apportion(ps, n, desc, "search"), distribute.Apportion(ps, n, desc, "fast"))
	}
}

// TestApportionInt32Wrap checks Karmada's behaviour beyond 2^30 seats, where
// 2·seats+1 wraps negative in int32: a cluster with weight then ranks below a
// cluster without weight, which takes the remaining seats.
func TestApportionInt32Wrap(t *testing.T) {
	ps := []distribute.Party{{Name: "a", Votes: 1000, Hi: distribute.NoLimit}, {Name: "b", Votes: 0, Hi: distribute.NoLimit}}
	got := distribute.Apportion(ps, math.MaxInt32, false, "auto")
	assert.Equal(t, []int32{1 << 30, 1<<30 - 1}, got)

	even := []distribute.Party{{Name: "a", Votes: 1, Hi: distribute.NoLimit}, {Name: "b", Votes: 1, Hi: distribute.NoLimit}}
	assert.Equal(t, []int32{1 << 30, 1<<30 - 1}, distribute.Apportion(even, math.MaxInt32, false, "auto"))
	assert.Equal(t, []int32{1<<30 - 1, 1 << 30}, distribute.Apportion(even, math.MaxInt32, true, "auto"))
}
