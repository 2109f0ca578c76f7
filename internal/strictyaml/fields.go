package strictyaml

import (
	"reflect"
	"strings"
	"sync"
)

// fieldCache maps a struct type to its JSON fields.
var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// fieldsOf returns the JSON field names of struct type t and their types, by encoding/json's rules:
// `json` tag names, "-" skipped, embedded structs without a name promoted, and of several fields with one
// name the shallowest wins (a tagged one over untagged ones at the same depth; otherwise none).
func fieldsOf(t reflect.Type) map[string]reflect.Type {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]reflect.Type)
	}
	fields := collectFields(t)
	fieldCache.Store(t, fields)
	return fields
}

// candidate is one field found while walking embedded structs.
type candidate struct {
	typ    reflect.Type
	depth  int
	tagged bool
	count  int // fields with this name, depth and taggedness
}

func collectFields(root reflect.Type) map[string]reflect.Type {
	best := map[string]*candidate{}
	level := []reflect.Type{root}
	visited := map[reflect.Type]bool{}
	for depth := 0; len(level) > 0; depth++ {
		var next []reflect.Type
		for _, t := range level {
			if visited[t] {
				continue
			}
			visited[t] = true
			next = append(next, structFields(t, depth, best)...)
		}
		level = next
	}
	out := make(map[string]reflect.Type, len(best))
	for name, c := range best {
		if c.count == 1 {
			out[name] = c.typ
		}
	}
	return out
}

// structFields records the named fields of t at depth and returns its embedded structs to walk next.
func structFields(t reflect.Type, depth int, best map[string]*candidate) []reflect.Type {
	var embedded []reflect.Type
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := sf.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if sf.Anonymous && name == "" && ft.Kind() == reflect.Struct {
			embedded = append(embedded, ft)
			continue
		}
		if !sf.IsExported() {
			continue
		}
		if name == "" {
			name = sf.Name
		}
		record(best, name, candidate{typ: sf.Type, depth: depth, tagged: tag != "" && !strings.HasPrefix(tag, ",")})
	}
	return embedded
}

// record keeps the dominant field for name: shallower first, then tagged over untagged.
func record(best map[string]*candidate, name string, c candidate) {
	cur, ok := best[name]
	switch {
	case !ok || c.depth < cur.depth || (c.depth == cur.depth && c.tagged && !cur.tagged):
		c.count = 1
		best[name] = &c
	case c.depth == cur.depth && c.tagged == cur.tagged:
		cur.count++
	}
}
