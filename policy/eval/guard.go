package eval

import (
	"errors"
	"reflect"
	"slices"
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
			next, exists := c[key]
			if _, ok := next.(map[string]any); !ok {
				if _, isList := next.([]any); !isList || !exists {
					next = map[string]any{}
					c[key] = next
				}
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

// guard marks a JSON object of a kind fleetkit has no defaulting for: the API server may set any key it
// lacks, so reading an absent key, or the size or keys of an object, is undecidable. Present values are
// read as they are.
type guard struct {
	req  *request
	path string
}

func (g *guard) child(key string) *guard {
	if g == nil {
		return nil
	}
	if g.path == "" {
		return &guard{req: g.req, path: key}
	}
	return &guard{req: g.req, path: g.path + "." + key}
}

func (g *guard) undecidable(what string) ref.Val {
	f := &unknownField{field: what, reason: "the API server may set it: fleetkit does not know this kind's defaults"}
	g.req.unknownRead(f)
	return types.WrapErr(f)
}

// jsonValue is the CEL value of a value of the JSON form: objects and arrays convert their members on
// first read and keep them, so an input read by many expressions is converted once per request.
func jsonValue(v any, g *guard) ref.Val {
	switch t := v.(type) {
	case map[string]any:
		return &jsonMap{m: t, guard: g}
	case []any:
		return &jsonList{l: t, guard: g}
	}
	return types.DefaultTypeAdapter.NativeToValue(v)
}

// jsonMap is a JSON object as CEL reads it. Expressions read few keys of each object, so the converted
// values are kept in a short list rather than a map.
type jsonMap struct {
	m     map[string]any
	vals  []keyVal
	guard *guard
}

type keyVal struct {
	key string
	val ref.Val
}

var (
	_ traits.Mapper = (*jsonMap)(nil)
	_ traits.Lister = (*jsonList)(nil)
)

// Find implements traits.Mapper.
func (j *jsonMap) Find(key ref.Val) (ref.Val, bool) {
	k, ok := key.(types.String)
	if !ok {
		return types.MaybeNoSuchOverloadErr(key), false
	}
	for i := range j.vals {
		if j.vals[i].key == string(k) {
			return j.vals[i].val, true
		}
	}
	raw, ok := j.m[string(k)]
	if !ok {
		if j.guard != nil {
			return j.guard.child(string(k)).undecidable(j.guard.child(string(k)).path), true
		}
		return nil, false
	}
	v := jsonValue(raw, j.guard.child(string(k)))
	j.vals = append(j.vals, keyVal{key: string(k), val: v})
	return v, true
}

// Get implements traits.Indexer.
func (j *jsonMap) Get(key ref.Val) ref.Val {
	v, found := j.Find(key)
	if !found {
		return types.ValOrErr(v, "no such key: %v", key)
	}
	return v
}

// Contains implements traits.Container.
func (j *jsonMap) Contains(key ref.Val) ref.Val {
	v, found := j.Find(key)
	if v != nil && types.IsUnknownOrError(v) {
		return v
	}
	return types.Bool(found)
}

// Size implements traits.Sizer.
func (j *jsonMap) Size() ref.Val {
	if j.guard != nil {
		j.guard.undecidable(j.guard.path + " (its size)")
	}
	return types.Int(len(j.m))
}

// Iterator implements traits.Iterable: the keys, in a stable order.
func (j *jsonMap) Iterator() traits.Iterator {
	if j.guard != nil {
		j.guard.undecidable(j.guard.path + " (its keys)")
	}
	keys := make([]any, 0, len(j.m))
	for k := range j.m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b any) int { return compareStrings(a.(string), b.(string)) })
	return (&jsonList{l: keys}).Iterator()
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (j *jsonMap) plain() traits.Mapper {
	return types.NewStringInterfaceMap(types.DefaultTypeAdapter, j.m)
}

// ConvertToNative implements ref.Val.
func (j *jsonMap) ConvertToNative(t reflect.Type) (any, error) {
	if j.guard != nil {
		j.guard.undecidable(j.guard.path)
	}
	return j.plain().ConvertToNative(t)
}

// ConvertToType implements ref.Val.
func (j *jsonMap) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case types.MapType:
		return j
	case types.TypeType:
		return types.MapType
	}
	return types.NewErr("type conversion error from '%s' to '%s'", types.MapType, t)
}

// Equal implements ref.Val.
func (j *jsonMap) Equal(other ref.Val) ref.Val {
	if j.guard != nil {
		j.guard.undecidable(j.guard.path)
	}
	return j.plain().Equal(other)
}

// Type implements ref.Val.
func (j *jsonMap) Type() ref.Type { return types.MapType }

// Value implements ref.Val.
func (j *jsonMap) Value() any { return j.m }

// jsonList is a JSON array as CEL reads it.
type jsonList struct {
	l     []any
	vals  []ref.Val
	guard *guard
}

func (j *jsonList) item(i int) ref.Val {
	if j.vals == nil {
		j.vals = make([]ref.Val, len(j.l))
	}
	if v := j.vals[i]; v != nil {
		return v
	}
	var g *guard
	if j.guard != nil {
		g = &guard{req: j.guard.req, path: j.guard.path + "[" + strconv.Itoa(i) + "]"}
	}
	v := jsonValue(j.l[i], g)
	j.vals[i] = v
	return v
}

func (j *jsonList) plain() traits.Lister {
	return types.NewDynamicList(types.DefaultTypeAdapter, j.l)
}

// Get implements traits.Indexer.
func (j *jsonList) Get(index ref.Val) ref.Val {
	i, err := types.IndexOrError(index)
	if err != nil {
		return types.WrapErr(err)
	}
	if i < 0 || i >= len(j.l) {
		return types.NewErr("index out of bounds: %v", index)
	}
	return j.item(i)
}

// Size implements traits.Sizer.
func (j *jsonList) Size() ref.Val { return types.Int(len(j.l)) }

// Iterator implements traits.Iterable.
func (j *jsonList) Iterator() traits.Iterator { return &jsonIterator{list: j} }

// Add implements traits.Adder.
func (j *jsonList) Add(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok {
		return types.MaybeNoSuchOverloadErr(other)
	}
	n, _ := o.Size().(types.Int)
	if n == 0 {
		return j
	}
	if len(j.l) == 0 {
		return o
	}
	items := make([]ref.Val, 0, len(j.l)+int(n))
	for i := range j.l {
		items = append(items, j.item(i))
	}
	for it := o.Iterator(); it.HasNext() == types.True; {
		items = append(items, it.Next())
	}
	return types.NewRefValList(types.DefaultTypeAdapter, items)
}

// Contains implements traits.Container, as cel-go's lists do.
func (j *jsonList) Contains(v ref.Val) ref.Val {
	for i := range j.l {
		if v.Equal(j.item(i)) == types.True {
			return types.True
		}
	}
	return types.False
}

// ConvertToNative implements ref.Val.
func (j *jsonList) ConvertToNative(t reflect.Type) (any, error) {
	if j.guard != nil {
		j.guard.undecidable(j.guard.path)
	}
	return j.plain().ConvertToNative(t)
}

// ConvertToType implements ref.Val.
func (j *jsonList) ConvertToType(t ref.Type) ref.Val {
	switch t {
	case types.ListType:
		return j
	case types.TypeType:
		return types.ListType
	}
	return types.NewErr("type conversion error from '%s' to '%s'", types.ListType, t)
}

// Equal implements ref.Val, as cel-go's lists do.
func (j *jsonList) Equal(other ref.Val) ref.Val {
	o, ok := other.(traits.Lister)
	if !ok || o.Size() != types.Int(len(j.l)) {
		return types.False
	}
	for i := range j.l {
		if types.Equal(j.item(i), o.Get(types.Int(i))) == types.False {
			return types.False
		}
	}
	return types.True
}

// Type implements ref.Val.
func (j *jsonList) Type() ref.Type { return types.ListType }

// Value implements ref.Val.
func (j *jsonList) Value() any { return j.l }

type jsonIterator struct {
	list *jsonList
	next int
}

func (it *jsonIterator) HasNext() ref.Val { return types.Bool(it.next < len(it.list.l)) }

func (it *jsonIterator) Next() ref.Val {
	v := it.list.item(it.next)
	it.next++
	return v
}

func (it *jsonIterator) ConvertToNative(reflect.Type) (any, error) {
	return nil, errors.New("eval: an iterator has no native form")
}

func (it *jsonIterator) ConvertToType(ref.Type) ref.Val { return types.NoSuchOverloadErr() }
func (it *jsonIterator) Equal(ref.Val) ref.Val          { return types.NoSuchOverloadErr() }
func (it *jsonIterator) Type() ref.Type                 { return types.IteratorType }
func (it *jsonIterator) Value() any                     { return nil }
