package observe

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// SampleKind says what a metric query returned.
type SampleKind uint8

const (
	// NoData is an empty result or NaN. It is the zero value so that a
	// forgotten sample fails closed.
	NoData SampleKind = iota
	// HasValue is a numeric result.
	HasValue
	// QueryError is a failed query (unreachable server, bad PromQL, timeout).
	QueryError
)

// String returns "nodata", "value" or "error".
func (k SampleKind) String() string {
	switch k {
	case HasValue:
		return "value"
	case QueryError:
		return "error"
	default:
		return "nodata"
	}
}

// Sample is one metric reading: a value, no data, or an error.
type Sample struct {
	Kind  SampleKind
	Value float64
	// Err describes a QueryError; empty otherwise.
	Err string
}

// Value returns a sample holding v. NaN becomes NoData, the way Prometheus
// reports a ratio with a zero denominator.
func Value(v float64) Sample {
	if math.IsNaN(v) {
		return Sample{Kind: NoData}
	}
	return Sample{Kind: HasValue, Value: v}
}

// Empty returns a NoData sample.
func Empty() Sample { return Sample{Kind: NoData} }

// Failure returns a QueryError sample describing err.
func Failure(err error) Sample {
	msg := "query failed"
	if err != nil {
		msg = err.Error()
	}
	return Sample{Kind: QueryError, Err: msg}
}

// String renders the sample as its value, "nodata" or "error".
func (s Sample) String() string {
	if s.Kind == HasValue {
		return strconv.FormatFloat(s.Value, 'g', -1, 64)
	}
	return s.Kind.String()
}

// MarshalJSON writes a number, "nodata" or "error" — the trace format of
// fleetctl rollout simulate.
func (s Sample) MarshalJSON() ([]byte, error) {
	if s.Kind == HasValue {
		return json.Marshal(s.Value)
	}
	return json.Marshal(s.Kind.String())
}

// UnmarshalJSON reads a number, "nodata" or "error".
func (s *Sample) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	switch x := v.(type) {
	case float64:
		*s = Value(x)
		return nil
	case string:
		switch x {
		case "nodata", "NoData":
			*s = Empty()
			return nil
		case "error", "Error":
			*s = Sample{Kind: QueryError, Err: "query error"}
			return nil
		}
	}
	return &ValidationError{Field: "sample", Reason: fmt.Sprintf("want a number, \"nodata\" or \"error\", got %s", data)}
}

// Check evaluates the sample against r: a value passes when it is inside the
// range; no data and errors never pass.
func (s Sample) Check(r Range) bool {
	return s.Kind == HasValue && r.Contains(s.Value)
}
