package karmada

import (
	"cmp"
	"math"
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
		out[i] = ranked{member: m, allocatable: allocatable(m.Name, w.Replicas, snap.Available)}
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

// allocatable is the estimator's answer with the snapshot as the estimator:
// a workload without replicas is not estimated (MaxInt32), and an unknown
// or unbounded answer becomes the workload's replicas.
func allocatable(name string, replicas int32, known map[string]int32) int32 {
	if replicas == 0 {
		return math.MaxInt32
	}
	if n, ok := known[name]; ok && n != math.MaxInt32 {
		return n
	}
	return replicas
}

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
