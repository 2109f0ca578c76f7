package strictyaml

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// hardMaxDepth stops nesting even when MaxDepth is unlimited, as encoding/json and the YAML parser do.
const hardMaxDepth = 10000

// jsonScanner checks JSON input in one pass before it is decoded: syntax, duplicate keys, nesting depth
// and node count. It allocates only for large objects and escaped keys.
type jsonScanner struct {
	data  []byte
	pos   int
	lim   Limits
	nodes int64
	depth int64
	// stack locates the value being scanned, for errors.
	stack []scanStep
	// keys holds the keys of the objects being scanned, innermost last.
	keys []span
}

// span is a key's bytes between its quotes; decoded holds its value when it has escapes.
type span struct {
	start, end int
	decoded    string
	escaped    bool
}

// scanStep is one step of the location: a key span, or an index.
type scanStep struct {
	key     span
	index   int
	isIndex bool
}

// errNotJSON marks a syntax error: the caller may still read the input as YAML.
type errNotJSON struct{ err *FieldError }

func (e errNotJSON) Error() string { return e.err.Error() }

// scanJSON checks data and returns the byte ranges of its top-level values (one unless stream).
func scanJSON(data []byte, lim Limits) ([][2]int, error) {
	s := &jsonScanner{data: data, lim: lim}
	var values [][2]int
	for {
		s.skipSpace()
		if s.pos == len(data) {
			return values, nil
		}
		start := s.pos
		if err := s.value(); err != nil {
			return nil, err
		}
		values = append(values, [2]int{start, s.pos})
	}
}

func (s *jsonScanner) value() error {
	s.nodes++
	if exceeds(s.nodes, s.lim.MaxNodes) {
		return &LimitError{Limit: LimitNodes, Max: s.lim.MaxNodes, Got: s.nodes}
	}
	s.skipSpace()
	if s.pos == len(s.data) {
		return s.syntax("unexpected end of input")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.nested(s.object)
	case c == '[':
		return s.nested(s.array)
	case c == '"':
		_, err := s.str()
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.syntax("unexpected %q", s.data[s.pos])
}

func (s *jsonScanner) nested(scan func() error) error {
	s.depth++
	if exceeds(s.depth, s.lim.MaxDepth) || s.depth > hardMaxDepth {
		return &LimitError{Limit: LimitDepth, Max: s.lim.MaxDepth, Got: s.depth, Path: s.path().String()}
	}
	err := scan()
	s.depth--
	return err
}

func (s *jsonScanner) object() error {
	s.pos++ // {
	mark := len(s.keys)
	defer func() { s.keys = s.keys[:mark] }()
	var index map[string]struct{}
	if s.skipSpace(); s.peek('}') {
		s.pos++
		return nil
	}
	for {
		s.skipSpace()
		if !s.peek('"') {
			return s.syntax("expected a string key")
		}
		keyPos := s.pos
		key, err := s.str()
		if err != nil {
			return err
		}
		if index, err = s.addKey(mark, key, keyPos, index); err != nil {
			return err
		}
		if s.skipSpace(); !s.peek(':') {
			return s.syntax("expected ':' after an object key")
		}
		s.pos++
		s.stack = append(s.stack, scanStep{key: key})
		err = s.value()
		s.stack = s.stack[:len(s.stack)-1]
		if err != nil {
			return err
		}
		if done, err := s.next('}'); done || err != nil {
			return err
		}
	}
}

// addKey records a key of the object whose keys start at mark, refusing a duplicate. Past a few keys it
// switches to an index, so that large objects stay linear.
func (s *jsonScanner) addKey(mark int, key span, keyPos int, index map[string]struct{}) (map[string]struct{}, error) {
	if index != nil {
		k := s.keyString(key)
		if _, dup := index[k]; dup {
			return index, s.duplicate(key, keyPos)
		}
		index[k] = struct{}{}
		s.keys = append(s.keys, key)
		return index, nil
	}
	for _, k := range s.keys[mark:] {
		if s.sameKey(k, key) {
			return nil, s.duplicate(key, keyPos)
		}
	}
	s.keys = append(s.keys, key)
	if len(s.keys)-mark > keysetLinear {
		index = make(map[string]struct{}, 2*keysetLinear)
		for _, k := range s.keys[mark:] {
			index[s.keyString(k)] = struct{}{}
		}
	}
	return index, nil
}

func (s *jsonScanner) duplicate(key span, keyPos int) error {
	s.stack = append(s.stack, scanStep{key: key})
	p := s.path()
	s.stack = s.stack[:len(s.stack)-1]
	return fieldError(ErrDuplicateKey, p, s.line(keyPos), "duplicate key %q", s.keyString(key))
}

func (s *jsonScanner) sameKey(a, b span) bool {
	if !a.escaped && !b.escaped {
		return bytes.Equal(s.data[a.start:a.end], s.data[b.start:b.end])
	}
	return s.keyString(a) == s.keyString(b)
}

func (s *jsonScanner) keyString(k span) string {
	if k.escaped {
		return k.decoded
	}
	return string(s.data[k.start:k.end])
}

func (s *jsonScanner) array() error {
	s.pos++ // [
	if s.skipSpace(); s.peek(']') {
		s.pos++
		return nil
	}
	for i := 0; ; i++ {
		s.stack = append(s.stack, scanStep{index: i, isIndex: true})
		err := s.value()
		s.stack = s.stack[:len(s.stack)-1]
		if err != nil {
			return err
		}
		if done, err := s.next(']'); done || err != nil {
			return err
		}
	}
}

// next consumes ',' (more to come) or the closing byte (done).
func (s *jsonScanner) next(closing byte) (bool, error) {
	s.skipSpace()
	switch {
	case s.peek(','):
		s.pos++
		return false, nil
	case s.peek(closing):
		s.pos++
		return true, nil
	}
	return true, s.syntax("expected ',' or %q", closing)
}

// str scans a string and returns the span between its quotes.
func (s *jsonScanner) str() (span, error) {
	start := s.pos
	s.pos++
	sp := span{start: s.pos}
	for s.pos < len(s.data) {
		switch c := s.data[s.pos]; {
		case c == '"':
			sp.end = s.pos
			s.pos++
			if sp.escaped {
				decoded, err := unquote(s.data[start:s.pos])
				if err != nil {
					return sp, s.syntax("bad string: %s", err.Error())
				}
				sp.decoded = decoded
			}
			return sp, nil
		case c == '\\':
			sp.escaped = true
			if err := s.escape(); err != nil {
				return sp, err
			}
		case c < 0x20:
			return sp, s.syntax("control character in a string")
		default:
			s.pos++
		}
	}
	return sp, s.syntax("unterminated string")
}

// unquote decodes a JSON string with escapes (rare in keys, so encoding/json does it).
func unquote(quoted []byte) (string, error) {
	var out string
	err := json.Unmarshal(quoted, &out)
	return out, err
}

func (s *jsonScanner) escape() error {
	s.pos++ // backslash
	if s.pos == len(s.data) {
		return s.syntax("unterminated string")
	}
	switch s.data[s.pos] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos++
		return nil
	case 'u':
		if s.pos+5 > len(s.data) {
			return s.syntax("short \\u escape")
		}
		for _, h := range s.data[s.pos+1 : s.pos+5] {
			if !isHex(h) {
				return s.syntax("bad \\u escape")
			}
		}
		s.pos += 5
		return nil
	}
	return s.syntax("bad escape \\%c", s.data[s.pos])
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func (s *jsonScanner) number() error {
	start := s.pos
	for s.pos < len(s.data) && isNumberByte(s.data[s.pos]) {
		s.pos++
	}
	if !jsonNumber(string(s.data[start:s.pos])) {
		return s.syntax("bad number %q", s.data[start:s.pos])
	}
	return nil
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

func (s *jsonScanner) literal(word string) error {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return s.syntax("unexpected %q", s.data[s.pos])
	}
	s.pos += len(word)
	return nil
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *jsonScanner) peek(c byte) bool { return s.pos < len(s.data) && s.data[s.pos] == c }

// path renders the location of the value being scanned.
func (s *jsonScanner) path() *path {
	p := &path{}
	for _, st := range s.stack {
		if st.isIndex {
			p.pushIndex(st.index)
		} else {
			p.pushKey(s.keyString(st.key))
		}
	}
	return p
}

// line is the 1-based line of offset, or 0 for single-line input: that is usually JSON fleetkit wrote
// itself (a sub-document handed on), whose line would mislead.
func (s *jsonScanner) line(offset int) int {
	if bytes.IndexByte(s.data, '\n') < 0 {
		return 0
	}
	return bytes.Count(s.data[:offset], []byte{'\n'}) + 1
}

func (s *jsonScanner) syntax(format string, args ...any) error {
	return errNotJSON{&FieldError{Path: s.path().String(), Line: s.line(min(s.pos, len(s.data))),
		Reason: "invalid JSON: " + fmt.Sprintf(format, args...), kind: ErrSyntax}}
}
