package strictyaml

import (
	"math"

	"go.yaml.in/yaml/v3"
)

// size is what a subtree becomes once every alias is expanded: its nodes, the bytes of its scalars and
// keys, and its height: the nesting levels of mappings and sequences it holds (0 for a scalar).
type size struct {
	nodes, bytes, height int64
}

// add sums two sizes without overflowing: a nested alias bomb can describe more than 2^63 nodes.
func (s size) add(o size) size {
	return size{nodes: satAdd(s.nodes, o.nodes), bytes: satAdd(s.bytes, o.bytes), height: max(s.height, o.height)}
}

func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// meter computes the expanded size of YAML documents without expanding them: every anchored node is
// measured once and its size reused wherever an alias names it, so a bomb costs its input size, not its
// expansion.
type meter struct {
	lim   Limits
	total size // over every document measured so far
	memo  map[*yaml.Node]size
	busy  map[*yaml.Node]bool // anchored nodes being measured: an alias to one is a cycle
	path  path
}

func newMeter(lim Limits) *meter {
	return &meter{lim: lim, memo: map[*yaml.Node]size{}, busy: map[*yaml.Node]bool{}}
}

// document measures one document and checks the running totals against the limits.
func (m *meter) document(n *yaml.Node) error {
	s, err := m.measure(n, 0)
	if err != nil {
		return err
	}
	m.total = m.total.add(s)
	return m.check(m.total)
}

func (m *meter) check(s size) error {
	switch {
	case exceeds(s.nodes, m.lim.MaxNodes):
		return &LimitError{Limit: LimitNodes, Max: m.lim.MaxNodes, Got: s.nodes}
	case exceeds(s.bytes, m.lim.MaxDecodedBytes):
		return &LimitError{Limit: LimitDecodedBytes, Max: m.lim.MaxDecodedBytes, Got: s.bytes}
	}
	return nil
}

// measure returns the expanded size of n, found at nesting depth depth.
func (m *meter) measure(n *yaml.Node, depth int64) (size, error) {
	if s, ok := m.memo[n]; ok {
		return s, m.checkDepth(depth + s.height)
	}
	if n.Anchor != "" {
		m.busy[n] = true
		defer delete(m.busy, n)
	}
	s, err := m.measureKind(n, depth)
	if err != nil {
		return size{}, err
	}
	if n.Anchor != "" {
		m.memo[n] = s
	}
	return s, m.check(m.total.add(s))
}

func (m *meter) measureKind(n *yaml.Node, depth int64) (size, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		return size{nodes: 1, bytes: int64(len(n.Value))}, nil
	case yaml.AliasNode:
		if m.busy[n.Alias] {
			return size{}, fieldError(ErrUnsupported, &m.path, n.Line, "alias *%s refers to a node that contains it", n.Value)
		}
		return m.measure(n.Alias, depth)
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return size{}, nil
		}
		return m.measure(n.Content[0], depth)
	}
	return m.collection(n, depth+1)
}

// collection measures a mapping or sequence whose children sit at depth.
func (m *meter) collection(n *yaml.Node, depth int64) (size, error) {
	if err := m.checkDepth(depth); err != nil {
		return size{}, err
	}
	s := size{nodes: 1, height: 1}
	for i, c := range n.Content {
		m.push(n, i)
		cs, err := m.measure(c, depth)
		m.path.pop()
		if err != nil {
			return size{}, err
		}
		cs.height++
		s = s.add(cs)
		if err := m.check(m.total.add(s)); err != nil {
			return size{}, err
		}
	}
	return s, nil
}

// push records where child i of n is, for errors.
func (m *meter) push(n *yaml.Node, i int) {
	if n.Kind != yaml.MappingNode {
		m.path.pushIndex(i)
		return
	}
	k := n.Content[i-i%2]
	m.path.pushKey(k.Value)
}

func (m *meter) checkDepth(depth int64) error {
	if exceeds(depth, m.lim.MaxDepth) {
		return &LimitError{Limit: LimitDepth, Max: m.lim.MaxDepth, Got: depth, Path: m.path.String()}
	}
	return nil
}
