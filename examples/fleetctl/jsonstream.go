package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"reflect"
	"strings"
)

// writeJSON writes v as json.Encoder with two-space indentation would, byte for byte, but a struct's
// non-empty slices element by element: a plan of 5,000 clusters is never held in memory as one document
// and indented again as a whole. Other values (and structs with embedded fields or their own MarshalJSON)
// go through the encoder.
func writeJSON(w io.Writer, v any) error {
	rv := reflect.ValueOf(v)
	if !streamable(rv) {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	bw, ok := w.(*bufio.Writer)
	if !ok {
		bw = bufio.NewWriter(w)
	}
	_, _ = bw.WriteString("{")
	first := true
	for i := range rv.NumField() {
		name, omitEmpty, ok := jsonName(rv.Type().Field(i))
		f := rv.Field(i)
		if !ok || (omitEmpty && emptyJSON(f)) {
			continue
		}
		if !first {
			_ = bw.WriteByte(',')
		}
		first = false
		key, _ := json.Marshal(name)
		_, _ = bw.WriteString("\n  ")
		_, _ = bw.Write(key)
		_, _ = bw.WriteString(": ")
		if err := writeField(bw, f); err != nil {
			return err
		}
	}
	if !first {
		_ = bw.WriteByte('\n')
	}
	_, _ = bw.WriteString("}\n")
	return bw.Flush() // a bufio.Writer keeps its first write error for Flush
}

// writeField writes one top-level field's value at depth one: a non-empty slice one element at a time.
func writeField(w *bufio.Writer, f reflect.Value) error {
	if f.Kind() != reflect.Slice || f.Len() == 0 || f.Type().Elem().Kind() == reflect.Uint8 {
		return newIndenter("  ").write(w, f.Interface())
	}
	ind := newIndenter("    ")
	_, _ = w.WriteString("[")
	for j := range f.Len() {
		if j > 0 {
			_ = w.WriteByte(',')
		}
		_, _ = w.WriteString("\n    ")
		if err := ind.write(w, f.Index(j).Interface()); err != nil {
			return err
		}
	}
	_, _ = w.WriteString("\n  ]")
	return nil
}

// indenter writes values as json.MarshalIndent(v, prefix, "  ") would, reusing one encoder and its
// buffers for every element of a slice: MarshalIndent allocates two fresh buffers per value, and a
// short-lived process pays for fresh memory in page faults (5,000 plan rows took 45 ms that way).
type indenter struct {
	buf    bytes.Buffer
	enc    *json.Encoder
	prefix string
}

func newIndenter(prefix string) *indenter {
	ind := &indenter{prefix: prefix}
	ind.enc = json.NewEncoder(&ind.buf)
	ind.enc.SetIndent(prefix, "  ")
	return ind
}

// write writes v without the newline json.Encoder ends every value with.
func (ind *indenter) write(w *bufio.Writer, v any) error {
	ind.buf.Reset()
	if ok, err := ind.indentMarshaler(v); err != nil || ok {
		_, _ = w.Write(ind.buf.Bytes())
		return err
	}
	if err := ind.enc.Encode(v); err != nil {
		return err
	}
	b := ind.buf.Bytes()
	_, _ = w.Write(b[:len(b)-1])
	return nil
}

// indentMarshaler writes a json.Marshaler's bytes into buf with json.Indent, which checks them as it
// goes, where the encoder would check and copy them once more before indenting (a third of the time of
// a plan's 5,000 explanations). It reports false, writing nothing, for other values and for bytes the
// encoder would change: characters it escapes for HTML (< > &, U+2028, U+2029).
func (ind *indenter) indentMarshaler(v any) (bool, error) {
	m, ok := v.(json.Marshaler)
	if rv := reflect.ValueOf(v); !ok || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return false, nil // the encoder writes a nil pointer as null
	}
	b, err := m.MarshalJSON()
	if err != nil || escapedByEncoder(b) {
		return false, nil // the encoder reports the error as it would, or escapes
	}
	if err := json.Indent(&ind.buf, bytes.TrimRight(b, " \t\r\n"), ind.prefix, "  "); err != nil {
		return true, &json.MarshalerError{Type: reflect.TypeOf(v), Err: err}
	}
	return true, nil
}

// escapedByEncoder reports whether b holds a character json.Encoder escapes in a Marshaler's output.
func escapedByEncoder(b []byte) bool {
	return bytes.ContainsAny(b, "<>&") || bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

// streamable reports whether v is a struct whose fields writeJSON can write one by one.
func streamable(v reflect.Value) bool {
	if v.Kind() != reflect.Struct || v.Type().Implements(marshalerType) || reflect.PointerTo(v.Type()).Implements(marshalerType) {
		return false
	}
	for i := range v.NumField() {
		if v.Type().Field(i).Anonymous {
			return false
		}
	}
	return true
}

// jsonName is encoding/json's name of a field, whether it has omitempty, and whether it is written at all.
func jsonName(sf reflect.StructField) (name string, omitEmpty, ok bool) {
	tag := sf.Tag.Get("json")
	if !sf.IsExported() || tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = sf.Name
	}
	return name, strings.Contains(","+opts+",", ",omitempty,"), !strings.Contains(","+opts+",", ",string,")
}

// emptyJSON is encoding/json's omitempty test.
func emptyJSON(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
