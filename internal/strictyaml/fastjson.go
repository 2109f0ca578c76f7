package strictyaml

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
)

// errFallback says the fast decoder met something it does not handle (or bad input): the strict decoder
// decodes the document again and reports what is wrong.
var errFallback = errors.New("strictyaml: fast path not taken")

// fastDecode decodes JSON that the scanner has checked (syntax, duplicate keys, limits) into the value
// into points to, as sigs.k8s.io/json's UnmarshalStrict with DisallowUnknownFields would: field names match
// exactly, an unknown field is an error, json.Unmarshaler types decode themselves. It handles the types
// fleetkit's files fill (structs, pointers, slices, maps with string keys, strings, numbers, booleans,
// Unmarshalers) in one pass without encoding/json's byte-by-byte state machine; for anything else (an
// interface, an unknown field, a null where no pointer, slice or map is, a number that does not fit) it
// returns errFallback, having possibly filled part of into with the same values the strict decoder will
// write again.
func fastDecode(data []byte, into any) error {
	v := reflect.ValueOf(into)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return errFallback
	}
	p := planFor(v.Type().Elem())
	if p == nil {
		return errFallback
	}
	d := fastDecoder{data: data}
	if err := d.value(v.Elem(), p); err != nil {
		return err
	}
	if d.skipSpace(); d.pos != len(d.data) {
		return errFallback
	}
	return nil
}

// fastDecoder is a cursor over the JSON being decoded.
type fastDecoder struct {
	data []byte
	pos  int
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value decodes the JSON value at the cursor into v, which is settable and of p's type.
func (d *fastDecoder) value(v reflect.Value, p *plan) error {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return errFallback
	}
	if p.unmarshaler {
		return d.unmarshaler(v.Addr().Interface().(json.Unmarshaler))
	}
	c := d.data[d.pos]
	if c == 'n' {
		return d.null(v)
	}
	switch p.kind {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(p.typ.Elem()))
		}
		return d.value(v.Elem(), p.elem)
	case reflect.Struct:
		return d.object(c, func(key []byte) error { return d.field(v, p, key) })
	case reflect.Map:
		return d.mapValue(c, v, p)
	case reflect.Slice:
		return d.slice(c, v, p)
	case reflect.String:
		return d.stringValue(c, v)
	case reflect.Bool:
		return d.boolValue(c, v)
	}
	return d.number(c, v)
}

// null stores a JSON null: pointers, maps and slices become nil; anything else the fast path leaves to
// the strict decoder.
func (d *fastDecoder) null(v reflect.Value) error {
	if !bytes.HasPrefix(d.data[d.pos:], []byte("null")) {
		return errFallback
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice:
		d.pos += len("null")
		v.SetZero()
		return nil
	}
	return errFallback
}

// unmarshaler hands the raw value at the cursor to a type that decodes itself.
func (d *fastDecoder) unmarshaler(u json.Unmarshaler) error {
	start := d.pos
	if err := d.skipValue(); err != nil {
		return err
	}
	if err := u.UnmarshalJSON(d.data[start:d.pos]); err != nil {
		return errFallback
	}
	return nil
}

// object walks the members of an object, calling member with each key, the cursor on its value.
func (d *fastDecoder) object(c byte, member func(key []byte) error) error {
	if c != '{' {
		return errFallback
	}
	d.pos++
	if d.skipSpace(); d.peek('}') {
		d.pos++
		return nil
	}
	for {
		d.skipSpace()
		key, ok := d.plainString()
		if !ok {
			return errFallback
		}
		if d.skipSpace(); !d.peek(':') {
			return errFallback
		}
		d.pos++
		if err := member(key); err != nil {
			return err
		}
		if done, err := d.next('}'); done || err != nil {
			return err
		}
	}
}

// field decodes the member key of struct v; a key that names no field is left to the strict decoder.
func (d *fastDecoder) field(v reflect.Value, p *plan, key []byte) error {
	f, ok := p.fields[string(key)]
	if !ok {
		return errFallback
	}
	return d.value(v.FieldByIndex(f.index), f.plan)
}

// mapValue decodes an object into a map with string keys, each value into a fresh element, as
// encoding/json does.
func (d *fastDecoder) mapValue(c byte, v reflect.Value, p *plan) error {
	if v.IsNil() {
		v.Set(reflect.MakeMap(p.typ))
	}
	kt := p.typ.Key()
	elem := reflect.New(p.typ.Elem()).Elem()
	return d.object(c, func(key []byte) error {
		elem.SetZero()
		if err := d.value(elem, p.elem); err != nil {
			return err
		}
		v.SetMapIndex(reflect.ValueOf(string(key)).Convert(kt), elem)
		return nil
	})
}

// slice decodes an array into a new slice, each element in place.
func (d *fastDecoder) slice(c byte, v reflect.Value, p *plan) error {
	if c != '[' {
		return errFallback
	}
	d.pos++
	v.Set(reflect.MakeSlice(p.typ, 0, 4))
	if d.skipSpace(); d.peek(']') {
		d.pos++
		return nil
	}
	for i := 0; ; i++ {
		if i == v.Cap() {
			v.Grow(i)
		}
		v.SetLen(i + 1)
		if err := d.value(v.Index(i), p.elem); err != nil {
			return err
		}
		if done, err := d.next(']'); done || err != nil {
			return err
		}
	}
}
