package strictyaml

import (
	"reflect"
	"strings"
	"sync"
)

// plan is what the fast decoder needs to know about a type, worked out once: its kind, whether it decodes
// itself, its element's plan (pointers, slices, maps) or its fields' (structs).
type plan struct {
	typ         reflect.Type
	kind        reflect.Kind
	unmarshaler bool
	elem        *plan
	fields      map[string]fieldPlan
}

// fieldPlan locates a struct field by its index path.
type fieldPlan struct {
	index []int
	plan  *plan
}

// plans caches the plan of every root type the fast decoder was asked for (reflect.Type → *plan, nil
// when the type is not one it handles).
var plans sync.Map

func planFor(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	var p *plan
	if fastType(t) {
		p = buildPlan(t, map[reflect.Type]*plan{})
	}
	plans.Store(t, p)
	return p
}

// buildPlan makes the plan of a type fastType accepted; building records each plan before its children,
// so recursive types point back at themselves.
func buildPlan(t reflect.Type, built map[reflect.Type]*plan) *plan {
	if p, ok := built[t]; ok {
		return p
	}
	p := &plan{typ: t, kind: t.Kind(), unmarshaler: reflect.PointerTo(t).Implements(unmarshalerType)}
	built[t] = p
	switch {
	case p.unmarshaler:
	case p.kind == reflect.Pointer || p.kind == reflect.Slice || p.kind == reflect.Map:
		p.elem = buildPlan(t.Elem(), built)
	case p.kind == reflect.Struct:
		index := fastFieldsOf(t)
		p.fields = make(map[string]fieldPlan, len(index))
		for name, ix := range index {
			p.fields[name] = fieldPlan{index: ix, plan: buildPlan(t.FieldByIndex(ix).Type, built)}
		}
	}
	return p
}

func (d *fastDecoder) peek(c byte) bool { return d.pos < len(d.data) && d.data[d.pos] == c }

// fastTypes caches whether the fast decoder handles a type (reflect.Type → bool), and fastFields the
// field index paths of struct types (reflect.Type → map[string][]int).
var fastTypes, fastFields sync.Map

// fastType reports whether every type reachable from t is one the fast decoder handles.
func fastType(t reflect.Type) bool {
	if ok, cached := fastTypes.Load(t); cached {
		return ok.(bool)
	}
	ok := fastTypeWalk(t, map[reflect.Type]bool{})
	fastTypes.Store(t, ok)
	return ok
}

// fastTypeWalk checks t; seen breaks cycles of recursive types (a type on the current path is assumed
// fine: whatever else it reaches is checked where it is first met).
func fastTypeWalk(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return true
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return false // encoding/json would call UnmarshalText for strings
	}
	switch t.Kind() {
	case reflect.Pointer:
		return fastTypeWalk(t.Elem(), seen)
	case reflect.Slice:
		return t.Elem().Kind() != reflect.Uint8 && fastTypeWalk(t.Elem(), seen) // []byte is base64
	case reflect.Map:
		return t.Key().Kind() == reflect.String && !reflect.PointerTo(t.Key()).Implements(textUnmarshalerType) &&
			fastTypeWalk(t.Elem(), seen)
	case reflect.Struct:
		return fastStruct(t, seen)
	case reflect.String, reflect.Bool, reflect.Float32, reflect.Float64,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false // interfaces, arrays, channels, functions
}

// fastStruct checks a struct's fields: no ",string" option, no embedded pointers (encoding/json allocates
// them only when a promoted field is present), every field's type handled.
func fastStruct(t reflect.Type, seen map[reflect.Type]bool) bool {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		if _, opts, _ := strings.Cut(tag, ","); strings.Contains(","+opts+",", ",string,") {
			return false
		}
		name, _, _ := strings.Cut(tag, ",")
		if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Pointer {
			return false
		}
		if !sf.IsExported() && (!sf.Anonymous || name != "") {
			continue
		}
		if !fastTypeWalk(sf.Type, seen) {
			return false
		}
	}
	return true
}

// fastFieldsOf maps the JSON names of struct t to their field index paths, by encoding/json's rules (see
// fieldsOf). A struct that embeds one type twice at one depth gets no fields: encoding/json drops the
// fields such embedding promotes, so the strict decoder handles it.
func fastFieldsOf(t reflect.Type) map[string][]int {
	if f, ok := fastFields.Load(t); ok {
		return f.(map[string][]int)
	}
	best := map[string]*indexed{}
	current, visited := []embedding{{t: t}}, map[reflect.Type]bool{}
	for depth := 0; len(current) > 0 && best != nil; depth++ {
		if repeatedType(current) {
			best = nil
			break
		}
		var next []embedding
		for _, e := range current {
			if !visited[e.t] {
				visited[e.t] = true
				next = append(next, e.fields(depth, best)...)
			}
		}
		current = next
	}
	out := make(map[string][]int, len(best))
	for name, c := range best {
		if c.count == 1 {
			out[name] = c.index
		}
	}
	fastFields.Store(t, out)
	return out
}

// embedding is a struct type reached through embedded fields, and the index path to it.
type embedding struct {
	t     reflect.Type
	index []int
}

// fields records the named fields of e at depth and returns the structs it embeds.
func (e embedding) fields(depth int, best map[string]*indexed) []embedding {
	var next []embedding
	for i := range e.t.NumField() {
		sf := e.t.Field(i)
		index := append(append([]int(nil), e.index...), i)
		if name, embedded := fastFieldName(sf); embedded {
			next = append(next, embedding{t: sf.Type, index: index})
		} else if name != "" {
			recordIndexed(best, name, indexed{index: index, depth: depth, tagged: fastTagged(sf)})
		}
	}
	return next
}

func repeatedType(level []embedding) bool {
	seen := make(map[reflect.Type]bool, len(level))
	for _, e := range level {
		if seen[e.t] {
			return true
		}
		seen[e.t] = true
	}
	return false
}

// indexed is one candidate field for a JSON name.
type indexed struct {
	index  []int
	depth  int
	tagged bool
	count  int
}

// fastFieldName returns a field's JSON name, or embedded for an embedded struct whose fields are
// promoted; "" for a field that is not decoded.
func fastFieldName(sf reflect.StructField) (name string, embedded bool) {
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return "", false
	}
	name, _, _ = strings.Cut(tag, ",")
	if sf.Anonymous && name == "" && sf.Type.Kind() == reflect.Struct {
		return "", true
	}
	if !sf.IsExported() {
		return "", false
	}
	if name == "" {
		name = sf.Name
	}
	return name, false
}

func fastTagged(sf reflect.StructField) bool {
	tag := sf.Tag.Get("json")
	return tag != "" && !strings.HasPrefix(tag, ",")
}

// recordIndexed keeps the dominant field for name: shallower first, then tagged over untagged.
func recordIndexed(best map[string]*indexed, name string, c indexed) {
	cur, ok := best[name]
	switch {
	case !ok || c.depth < cur.depth || (c.depth == cur.depth && c.tagged && !cur.tagged):
		c.count = 1
		best[name] = &c
	case c.depth == cur.depth && c.tagged == cur.tagged:
		cur.count++
	}
}
