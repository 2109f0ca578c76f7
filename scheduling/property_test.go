package scheduling_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/scheduling"
)

// TestPropertyAgreesWithBruteForce: on small random instances every verdict agrees with exhaustive
// enumeration, every Feasible witness satisfies the constraints, and no verdict is Unknown.
func TestPropertyAgreesWithBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	counts := map[scheduling.CheckName]int{}
	feasible := 0
	for i := range 1500 {
		gang, snap := randomInstance(rng, 1+rng.IntN(4), 1+rng.IntN(3))
		strict := rng.IntN(4) == 0
		r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{StrictPerTask: strict})
		require.NoError(t, err, "instance %d", i)
		res := r.Clusters[0]
		want := bruteForce(gang, snap, strict)
		require.NotEqual(t, scheduling.Unknown, res.Verdict, "instance %d", i)
		require.Equal(t, want, res.Verdict == scheduling.Feasible, "instance %d: %s\n%+v\n%+v", i, res.Message, gang, snap)
		if res.Verdict == scheduling.Feasible {
			feasible++
			require.Empty(t, witnessError(gang, snap, strict, res.Placement), "instance %d", i)
		} else {
			counts[res.Certificate.Check]++
		}
	}
	// The instances must exercise both answers and several checks, or the property proves little.
	assert.Greater(t, feasible, 200)
	assert.Greater(t, counts[scheduling.CheckGroupCapacity], 20)
	assert.Greater(t, counts[scheduling.CheckNoEligibleNode]+counts[scheduling.CheckPodFit], 20)
	t.Logf("feasible %d, certificates %v", feasible, counts)
}

// TestPropertyOrderIndependence: shuffling nodes and groups changes neither the verdict, nor the
// certificate's check, nor the witness.
func TestPropertyOrderIndependence(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 3))
	for i := range 800 {
		gang, snap := randomInstance(rng, 1+rng.IntN(8), 1+rng.IntN(3))
		base, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{})
		require.NoError(t, err)
		for range 3 {
			g2, s2 := shuffled(rng, gang, snap)
			r, err := scheduling.Check(g2, []scheduling.ClusterSnapshot{s2}, scheduling.Options{})
			require.NoError(t, err)
			a, b := base.Clusters[0], r.Clusters[0]
			require.Equal(t, a.Verdict, b.Verdict, "instance %d", i)
			require.Equal(t, a.Placement, b.Placement, "instance %d", i)
			require.Equal(t, a.Message, b.Message, "instance %d", i)
		}
	}
}

// TestPropertyLargerWitnesses checks witnesses on clusters too big for brute force, where the search
// and the several greedy orders do the work.
func TestPropertyLargerWitnesses(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for i := range 300 {
		gang, snap := randomInstance(rng, 5+rng.IntN(30), 2+rng.IntN(3))
		r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{snap}, scheduling.Options{})
		require.NoError(t, err)
		if res := r.Clusters[0]; res.Verdict == scheduling.Feasible {
			require.Empty(t, witnessError(gang, snap, false, res.Placement), "instance %d", i)
		}
	}
}
