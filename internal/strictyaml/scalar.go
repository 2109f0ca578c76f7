package strictyaml

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The YAML 1.2 core-schema tags a scalar resolves to.
const (
	tagNull  = "!!null"
	tagBool  = "!!bool"
	tagInt   = "!!int"
	tagFloat = "!!float"
	tagStr   = "!!str"
)

// scalar writes a scalar as JSON by its resolved tag: null, booleans and numbers as themselves, anything
// else (strings, timestamps, binary, custom tags) as a string. Numbers JSON cannot hold are refused.
func (w *writer) scalar(n *yaml.Node) error {
	switch n.ShortTag() {
	case tagNull:
		w.buf = append(w.buf, "null"...)
	case tagBool:
		b, ok := parseBool(n.Value)
		if !ok {
			return fieldError(ErrType, &w.path, n.Line, "%q is not a boolean", n.Value)
		}
		w.buf = strconv.AppendBool(w.buf, b)
	case tagInt:
		return w.integer(n)
	case tagFloat:
		return w.float(n)
	default:
		w.buf = appendString(w.buf, n.Value)
	}
	return nil
}

func parseBool(s string) (bool, bool) {
	switch s {
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	}
	return false, false
}

// integer writes an integer in decimal; YAML also spells them 0x1F, 0o17, 0b101 and 1_000.
func (w *writer) integer(n *yaml.Node) error {
	plain := strings.ReplaceAll(n.Value, "_", "")
	if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
		w.buf = strconv.AppendInt(w.buf, i, 10)
		return nil
	}
	if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
		w.buf = strconv.AppendUint(w.buf, u, 10)
		return nil
	}
	return fieldError(ErrType, &w.path, n.Line, "%q is not an integer", n.Value)
}

// float writes a number, keeping its text when that is already JSON (so 0.1 stays 0.1); infinities and
// NaN have no JSON form.
func (w *writer) float(n *yaml.Node) error {
	plain := strings.ReplaceAll(n.Value, "_", "")
	f, err := strconv.ParseFloat(plain, 64)
	switch {
	case isSpecialFloat(plain) || (err == nil && (math.IsInf(f, 0) || math.IsNaN(f))):
		return fieldError(ErrUnsupported, &w.path, n.Line, "%s has no JSON form", n.Value)
	case errors.Is(err, strconv.ErrRange):
		return fieldError(ErrUnsupported, &w.path, n.Line, "%s is out of range for a number", n.Value)
	case err != nil:
		return fieldError(ErrType, &w.path, n.Line, "%q is not a number", n.Value)
	}
	if jsonNumber(plain) {
		w.buf = append(w.buf, plain...)
		return nil
	}
	w.buf = strconv.AppendFloat(w.buf, f, 'g', -1, 64)
	return nil
}

// isSpecialFloat reports whether s is one of YAML's infinities or NaN (.inf, -.Inf, .NAN, ...).
func isSpecialFloat(s string) bool {
	s = strings.TrimLeft(s, "+-")
	switch strings.ToLower(s) {
	case ".inf", ".nan":
		return true
	}
	return false
}

// jsonNumber reports whether s is a number in JSON's grammar: an optional minus, an integer part
// without leading zeros, an optional fraction and an optional exponent.
func jsonNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	i, ok := jsonInteger(s, i)
	if ok {
		i, ok = jsonFraction(s, i)
	}
	if ok {
		i, ok = jsonExponent(s, i)
	}
	return ok && i == len(s)
}

// jsonInteger reads the integer part at s[i:]: "0", or digits not starting with 0.
func jsonInteger(s string, i int) (int, bool) {
	switch {
	case i < len(s) && s[i] == '0':
		return i + 1, true
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		return digits(s, i), true
	}
	return i, false
}

// jsonFraction reads an optional fraction at s[i:]: a dot and at least one digit.
func jsonFraction(s string, i int) (int, bool) {
	if i >= len(s) || s[i] != '.' {
		return i, true
	}
	j := digits(s, i+1)
	return j, j > i+1
}

// jsonExponent reads an optional exponent at s[i:]: e or E, an optional sign and at least one digit.
func jsonExponent(s string, i int) (int, bool) {
	if i >= len(s) || (s[i] != 'e' && s[i] != 'E') {
		return i, true
	}
	i++
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	j := digits(s, i)
	return j, j > i
}

func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD, as encoding/json does.
func appendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			buf = append(buf, s[start:i]...)
			buf = append(buf, `\ufffd`...)
			i++
			start = i
			continue
		}
		buf = append(buf, s[start:i]...)
		buf = appendEscape(buf, c)
		i++
		start = i
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

func appendEscape(buf []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(buf, '\\', c)
	case '\n':
		return append(buf, '\\', 'n')
	case '\r':
		return append(buf, '\\', 'r')
	case '\t':
		return append(buf, '\\', 't')
	}
	const hex = "0123456789abcdef"
	return append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}
