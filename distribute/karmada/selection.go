package karmada

import "slices"

// byCluster keeps the best maxGroups members. When their available
// replicas fall short of the workload's, members are swapped in from the
// rest, starting at the lowest-ranked pick, each time for the remaining
// member with the most available replicas (if it has more). Duplicated
// placements take the best maxGroups as they are.
func (s spread) byCluster(members []ranked) ([]ranked, error) {
	c := s.cluster
	if len(members) < c.MinGroups {
		return nil, selectionError("cluster", "%d feasible clusters, fewer than minGroups %d", len(members), c.MinGroups)
	}
	n := min(len(members), c.MaxGroups)
	if s.duplicated {
		return members[:n], nil
	}
	picked, rest := slices.Clone(members[:n]), slices.Clone(members[n:])
	for i := n - 1; i >= 0 && sumAvailable(picked) < int64(s.replicas); i-- {
		if j := roomiest(rest, picked[i].available); j >= 0 {
			picked[i], rest[j] = rest[j], picked[i]
		}
	}
	if len(picked) == 0 || sumAvailable(picked) < int64(s.replicas) {
		return nil, selectionError("cluster", "%d clusters cannot hold %d replicas", n, s.replicas)
	}
	return picked, nil
}

// byRegion chooses the regions (see chooseRegions), takes the best member of
// each, then fills up to the cluster constraint's maxGroups with the best
// remaining members of the chosen regions.
func (s spread) byRegion(members []ranked) ([]ranked, error) {
	regions := s.groupByRegion(members)
	if len(regions) < s.region.MinGroups {
		return nil, selectionError("region", "%d feasible regions, fewer than minGroups %d", len(regions), s.region.MinGroups)
	}
	chosen := chooseRegions(regions, s.region.MinGroups, s.region.MaxGroups, s.cluster.MinGroups)
	if len(chosen) == 0 {
		return nil, selectionError("region", "no %d to %d regions hold the cluster constraint's minGroups %d clusters",
			s.region.MinGroups, s.region.MaxGroups, s.cluster.MinGroups)
	}
	var picked, rest []ranked
	for _, g := range chosen {
		picked = append(picked, g.members[0])
		rest = append(rest, g.members[1:]...)
	}
	if extra := min(len(picked)+len(rest), s.cluster.MaxGroups) - len(picked); extra > 0 {
		slices.SortFunc(rest, byRank)
		picked = append(picked, rest[:extra]...)
	}
	return picked, nil
}

// sumAvailable adds up the members' available replicas.
func sumAvailable(members []ranked) int64 {
	var sum int64
	for _, m := range members {
		sum += m.available
	}
	return sum
}

// roomiest returns the index of the first member with the most available
// replicas above floor, or -1 when none has more than floor.
func roomiest(members []ranked, floor int64) int {
	best := -1
	for i, m := range members {
		if m.available > floor {
			best, floor = i, m.available
		}
	}
	return best
}
