package strictyaml

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// maxLocated caps the problems one decode reports.
const maxLocated = 20

// locator walks a document beside the Go type it is decoded into, to say where and why the decode failed:
// unknown fields, values of the wrong type, and values a type's own UnmarshalJSON refuses (a quantity),
// each with its path and line. It runs only after a decode failed, so it may be slow.
type locator struct {
	path path
	errs []error
	// noLines drops line numbers that would mislead: those of single-line JSON, which is usually JSON
	// fleetkit wrote itself (a sub-document handed on), not the user's text.
	noLines bool
}

func (l *locator) add(kind error, line int, format string, args ...any) {
	if l.noLines {
		line = 0
	}
	if len(l.errs) < maxLocated {
		l.errs = append(l.errs, fieldError(kind, &l.path, line, format, args...))
	}
}

func (l *locator) walk(n *yaml.Node, t reflect.Type) {
	if n = resolve(n); len(l.errs) >= maxLocated || isNull(n) {
		return
	}
	if l.custom(n, t) {
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		l.walk(n, t.Elem())
	case reflect.Interface:
	case reflect.Struct:
		l.structure(n, t)
	case reflect.Map:
		l.mapping(n, t)
	case reflect.Slice, reflect.Array:
		l.list(n, t)
	default:
		l.scalar(n, t)
	}
}

// custom checks a value whose type decodes itself, by calling that decoder on the value alone.
func (l *locator) custom(n *yaml.Node, t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	switch {
	case t.Kind() != reflect.Pointer && pt.Implements(jsonUnmarshaler):
		js, err := toJSON(n, 64)
		if err != nil {
			l.errs = append(l.errs, err)
			return true
		}
		if err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(js); err != nil {
			l.add(ErrType, n.Line, "invalid value %s: %s", describe(n), err.Error())
		}
		return true
	case t.Kind() != reflect.Pointer && pt.Implements(textUnmarshaler):
		if !isString(n) {
			l.add(ErrType, n.Line, "expected a string, got %s", describe(n))
		} else if err := reflect.New(t).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			l.add(ErrType, n.Line, "invalid value %s: %s", describe(n), err.Error())
		}
		return true
	}
	return false
}

func (l *locator) structure(n *yaml.Node, t reflect.Type) {
	if n.Kind != yaml.MappingNode {
		l.add(ErrType, n.Line, "expected a mapping, got %s", describe(n))
		return
	}
	fields := fieldsOf(t)
	for _, p := range mergedPairs(n) {
		l.path.pushKey(p.key)
		if ft, ok := fields[p.key]; ok {
			l.walk(p.value, ft)
		} else {
			l.add(ErrUnknownField, p.line, "unknown field%s", suggest(p.key, fields))
		}
		l.path.pop()
	}
}

func (l *locator) mapping(n *yaml.Node, t reflect.Type) {
	if n.Kind != yaml.MappingNode {
		l.add(ErrType, n.Line, "expected a mapping, got %s", describe(n))
		return
	}
	for _, p := range mergedPairs(n) {
		l.path.pushKey(p.key)
		l.mapKey(p, t.Key())
		l.walk(p.value, t.Elem())
		l.path.pop()
	}
}

// mapKey checks a key against a map's key type, as encoding/json converts it.
func (l *locator) mapKey(p pair, kt reflect.Type) {
	switch {
	case kt.Kind() == reflect.String:
	case reflect.PointerTo(kt).Implements(textUnmarshaler):
		if err := reflect.New(kt).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(p.key)); err != nil {
			l.add(ErrType, p.line, "invalid key: %s", err.Error())
		}
	default:
		if !fitsKind(p.key, kt) {
			l.add(ErrType, p.line, "key %q is not a %s", p.key, kt)
		}
	}
}

func (l *locator) list(n *yaml.Node, t reflect.Type) {
	if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
		if !isString(n) {
			l.add(ErrType, n.Line, "expected base64 text, got %s", describe(n))
		} else if _, err := base64.StdEncoding.DecodeString(n.Value); err != nil {
			l.add(ErrType, n.Line, "invalid base64: %s", err.Error())
		}
		return
	}
	if n.Kind != yaml.SequenceNode {
		l.add(ErrType, n.Line, "expected a list, got %s", describe(n))
		return
	}
	for i, c := range n.Content {
		l.path.pushIndex(i)
		l.walk(c, t.Elem())
		l.path.pop()
	}
}

func (l *locator) scalar(n *yaml.Node, t reflect.Type) {
	tag := n.ShortTag()
	switch k := t.Kind(); {
	case k == reflect.String:
		l.text(n)
	case k == reflect.Bool:
		if n.Kind != yaml.ScalarNode || tag != tagBool {
			l.add(ErrType, n.Line, "expected true or false, got %s", describe(n))
		}
	case k >= reflect.Int && k <= reflect.Uint64:
		l.integer(n, t)
	case k == reflect.Float32 || k == reflect.Float64:
		if n.Kind != yaml.ScalarNode || (tag != tagInt && tag != tagFloat) {
			l.add(ErrType, n.Line, "expected a number, got %s", describe(n))
		}
	}
}

// text checks that n is a scalar YAML does not resolve to a bool or a number.
func (l *locator) text(n *yaml.Node) {
	if tag := n.ShortTag(); n.Kind != yaml.ScalarNode || tag == tagBool || tag == tagInt || tag == tagFloat {
		l.add(ErrType, n.Line, "expected a string, got %s (quote it to keep it text)", describe(n))
	}
}

// integer checks that n is an integer scalar that fits t's integer kind.
func (l *locator) integer(n *yaml.Node, t reflect.Type) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != tagInt {
		l.add(ErrType, n.Line, "expected an integer, got %s", describe(n))
	} else if !fitsKind(strings.ReplaceAll(n.Value, "_", ""), t) {
		l.add(ErrType, n.Line, "%s is out of range for %s", n.Value, t.Kind())
	}
}

// fitsKind reports whether s is an integer that fits t's integer kind.
func fitsKind(s string, t reflect.Type) bool {
	switch k := t.Kind(); {
	case k >= reflect.Int && k <= reflect.Int64:
		_, err := strconv.ParseInt(s, 0, t.Bits())
		return err == nil
	case k >= reflect.Uint && k <= reflect.Uint64:
		_, err := strconv.ParseUint(s, 0, t.Bits())
		return err == nil
	}
	return false
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == tagNull }

func isString(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case tagBool, tagInt, tagFloat, tagNull:
		return false
	}
	return true
}

// describe names a node's type and value for messages: `string "x"`, `integer 3`, `a mapping`.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	v := n.Value
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	switch n.ShortTag() {
	case tagBool:
		return "boolean " + v
	case tagInt:
		return "integer " + v
	case tagFloat:
		return "number " + v
	case tagNull:
		return "null"
	}
	return fmt.Sprintf("string %q", v)
}

// pair is one key and value of a mapping after merge keys are applied.
type pair struct {
	key   string
	line  int
	value *yaml.Node
}

// mergedPairs lists n's pairs as the writer emits them: explicit keys, then merged ones not set. Keys that
// are not scalars were refused when the document was converted.
func mergedPairs(n *yaml.Node) []pair {
	var out []pair
	seen := map[string]bool{}
	var walk func(m *yaml.Node)
	walk = func(m *yaml.Node) {
		var merges []*yaml.Node
		for i := 0; i+1 < len(m.Content); i += 2 {
			k := resolve(m.Content[i])
			if isMerge(k) {
				merges = append(merges, resolve(m.Content[i+1]))
				continue
			}
			if !seen[k.Value] {
				seen[k.Value] = true
				out = append(out, pair{key: k.Value, line: m.Content[i].Line, value: m.Content[i+1]})
			}
		}
		for _, v := range merges {
			if v.Kind == yaml.MappingNode {
				walk(v)
				continue
			}
			for _, item := range v.Content {
				if item = resolve(item); item.Kind == yaml.MappingNode {
					walk(item)
				}
			}
		}
	}
	walk(n)
	return out
}
