package strictyaml

import (
	"go.yaml.in/yaml/v3"
)

// writer turns a measured YAML node tree into JSON text. It expands aliases and merge keys (<<), refuses
// duplicate keys and non-scalar keys, and converts scalars by their resolved YAML 1.2 tag.
type writer struct {
	buf  []byte
	path path
	// keys is a stack of the keys of the mappings being written, for duplicate detection.
	keys []keyAt
}

// keyAt is one key written in a mapping, and the line where it was written.
type keyAt struct {
	key  string
	line int
}

// toJSON converts n (already measured, so its expansion is bounded) to JSON.
func toJSON(n *yaml.Node, sizeHint int64) ([]byte, error) {
	w := &writer{buf: make([]byte, 0, sizeHint)}
	if err := w.value(n); err != nil {
		return nil, err
	}
	return w.buf, nil
}

func (w *writer) value(n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			w.buf = append(w.buf, "null"...)
			return nil
		}
		return w.value(n.Content[0])
	case yaml.AliasNode:
		return w.value(n.Alias)
	case yaml.ScalarNode:
		return w.scalar(n)
	case yaml.SequenceNode:
		return w.sequence(n)
	case yaml.MappingNode:
		return w.mapping(n)
	}
	return fieldError(ErrUnsupported, &w.path, n.Line, "unknown YAML node kind %d", n.Kind)
}

func (w *writer) sequence(n *yaml.Node) error {
	w.buf = append(w.buf, '[')
	for i, c := range n.Content {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.path.pushIndex(i)
		err := w.value(c)
		w.path.pop()
		if err != nil {
			return err
		}
	}
	w.buf = append(w.buf, ']')
	return nil
}

// mapping writes the explicit keys of n, then the keys merged in with "<<" that n does not set itself.
func (w *writer) mapping(n *yaml.Node) error {
	set := keyset{w: w, mark: len(w.keys)}
	defer func() { w.keys = w.keys[:set.mark] }()
	w.buf = append(w.buf, '{')
	var merge *yaml.Node
	mergeLine := 0
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMerge(k) {
			if merge != nil {
				return w.duplicate("<<", k.Line, mergeLine)
			}
			merge, mergeLine = v, k.Line
			continue
		}
		key, err := w.key(k)
		if err != nil {
			return err
		}
		if prev, dup := set.lookup(key); dup {
			return w.duplicate(key, k.Line, prev)
		}
		if err := w.member(&set, key, k.Line, v); err != nil {
			return err
		}
	}
	if merge != nil {
		if err := w.merge(&set, merge); err != nil {
			return err
		}
	}
	w.buf = append(w.buf, '}')
	return nil
}

func (w *writer) duplicate(key string, line, first int) error {
	w.path.pushKey(key)
	defer w.path.pop()
	return fieldError(ErrDuplicateKey, &w.path, line, "duplicate key %q (first at line %d)", key, first)
}

// member writes one "key": value pair and records the key.
func (w *writer) member(set *keyset, key string, line int, v *yaml.Node) error {
	if len(w.keys) > set.mark {
		w.buf = append(w.buf, ',')
	}
	set.add(key, line)
	w.buf = appendString(w.buf, key)
	w.buf = append(w.buf, ':')
	w.path.pushKey(key)
	defer w.path.pop()
	return w.value(v)
}

// merge writes the pairs of a "<<" value (a mapping, an alias to one, or a sequence of those) whose keys
// are not set yet: explicit keys win, and earlier merged mappings win over later ones.
func (w *writer) merge(set *keyset, v *yaml.Node) error {
	v = resolve(v)
	switch v.Kind {
	case yaml.MappingNode:
		return w.mergeMapping(set, v)
	case yaml.SequenceNode:
		for _, item := range v.Content {
			if item = resolve(item); item.Kind != yaml.MappingNode {
				return fieldError(ErrUnsupported, &w.path, item.Line, "a merge key (<<) takes mappings")
			}
			if err := w.mergeMapping(set, item); err != nil {
				return err
			}
		}
		return nil
	}
	return fieldError(ErrUnsupported, &w.path, v.Line, "a merge key (<<) takes a mapping or a list of mappings")
}

func (w *writer) mergeMapping(set *keyset, m *yaml.Node) error {
	var nested *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if isMerge(k) {
			nested = v
			continue
		}
		key, err := w.key(k)
		if err != nil {
			return err
		}
		if _, dup := set.lookup(key); dup {
			continue
		}
		if err := w.member(set, key, k.Line, v); err != nil {
			return err
		}
	}
	if nested != nil {
		return w.merge(set, nested)
	}
	return nil
}

// keyset holds the keys written so far in one mapping: the writer's key stack from mark on, plus an index
// once the mapping grows past a few keys, so that large mappings stay linear.
type keyset struct {
	w     *writer
	mark  int
	index map[string]int
}

const keysetLinear = 16

func (s *keyset) lookup(key string) (int, bool) {
	if s.index != nil {
		line, ok := s.index[key]
		return line, ok
	}
	for _, k := range s.w.keys[s.mark:] {
		if k.key == key {
			return k.line, true
		}
	}
	return 0, false
}

func (s *keyset) add(key string, line int) {
	s.w.keys = append(s.w.keys, keyAt{key: key, line: line})
	if s.index != nil {
		s.index[key] = line
		return
	}
	if len(s.w.keys)-s.mark > keysetLinear {
		s.index = make(map[string]int, 2*keysetLinear)
		for _, k := range s.w.keys[s.mark:] {
			s.index[k.key] = k.line
		}
	}
}

// key returns the JSON key of a mapping key node: the text of a scalar (through an alias).
func (w *writer) key(k *yaml.Node) (string, error) {
	if r := resolve(k); r.Kind == yaml.ScalarNode {
		return r.Value, nil
	}
	return "", fieldError(ErrUnsupported, &w.path, k.Line, "a mapping key must be a scalar, not a %s", kindName(resolve(k)))
}

// isMerge reports whether k is the YAML merge key: a plain "<<".
func isMerge(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Tag == "!!merge"
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "scalar"
	}
	return "document"
}
