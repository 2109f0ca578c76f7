package scheduling

import "hash/maphash"

// nameSet detects duplicate node names. It is an open-addressing table of node indices reused from
// cluster to cluster: a Go map rebuilt per cluster cost more than everything else in loading a node.
type nameSet struct {
	seed  maphash.Seed
	slots []int32 // node index + 1; 0 is empty
}

func (s *nameSet) reset(n int) {
	if s.seed == (maphash.Seed{}) {
		s.seed = maphash.MakeSeed()
	}
	size := 16
	for size < 2*n {
		size <<= 1
	}
	s.slots = grow(s.slots, size)
	clear(s.slots)
}

// add records node j and reports false when a node with the same name is already present.
func (s *nameSet) add(j int, nodes []Node) bool {
	mask := len(s.slots) - 1
	for i := int(maphash.String(s.seed, nodes[j].Name)) & mask; ; i = (i + 1) & mask {
		switch at := s.slots[i]; {
		case at == 0:
			s.slots[i] = int32(j + 1)
			return true
		case nodes[at-1].Name == nodes[j].Name:
			return false
		}
	}
}
