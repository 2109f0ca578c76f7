package eval

import (
	"errors"
	"reflect"
	"strconv"

	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"

	"github.com/fleetkit/fleetkit/policy/defaults"
)

// unknownField is the value CEL reads in place of a field whose value the API server sets and offline
// evaluation cannot know: reading it is an error, and an evaluation that hits it is undecidable.
type unknownField struct {
	field  string
	reason string
}

func (u *unknownField) Error() string {
	return u.field + " is unknown offline: " + u.reason
}

// markUnknown puts an unknownField error value at every path of fields into the JSON form m, creating the
// parent objects the path needs.
func markUnknown(m map[string]any, fields []defaults.Field) {
	for _, f := range fields {
		setPath(m, f.Path, types.WrapErr(&unknownField{field: f.String(), reason: f.Reason}))
	}
}

func setPath(m map[string]any, path []string, v any) {
	var cur any = m
	for i, key := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				c[key] = v
				return
			}
			next, ok := c[key].(map[string]any)
			if _, isList := c[key].([]any); isList {
				cur = c[key]
				continue
			}
			if !ok {
				next = map[string]any{}
				c[key] = next
			}
			cur = next
		case []any:
			idx, err := strconv.Atoi(key)
			if err != nil || idx < 0 || idx >= len(c) {
				return
			}
			if last {
				c[idx] = v
				return
			}
			cur = c[idx]
		default:
			return
		}
	}
}

// guardedMap is a JSON object of a kind fleetkit has no defaulting for: the API server may set any key it
// lacks, so reading an absent key, its size or its keys is undecidable. Present values are read as they are.
type guardedMap struct {
	m    map[string]any
	path string
	req  *request
}

var (
	_ traits.Mapper = (*guardedMap)(nil)
	_ traits.Lister = (*guardedList)(nil)
)

func guard(v any, path string, req *request) ref.Val {
	switch t := v.(type) {
	case map[string]any:
		return &guardedMap{m: t, path: path, req: req}
	case []any:
		return &guardedList{l: t, path: path, req: req}
	}
	return types.DefaultTypeAdapter.NativeToValue(v)
}

func (g *guardedMap) undecidable(what string) ref.Val {
	f := &unknownField{field: what, reason: "the API server may set it: fleetkit does not know this kind's defaults"}
	g.req.unknownRead(f)
	return types.WrapErr(f)
}

func (g *guardedMap) child(key string) string {
	if g.path == "" {
		return key
	}
	return g.path + "." + key
}

// Find implements traits.Mapper.
func (g *guardedMap) Find(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(key), false
	}
	v, ok := g.m[string(k)]
	if !ok {
		return g.undecidable(g.child(string(k))), true
	}
	return guard(v, g.child(string(k)), g.req), true
}

// Get implements traits.Indexer.
func (g *guardedMap) Get(key ref.Val) ref.Val {
	v, _ := g.Find(key)
	return v
}

// Contains implements traits.Container.
func (g *guardedMap) Contains(key ref.Val) ref.Val {
	v, _ := g.Find(key)
	if types.IsError(v) {
		return v
	}
	return types.True
}

// Size implements traits.Sizer.
func (g *guardedMap) Size() ref.Val {
	g.undecidable(g.path + " (its size)")
	return types.Int(len(g.m))
}

// Iterator implements traits.Iterable: the keys the object has, after recording that there may be more.
func (g *guardedMap) Iterator() traits.Iterator {
	g.undecidable(g.path + " (its keys)")
	return g.plain().Iterator()
}

func (g *guardedMap) plain() traits.Mapper {
	return types.NewStringInterfaceMap(types.DefaultTypeAdapter, g.m)
}

// ConvertToNative implements ref.Val.
func (g *guardedMap) ConvertToNative(t reflect.Type) (any, error) {
	g.undecidable(g.path)
	return g.plain().ConvertToNative(t)
}

// ConvertToType implements ref.Val.
func (g *guardedMap) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case types.MapType:
		return g
	case types.TypeType:
		return types.MapType
	}
	return types.NewErr("type conversion error from '%s' to '%s'", types.MapType, t)
}

// Equal implements ref.Val.
func (g *guardedMap) Equal(other ref.Val) ref.Val {
	g.undecidable(g.path)
	return g.plain().Equal(other)
}

// Type implements ref.Val.
func (g *guardedMap) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (g *guardedMap) Value() any { return g.m }

// guardedList is a JSON array inside a guardedMap: its items are guarded in turn.
type guardedList struct {
	l    []any
	path string
	req  *request
}

func (g *guardedList) item(i int) ref.Val {
	return guard(g.l[i], g.path+"["+strconv.Itoa(i)+"]", g.req)
}

func (g *guardedList) plain() traits.Lister {
	return types.NewDynamicList(types.DefaultTypeAdapter, g.l)
}

// Get implements traits.Indexer.
func (g *guardedList) Get(index ref.Val) ref.Val {
	i, ok := index.(types.Int)
	if !ok || i < 0 || int(i) >= len(g.l) {
		return g.plain().Get(index)
	}
	return g.item(int(i))
}

// Size implements traits.Sizer.
func (g *guardedList) Size() ref.Val { return types.Int(len(g.l)) }

// Iterator implements traits.Iterable.
func (g *guardedList) Iterator() traits.Iterator { return &guardedIterator{list: g} }

// Add implements traits.Adder.
func (g *guardedList) Add(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	items := make([]ref.Val, 0, len(g.l))
	for i := range g.l {
		items = append(items, g.item(i))
	}
	for it := o.Iterator(); it.HasNext() == types.True; {
		items = append(items, it.Next())
	}
	return types.NewRefValList(types.DefaultTypeAdapter, items)
}

// Contains implements traits.Container.
func (g *guardedList) Contains(v ref.Val) ref.Val {
	for i := range g.l {
		if g.item(i).Equal(v) == types.True {
			return types.True
		}
	}
	return types.False
}

// ConvertToNative implements ref.Val.
func (g *guardedList) ConvertToNative(t reflect.Type) (any, error) {
	g.req.unknownRead(&unknownField{field: g.path, reason: "the API server may set fields of its items"})
	return g.plain().ConvertToNative(t)
}

// ConvertToType implements ref.Val.
func (g *guardedList) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case types.ListType:
		return g
	case types.TypeType:
		return types.ListType
	}
	return types.NewErr("type conversion error from '%s' to '%s'", types.ListType, t)
}

// Equal implements ref.Val.
func (g *guardedList) Equal(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok || o.Size() != g.Size() {
		return types.False
	}
	for i := range g.l {
		if eq := g.item(i).Equal(o.Get(types.Int(i))); eq != types.True {
			return eq
		}
	}
	return types.True
}

// Type implements ref.Val.
func (g *guardedList) Type() ref.Type { return types.ListType }

// Value implements ref.Val.
func (g *guardedList) Value() any { return g.l }

type guardedIterator struct {
	list *guardedList
	next int
}

func (it *guardedIterator) HasNext() ref.Val { return types.Bool(it.next < len(it.list.l)) }

func (it *guardedIterator) Next() ref.Val {
	v := it.list.item(it.next)
	it.next++
	return v
}

func (it *guardedIterator) ConvertToNative(reflect.Type) (any, error) {
	return nil, errors.New("eval: an iterator has no native form")
}

func (it *guardedIterator) ConvertToType(ref.Type) ref.Val { return types.NoSuchOverloadErr() }
func (it *guardedIterator) Equal(ref.Val) ref.Val          { return types.NoSuchOverloadErr() }
func (it *guardedIterator) Type() ref.Type                 { return types.IteratorType }
func (it *guardedIterator) Value() any                     { return nil }
