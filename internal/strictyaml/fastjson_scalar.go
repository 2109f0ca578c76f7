package strictyaml

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
)

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
