package karmada

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// weightUnit makes capacity dominate a region's score and the average
// member score break ties (Karmada's weightUnit).
const weightUnit int64 = 1000

// regionGroup is the feasible members of one region, in rank order, and the
// region's score.
type regionGroup struct {
	name    string
	members []ranked
	score   int64
}

// groupByRegion groups the ranked members by region and scores each region.
func (s spread) groupByRegion(members []ranked) []regionGroup {
	index := map[string]int{}
	var groups []regionGroup
	for _, m := range members {
		if m.member.Region == "" {
			continue
		}
		i, ok := index[m.member.Region]
		if !ok {
			i = len(groups)
			index[m.member.Region] = i
			groups = append(groups, regionGroup{name: m.member.Region})
		}
		groups[i].members = append(groups[i].members, m)
	}
	for i := range groups {
		groups[i].score = s.regionScore(groups[i].members)
	}
	return groups
}

// regionScore rates a region for a divided workload by the replicas its best
// members can take towards this region's share (replicas / region
// minGroups), counting at least max(cluster minGroups, region minGroups)
// members, in units of weightUnit, plus their average score.
func (s spread) regionScore(members []ranked) int64 {
	if s.duplicated {
		return duplicatedScore(members, s.replicas)
	}
	share := int64(math.Ceil(float64(s.replicas) / float64(s.region.MinGroups)))
	least := int64(max(s.cluster.MinGroups, s.region.MinGroups))
	var sumAvailable, sumScore, n int64
	for _, m := range members {
		sumAvailable += m.available
		sumScore += m.score
		n++
		if n >= least && sumAvailable >= share {
			break
		}
	}
	return min(sumAvailable, share)*weightUnit + sumScore/n
}

// duplicatedScore rates a region for a duplicated workload by how many of its
// members can take every replica, in units of weightUnit, plus their average
// score; 0 when none can.
func duplicatedScore(members []ranked, replicas int32) int64 {
	var fit, sumScore int64
	for _, m := range members {
		if m.available >= int64(replicas) {
			fit++
			sumScore += m.score
		}
	}
	if fit == 0 {
		return 0
	}
	return fit*weightUnit + sumScore/fit
}

// regionSet is one feasible combination of regions.
type regionSet struct {
	// regions index the groups, by score (descending) then name.
	regions  []int
	score    int64
	clusters int
	// seq is the discovery order.
	seq int
}

// chooseRegions picks the combination of regions Karmada's selectGroups
// picks. Regions are ordered by member count (ascending), score
// (descending) and name; a depth-first walk over that order collects every
// combination of minGroups to maxGroups regions whose member count reaches
// minClusters, not extending a combination once it qualifies. The best has
// the highest total score, then the most members, then was found first,
// except that a qualifying combination which is a prefix of it (both read by
// score, then name) is preferred.
func chooseRegions(groups []regionGroup, minGroups, maxGroups, minClusters int) []regionGroup {
	sorted := slices.Clone(groups)
	slices.SortFunc(sorted, func(a, b regionGroup) int {
		return cmp.Or(cmp.Compare(len(a.members), len(b.members)), cmp.Compare(b.score, a.score), strings.Compare(a.name, b.name))
	})
	sets := feasibleSets(sorted, minGroups, maxGroups, minClusters)
	if len(sets) == 0 {
		return nil
	}
	best := preferredSet(sets)
	out := make([]regionGroup, len(best.regions))
	for i, k := range best.regions {
		out[i] = sorted[k]
	}
	return out
}

// feasibleSets walks the combinations depth first.
func feasibleSets(groups []regionGroup, minGroups, maxGroups, minClusters int) []regionSet {
	var sets []regionSet
	path := make([]int, 0, len(groups))
	var visit func(clusters, next int)
	visit = func(clusters, next int) {
		if clusters >= minClusters && len(path) >= minGroups && len(path) <= maxGroups {
			sets = append(sets, newRegionSet(groups, path, len(sets)))
			return
		}
		// Stop at maxGroups, and where too few regions remain to reach minGroups.
		if len(path) >= maxGroups || len(path)+len(groups)-next < minGroups {
			return
		}
		for i := next; i < len(groups); i++ {
			path = append(path, i)
			visit(clusters+len(groups[i].members), i+1)
			path = path[:len(path)-1]
		}
	}
	visit(0, 0)
	return sets
}

// newRegionSet records a qualifying path.
func newRegionSet(groups []regionGroup, path []int, seq int) regionSet {
	set := regionSet{regions: slices.Clone(path), seq: seq}
	for _, k := range path {
		set.score += groups[k].score
		set.clusters += len(groups[k].members)
	}
	slices.SortFunc(set.regions, func(a, b int) int {
		return cmp.Or(cmp.Compare(groups[b].score, groups[a].score), strings.Compare(groups[a].name, groups[b].name))
	})
	return set
}

// preferredSet orders the sets by score, member count (both descending) and
// discovery, then walks them, switching to any later set that is a shorter
// prefix of the current choice.
func preferredSet(sets []regionSet) regionSet {
	slices.SortFunc(sets, func(a, b regionSet) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.clusters, a.clusters), cmp.Compare(a.seq, b.seq))
	})
	best := sets[0]
	for _, s := range sets[1:] {
		if len(s.regions) < len(best.regions) && slices.Equal(best.regions[:len(s.regions)], s.regions) {
			best = s
		}
	}
	return best
}
