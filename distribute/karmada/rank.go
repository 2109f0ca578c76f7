package karmada

import (
	"cmp"
	"slices"
	"strings"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/fleet"
)

// localityScore is the score of a member of the previous result (Karmada's
// MaxClusterScore from its ClusterLocality plugin); every other member
// scores 0.
const localityScore int64 = 100

// ranked is one feasible member as Karmada's spread-constraint selection
// sees it.
type ranked struct {
	member *fleet.Member
	// score is localityScore for a member of the previous result, else 0.
	score int64
	// available is allocatable plus the replicas the previous result gave
	// the member.
	available int64
	// allocatable is how many more replicas the member can run.
	allocatable int32
}

// rank scores the feasible members and sorts them in Karmada's candidate
// order: score, then available replicas (both descending), then name.
func rank(feasible []*fleet.Member, snap Snapshot, w Workload) []ranked {
	out := make([]ranked, len(feasible))
	for i, m := range feasible {
		out[i] = ranked{member: m, allocatable: allocatable(m, w, snap)}
		out[i].available = int64(out[i].allocatable)
		if prev, ok := previousReplicas(w.Previous, m.Name); ok {
			out[i].score = localityScore
			out[i].available += int64(prev)
		}
	}
	slices.SortFunc(out, byRank)
	return out
}

// byRank is the candidate order. Member names are unique, so it is total
// and the result does not depend on the sort algorithm.
func byRank(a, b ranked) int {
	return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.available, a.available),
		strings.Compare(a.member.Name, b.member.Name))
}

// allocatable is Karmada's calAvailableReplicas (pkg/scheduler/core/util.go)
// for one member: a workload without replicas is not estimated (MaxInt32);
// otherwise the minimum over the general estimator (GeneralEstimate, unless
// the snapshot leaves it out) and the snapshot's further answers, where an
// answer of -1 abstains, as in Karmada, and an answer of MaxInt32 or no
// answer at all becomes the workload's replicas.
//
// A negative general estimate counts as no room. Karmada's only comes from
// an int64 overflow in its model estimator (a workload with a node claim and
// no requests on a member with an even number of modelled nodes); Karmada
// carries it into its division, where the member gets no replicas but also
// lowers the total available, while fleetkit's division takes no negative
// availability.
func allocatable(m *fleet.Member, w Workload, snap Snapshot) int32 {
	if w.Replicas == 0 {
		return noEstimate
	}
	n := int32(noEstimate)
	if !snap.WithoutGeneralEstimator {
		if g := GeneralEstimate(m.Capacity, w.estimateRequests()); g != unauthenticReplicas {
			n = min(n, max(g, 0))
		}
	}
	if v, ok := snap.Available[m.Name]; ok && v != unauthenticReplicas {
		n = min(n, v)
	}
	if n == noEstimate {
		return w.Replicas
	}
	return n
}

// unauthenticReplicas is the answer with which a Karmada estimator abstains.
const unauthenticReplicas = -1

// previousReplicas returns the replicas of the first previous row for the
// cluster, and whether there is one.
func previousReplicas(previous []distribute.Assignment, name string) (int32, bool) {
	for _, a := range previous {
		if a.Cluster == name {
			return a.Replicas, true
		}
	}
	return 0, false
}
