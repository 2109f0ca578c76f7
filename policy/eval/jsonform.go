package eval

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// jsonForm converts obj to the JSON form CEL reads, exactly as runtime.DefaultUnstructuredConverter's
// ToUnstructured does (the converter kube-apiserver's admission CEL uses), but with a conversion plan built
// once per type instead of reflecting on every field of every object. Types the plans do not cover (JSON
// marshalers other than IntOrString) fall back to ToUnstructured for the whole object. A test holds the two
// equal on every generated manifest.
func jsonForm(obj runtime.Object) (map[string]any, error) {
	if u, ok := obj.(runtime.Unstructured); ok {
		return u.UnstructuredContent(), nil
	}
	v := reflect.ValueOf(obj)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	}
	p := planOf(v.Elem().Type())
	if p.fill == nil {
		return runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	}
	m := map[string]any{}
	err := p.fill(v.Elem(), m)
	if errors.Is(err, errNoPlan) {
		return runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	}
	return m, err
}

// errNoPlan marks a value the plans do not convert.
var errNoPlan = errors.New("eval: no conversion plan")

// plan converts values of one type. encode returns the value to store (nil stores nothing at the top
// level and a null in a struct field); fill, for structs, adds the fields to m.
type plan struct {
	encode func(reflect.Value) (any, error)
	fill   func(reflect.Value, map[string]any) error
}

// plans holds the complete plans; a plan is published only once every plan it refers to is built.
var (
	plans   sync.Map // reflect.Type → *plan
	plansMu sync.Mutex
)

// unstructuredConverter is the interface of types with their own JSON form (Quantity, Time, Duration).
type unstructuredConverter interface{ ToUnstructured() any }

type isZeroer interface{ IsZero() bool }

var (
	converterType = reflect.TypeFor[unstructuredConverter]()
	marshalerType = reflect.TypeFor[interface{ MarshalJSON() ([]byte, error) }]()
	isZeroerType  = reflect.TypeFor[isZeroer]()
	intOrString   = reflect.TypeFor[intstr.IntOrString]()
)

func planOf(t reflect.Type) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	building := map[reflect.Type]*plan{}
	p := planLocked(t, building)
	for bt, bp := range building {
		plans.Store(bt, bp)
	}
	return p
}

// planLocked returns the plan of t, building it and the plans it needs into building. Recursive types
// refer to a plan before it is complete; it is only used once published.
func planLocked(t reflect.Type, building map[reflect.Type]*plan) *plan {
	if p, ok := plans.Load(t); ok {
		return p.(*plan)
	}
	if p, ok := building[t]; ok {
		return p
	}
	p := &plan{}
	building[t] = p
	build(t, p, building)
	return p
}

func build(t reflect.Type, p *plan, building map[reflect.Type]*plan) {
	switch {
	case t == intOrString:
		p.encode = encodeIntOrString
	case t.Kind() == reflect.Pointer && t.Elem() == intOrString:
		p.encode = func(v reflect.Value) (any, error) {
			if v.IsNil() {
				return nil, nil
			}
			return encodeIntOrString(v.Elem())
		}
	case t.Implements(converterType) || reflect.PointerTo(t).Implements(converterType):
		p.encode = encodeConverter(t)
	case t.Implements(marshalerType) || reflect.PointerTo(t).Implements(marshalerType):
		p.encode = func(reflect.Value) (any, error) { return nil, errNoPlan }
	default:
		buildKind(t, p, building)
	}
}

func buildKind(t reflect.Type, p *plan, building map[reflect.Type]*plan) {
	switch t.Kind() {
	case reflect.String:
		p.encode = func(v reflect.Value) (any, error) { return v.String(), nil }
	case reflect.Bool:
		p.encode = func(v reflect.Value) (any, error) { return v.Bool(), nil }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		p.encode = func(v reflect.Value) (any, error) { return v.Int(), nil }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		p.encode = encodeUint
	case reflect.Float32, reflect.Float64:
		p.encode = func(v reflect.Value) (any, error) { return v.Float(), nil }
	case reflect.Map:
		p.encode = encodeMap(t, building)
	case reflect.Slice:
		p.encode = encodeSlice(t, building)
	case reflect.Pointer:
		elem := planLocked(t.Elem(), building)
		p.encode = func(v reflect.Value) (any, error) {
			if v.IsNil() {
				return nil, nil
			}
			return elem.encode(v.Elem())
		}
	case reflect.Struct:
		p.fill = fillStruct(t, building)
		p.encode = func(v reflect.Value) (any, error) {
			m := make(map[string]any, min(t.NumField(), 8))
			return m, p.fill(v, m)
		}
	case reflect.Interface:
		p.encode = func(v reflect.Value) (any, error) {
			if v.IsNil() {
				return nil, nil
			}
			return planOf(v.Elem().Type()).encode(v.Elem())
		}
	default:
		p.encode = func(reflect.Value) (any, error) { return nil, fmt.Errorf("unrecognized type: %v", t.Kind()) }
	}
}

func encodeUint(v reflect.Value) (any, error) {
	u := v.Uint()
	if u > math.MaxInt64 {
		return nil, fmt.Errorf("unsigned value %d does not fit into int64 (overflow)", u)
	}
	return int64(u), nil
}

func encodeIntOrString(v reflect.Value) (any, error) {
	is := v.Interface().(intstr.IntOrString)
	if is.Type == intstr.Int {
		return int64(is.IntVal), nil
	}
	return is.StrVal, nil
}

// encodeConverter calls ToUnstructured, on the value or, for pointer receivers, on its address.
func encodeConverter(t reflect.Type) func(reflect.Value) (any, error) {
	byValue := t.Implements(converterType)
	return func(v reflect.Value) (any, error) {
		if v.Kind() == reflect.Pointer && v.IsNil() {
			return nil, nil
		}
		if byValue {
			return v.Interface().(unstructuredConverter).ToUnstructured(), nil
		}
		if !v.CanAddr() {
			return nil, errNoPlan
		}
		return v.Addr().Interface().(unstructuredConverter).ToUnstructured(), nil
	}
}

func encodeMap(t reflect.Type, building map[reflect.Type]*plan) func(reflect.Value) (any, error) {
	if t.Key().Kind() != reflect.String {
		return func(reflect.Value) (any, error) { return nil, errNoPlan }
	}
	elem := planLocked(t.Elem(), building)
	return func(v reflect.Value) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		m := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			e, err := elem.encode(it.Value())
			if err != nil {
				return nil, err
			}
			m[it.Key().String()] = e
		}
		return m, nil
	}
}

func encodeSlice(t reflect.Type, building map[reflect.Type]*plan) func(reflect.Value) (any, error) {
	if t.Elem().Kind() == reflect.Uint8 {
		return func(v reflect.Value) (any, error) {
			if v.IsNil() {
				return nil, nil
			}
			return base64.StdEncoding.EncodeToString(v.Bytes()), nil
		}
	}
	elem := planLocked(t.Elem(), building)
	return func(v reflect.Value) (any, error) {
		if v.IsNil() {
			return nil, nil
		}
		out := make([]any, v.Len())
		for i := range out {
			e, err := elem.encode(v.Index(i))
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return out, nil
	}
}

// field is how one struct field is converted, following the json tag as ToUnstructured reads it.
type field struct {
	index     int
	name      string
	omitempty bool
	omitzero  func(reflect.Value) bool
	plan      *plan
}

func fillStruct(t reflect.Type, building map[reflect.Type]*plan) func(reflect.Value, map[string]any) error {
	var fields []field
	for i := range t.NumField() {
		if f, ok := structField(t, i, building); ok {
			fields = append(fields, f)
		}
	}
	return func(v reflect.Value, m map[string]any) error {
		for i := range fields {
			f := &fields[i]
			fv := v.Field(f.index)
			if (f.omitempty && isEmpty(fv)) || (f.omitzero != nil && f.omitzero(fv)) {
				continue
			}
			if f.name == "" {
				if err := fillInline(f.plan, fv, m); err != nil {
					return err
				}
				continue
			}
			e, err := encodeField(f, fv)
			if err != nil {
				return err
			}
			m[f.name] = e
		}
		return nil
	}
}

func structField(t reflect.Type, i int, building map[reflect.Type]*plan) (field, bool) {
	sf := t.Field(i)
	f := field{index: i, plan: planLocked(sf.Type, building)}
	tag := sf.Tag.Get("json")
	items := strings.Split(tag, ",")
	f.name = items[0]
	if f.name == "" && !sf.Anonymous {
		f.name = sf.Name
	}
	if f.name == "-" {
		return field{}, false
	}
	for _, item := range items[1:] {
		switch item {
		case "omitempty":
			f.omitempty = true
		case "omitzero":
			f.omitzero = omitZero(sf.Type)
		}
	}
	return f, true
}

// encodeField stores fields of basic kinds as ToUnstructured does in a struct: directly, whatever methods
// their type has, and unsigned integers unsigned.
func encodeField(f *field, v reflect.Value) (any, error) {
	switch v.Kind() {
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint(), nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), nil
	}
	return f.plan.encode(v)
}

// fillInline merges an inlined (anonymous, untagged) field into m.
func fillInline(p *plan, v reflect.Value, m map[string]any) error {
	if p.fill != nil {
		return p.fill(v, m)
	}
	return errNoPlan
}

// isEmpty is ToUnstructured's omitempty test.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Map, reflect.Slice:
		return v.IsNil() || v.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return v.IsNil()
	}
	return false
}

// omitZero is the omitzero test of ToUnstructured: a type's own IsZero, or the zero value.
func omitZero(t reflect.Type) func(reflect.Value) bool {
	switch {
	case (t.Kind() == reflect.Interface || t.Kind() == reflect.Pointer) && t.Implements(isZeroerType):
		return func(v reflect.Value) bool {
			if v.IsNil() || (t.Kind() == reflect.Interface && v.Elem().Kind() == reflect.Pointer && v.Elem().IsNil()) {
				return true
			}
			return v.Interface().(isZeroer).IsZero()
		}
	case t.Implements(isZeroerType):
		return func(v reflect.Value) bool { return v.Interface().(isZeroer).IsZero() }
	case reflect.PointerTo(t).Implements(isZeroerType):
		return func(v reflect.Value) bool {
			if !v.CanAddr() {
				c := reflect.New(t).Elem()
				c.Set(v)
				v = c
			}
			return v.Addr().Interface().(isZeroer).IsZero()
		}
	}
	return reflect.Value.IsZero
}
