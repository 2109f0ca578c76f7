package distribute

import (
	"encoding/json"
	"math"
	"strconv"
)

// MarshalJSON writes the structured fields and then the rendered reason as "reason": the bytes
// encoding/json writes for the struct with a reason field appended, built without reflection (a plan
// of thousands of clusters marshals one explanation per row).
func (e ClusterExplanation) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 256)
	b = appendJSONString(append(b, `{"cluster":`...), e.Cluster)
	b = strconv.AppendInt(append(b, `,"replicas":`...), int64(e.Replicas), 10)
	b = strconv.AppendBool(append(b, `,"candidate":`...), e.Candidate)
	b = strconv.AppendInt(append(b, `,"weight":`...), e.Weight, 10)
	if e.WeightSource != "" {
		b = appendJSONString(append(b, `,"weightSource":`...), string(e.WeightSource))
	}
	b, err := appendJSONFloat(append(b, `,"share":`...), e.Share)
	if err != nil {
		return nil, err
	}
	b = strconv.AppendInt(append(b, `,"previous":`...), int64(e.Previous), 10)
	b = strconv.AppendInt(append(b, `,"kept":`...), int64(e.Kept), 10)
	b = strconv.AppendInt(append(b, `,"added":`...), int64(e.Added), 10)
	if e.Excluded != "" {
		b = appendJSONString(append(b, `,"excluded":`...), string(e.Excluded))
	}
	if e.Limit != "" {
		b = appendJSONString(append(b, `,"limit":`...), string(e.Limit))
	}
	return append(e.appendJSONReason(append(b, `,"reason":`...)), '}'), nil
}

// appendJSONReason appends the quoted reason, rendered in place when it needs no escaping.
func (e ClusterExplanation) appendJSONReason(b []byte) []byte {
	start := len(b)
	b = e.appendReason(append(b, '"'))
	if plainJSON(b[start+1:]) {
		return append(b, '"')
	}
	reason := string(b[start+1:])
	return appendJSONString(b[:start], reason)
}

// appendJSONString appends s as encoding/json quotes it. Names and sentences of plain printable ASCII
// (other than the characters encoding/json escapes: " \ < > &) are copied; anything else is left to
// encoding/json, so escaping and invalid UTF-8 are handled exactly as it handles them.
func appendJSONString(b []byte, s string) []byte {
	if !plainJSON(s) {
		q, _ := json.Marshal(s) // a string always marshals
		return append(b, q...)
	}
	return append(append(append(b, '"'), s...), '"')
}

// plainJSON reports whether s is printable ASCII that encoding/json copies into a string unescaped.
func plainJSON[T string | []byte](s T) bool {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}

// appendJSONFloat appends f as encoding/json writes a float64: the shortest representation, in
// exponent form below 1e-6 and from 1e21, with a one-digit negative exponent written without its
// leading zero ("1e-7", not "1e-07"). NaN and infinities are the error encoding/json returns.
func appendJSONFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, &json.UnsupportedValueError{Str: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if n := len(b); format == 'e' && n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
		b[n-2] = b[n-1]
		b = b[:n-1]
	}
	return b, nil
}
