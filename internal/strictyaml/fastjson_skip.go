package strictyaml

import (
	"unicode/utf8"
)

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
