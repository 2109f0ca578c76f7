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

// ComparePaths orders field paths as a person reads them: byte by byte, except that runs of digits
// compare as numbers, so "nodes[2]" comes before "nodes[11]". Packages sort the problems their Validate
// joins with it, so that every list of problems reads the same way.
func ComparePaths(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			da, db := digitRun(a), digitRun(b)
			if c := compareNumbers(a[:da], b[:db]); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return int(a[0]) - int(b[0])
		}
		a, b = a[1:], b[1:]
	}
	return len(a) - len(b)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// digitRun is the length of the run of digits s starts with.
func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

// compareNumbers compares two runs of digits by value, then (for equal values) the shorter run first.
func compareNumbers(a, b string) int {
	ta, tb := strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(ta) != len(tb) {
		return len(ta) - len(tb)
	}
	if c := strings.Compare(ta, tb); c != 0 {
		return c
	}
	return len(a) - len(b)
}
