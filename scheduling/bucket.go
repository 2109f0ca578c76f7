package scheduling

import (
	"cmp"
	"encoding/binary"
	"slices"
)

// bucket is a set of interchangeable nodes: same free vector, same eligibility. Node indices are
// sorted by name so that the witness maps onto names independently of input order.
type bucket struct {
	free  []int64
	mask  uint64
	nodes []int
}

// buckets groups the nodes eligible for some group with replicas; nodes eligible for none cannot
// matter. The result is sorted by content.
func (v *view) buckets() []bucket {
	var useful uint64
	for g := range v.d.groups {
		if v.d.active(g) {
			useful |= 1 << g
		}
	}
	index := map[string]int{}
	var out []bucket
	for j := 0; j < v.n; j++ {
		m := v.mask[j] & useful
		if m == 0 {
			continue
		}
		key := stateKey(v.nodeFree(j), m)
		b, ok := index[key]
		if !ok {
			b = len(out)
			index[key] = b
			out = append(out, bucket{free: v.nodeFree(j), mask: m})
		}
		out[b].nodes = append(out[b].nodes, j)
	}
	for i := range out {
		slices.SortFunc(out[i].nodes, func(a, b int) int { return cmp.Compare(v.nodes[a].Name, v.nodes[b].Name) })
	}
	slices.SortFunc(out, func(a, b bucket) int { return compareState(a.free, a.mask, b.free, b.mask) })
	return out
}

// stateKey encodes a node state for hashing.
func stateKey(free []int64, mask uint64) string {
	buf := make([]byte, 0, 8*(len(free)+1))
	buf = binary.LittleEndian.AppendUint64(buf, mask)
	for _, f := range free {
		buf = binary.LittleEndian.AppendUint64(buf, uint64(f))
	}
	return string(buf)
}

// compareState is a total order on node states.
func compareState(af []int64, am uint64, bf []int64, bm uint64) int {
	if c := slices.Compare(af, bf); c != 0 {
		return c
	}
	return cmp.Compare(am, bm)
}
