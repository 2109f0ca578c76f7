package distribute

import "sort"

// byWeightDescending sorts a weight list the way Karmada's TargetClustersList
// does. Karmada uses the unstable sort.Sort; running the same algorithm with
// the same comparisons on the same initial order yields the same permutation,
// so ties among equal weights are broken exactly as the scheduler breaks them
// (for the Go release this package is built with).
type byWeightDescending []weighted

func (l byWeightDescending) Len() int           { return len(l) }
func (l byWeightDescending) Swap(i, j int)      { l[i], l[j] = l[j], l[i] }
func (l byWeightDescending) Less(i, j int) bool { return l[i].weight > l[j].weight }

// aggregate narrows the weight list to Karmada's Aggregated choice: sorted by
// weight descending, clusters that already hold replicas first on scale up,
// then the shortest prefix whose weights cover the target.
func (d *division) aggregate(list []weighted, target int32) []weighted {
	sort.Sort(byWeightDescending(list))
	list = d.holdersFirst(list)
	var sum int64
	for i, w := range list {
		if sum += w.weight; sum >= int64(target) {
			for _, rest := range list[i+1:] {
				if d.rows[rest.row].Excluded == "" {
					d.rows[rest.row].Excluded = ExcludedNotNeeded
				}
			}
			return list[:i+1]
		}
	}
	return list
}

// holdersFirst moves the clusters that keep previous replicas to the front,
// keeping the relative order within both groups.
func (d *division) holdersFirst(list []weighted) []weighted {
	holders := 0
	for _, w := range list {
		if d.rows[w.row].Kept > 0 {
			holders++
		}
	}
	if holders == 0 {
		return list
	}
	out := make([]weighted, 0, len(list))
	for _, w := range list {
		if d.rows[w.row].Kept > 0 {
			out = append(out, w)
		}
	}
	for _, w := range list {
		if d.rows[w.row].Kept == 0 {
			out = append(out, w)
		}
	}
	return out
}
