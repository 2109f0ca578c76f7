package strictyaml

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
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

func (d *fastDecoder) stringValue(c byte, v reflect.Value) error {
	if c != '"' {
		return errFallback
	}
	if s, ok := d.plainString(); ok {
		v.SetString(string(s))
		return nil
	}
	// Escapes and non-ASCII text: encoding/json's rules (invalid UTF-8 becomes U+FFFD) apply.
	start := d.pos
	if err := d.skipString(); err != nil {
		return err
	}
	var s string
	if json.Unmarshal(d.data[start:d.pos], &s) != nil {
		return errFallback
	}
	v.SetString(s)
	return nil
}

func (d *fastDecoder) boolValue(c byte, v reflect.Value) error {
	switch {
	case c == 't' && bytes.HasPrefix(d.data[d.pos:], []byte("true")):
		d.pos += len("true")
		v.SetBool(true)
	case c == 'f' && bytes.HasPrefix(d.data[d.pos:], []byte("false")):
		d.pos += len("false")
		v.SetBool(false)
	default:
		return errFallback
	}
	return nil
}

// number decodes a number into an integer or float of the kind's size; a fraction in an integer, a
// value out of range or anything but a number is left to the strict decoder.
func (d *fastDecoder) number(c byte, v reflect.Value) error {
	if c != '-' && (c < '0' || c > '9') {
		return errFallback
	}
	start := d.pos
	for d.pos < len(d.data) && isNumberByte(d.data[d.pos]) {
		d.pos++
	}
	text := d.data[start:d.pos]
	switch {
	case v.CanInt():
		return setInt(v, text)
	case v.CanUint():
		return setUint(v, text)
	case v.CanFloat():
		f, err := strconv.ParseFloat(string(text), v.Type().Bits())
		if err != nil {
			return errFallback
		}
		v.SetFloat(f)
		return nil
	}
	return errFallback
}

func setInt(v reflect.Value, text []byte) error {
	n, ok := parseInt(text)
	if !ok || v.OverflowInt(n) {
		return errFallback
	}
	v.SetInt(n)
	return nil
}

func setUint(v reflect.Value, text []byte) error {
	n, ok := parseInt(text)
	if !ok || n < 0 || text[0] == '-' || v.OverflowUint(uint64(n)) {
		return errFallback
	}
	v.SetUint(uint64(n))
	return nil
}

// parseInt reads a JSON integer (no fraction, no exponent) that fits an int64, without allocating.
func parseInt(text []byte) (int64, bool) {
	neg := len(text) > 0 && text[0] == '-'
	if neg {
		text = text[1:]
	}
	if len(text) == 0 || len(text) > 19 {
		return 0, false
	}
	var n uint64
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	switch {
	case neg && n <= 1<<63:
		return -int64(n), true //nolint:gosec // n ≤ 2^63: -int64(2^63) wraps to MinInt64, which is right
	case !neg && n < 1<<63:
		return int64(n), true
	}
	return 0, false
}

// plainString reads a string without escapes made of ASCII or valid UTF-8, returning the bytes between
// its quotes; on anything else it leaves the cursor where it was.
func (d *fastDecoder) plainString() ([]byte, bool) {
	if !d.peek('"') {
		return nil, false
	}
	ascii := true
	for i := d.pos + 1; i < len(d.data); i++ {
		switch c := d.data[i]; {
		case c == '"':
			s := d.data[d.pos+1 : i]
			if !ascii && !utf8.Valid(s) {
				return nil, false
			}
			d.pos = i + 1
			return s, true
		case c == '\\' || c < 0x20:
			return nil, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return nil, false
}

// skipString moves past a string, escapes included.
func (d *fastDecoder) skipString() error {
	for i := d.pos + 1; i < len(d.data); i++ {
		switch d.data[i] {
		case '\\':
			i++
		case '"':
			d.pos = i + 1
			return nil
		}
	}
	return errFallback
}

// skipValue moves past the value at the cursor, in checked JSON: a string, an object or array (brackets
// counted, strings skipped whole), or a literal or number (up to the next delimiter).
func (d *fastDecoder) skipValue() error {
	switch d.data[d.pos] {
	case '"':
		return d.skipString()
	case '{', '[':
		return d.skipNested()
	}
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return nil
		}
		d.pos++
	}
	return nil
}

func (d *fastDecoder) skipNested() error {
	depth := 0
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case '"':
			if err := d.skipString(); err != nil {
				return err
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		d.pos++
		if depth == 0 {
			return nil
		}
	}
	return errFallback
}

// next consumes ',' (more members or elements to come) or the closing byte (done).
func (d *fastDecoder) next(closing byte) (bool, error) {
	d.skipSpace()
	switch {
	case d.peek(','):
		d.pos++
		return false, nil
	case d.peek(closing):
		d.pos++
		return true, nil
	}
	return true, errFallback
}

func (d *fastDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\t', '\n', '\r':
			d.pos++
		default:
			return
		}
	}
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
