package observe

import (
	"errors"
	"math"
	"strconv"
)

// Range is an inclusive threshold range, Flagger's thresholdRange: a value
// passes when it is not below Min and not above Max. A nil bound is open.
type Range struct {
	Min *float64 `json:"min,omitempty"`
	Max *float64 `json:"max,omitempty"`
}

// Between returns the range [lo, hi].
func Between(lo, hi float64) Range { return Range{Min: &lo, Max: &hi} }

// AtLeast returns the range [lo, +inf).
func AtLeast(lo float64) Range { return Range{Min: &lo} }

// AtMost returns the range (-inf, hi].
func AtMost(hi float64) Range { return Range{Max: &hi} }

// IsZero reports whether both bounds are open.
func (r Range) IsZero() bool { return r.Min == nil && r.Max == nil }

// Contains reports whether v is inside the range. NaN is never inside: a NaN
// from Prometheus means "no data", and no data must not pass silently.
func (r Range) Contains(v float64) bool {
	if math.IsNaN(v) {
		return false
	}
	if r.Min != nil && v < *r.Min {
		return false
	}
	if r.Max != nil && v > *r.Max {
		return false
	}
	return true
}

// Representative returns a value inside the range: Min if set, else Max,
// else 0. Simulations use it for "a passing value".
func (r Range) Representative() float64 {
	switch {
	case r.Min != nil:
		return *r.Min
	case r.Max != nil:
		return *r.Max
	default:
		return 0
	}
}

// Validate checks that the bounds are numbers and Min <= Max. field names the
// range in the error; both bounds are reported when both are not numbers.
func (r Range) Validate(field string) error {
	var errs []error
	for _, b := range []struct {
		name string
		v    *float64
	}{{"min", r.Min}, {"max", r.Max}} {
		if b.v != nil && (math.IsNaN(*b.v) || math.IsInf(*b.v, 0)) {
			errs = append(errs, &ValidationError{Field: field + "." + b.name, Reason: "must be a finite number"})
		}
	}
	if len(errs) == 0 && r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return &ValidationError{Field: field, Reason: "min " + ftoa(*r.Min) + " is greater than max " + ftoa(*r.Max)}
	}
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// String renders the range as "[min, max]" with open bounds as -inf/+inf.
func (r Range) String() string {
	lo, hi := "-inf", "+inf"
	if r.Min != nil {
		lo = ftoa(*r.Min)
	}
	if r.Max != nil {
		hi = ftoa(*r.Max)
	}
	return "[" + lo + ", " + hi + "]"
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
