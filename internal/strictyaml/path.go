package strictyaml

import (
	"strconv"
	"strings"
)

// path is the location of a node during a walk: a stack of mapping keys and sequence indexes, rendered
// only when an error needs it.
type path struct {
	elems []elem
}

// elem is one step of a path: a mapping key, or an index when isIndex.
type elem struct {
	key     string
	index   int
	isIndex bool
}

func (p *path) pushKey(k string) { p.elems = append(p.elems, elem{key: k}) }
func (p *path) pushIndex(i int)  { p.elems = append(p.elems, elem{index: i, isIndex: true}) }
func (p *path) pop()             { p.elems = p.elems[:len(p.elems)-1] }

// String renders the path as "members[2].capacity.cpu": keys that are plain words are joined with dots,
// other keys (with dots, slashes or spaces, as in "nvidia.com/gpu") are bracketed.
func (p *path) String() string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	for _, e := range p.elems {
		switch {
		case e.isIndex:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(e.index))
			b.WriteByte(']')
		case plainKey(e.key):
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(e.key)
		default:
			b.WriteByte('[')
			b.WriteString(e.key)
			b.WriteByte(']')
		}
	}
	return b.String()
}

// plainKey reports whether k can be written after a dot: letters, digits, '_' and '-', not starting
// with a digit or '-'.
func plainKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case (c >= '0' && c <= '9') || c == '-':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
