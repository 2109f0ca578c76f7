package rollout

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/traffic"
)

// ErrInvalidSpec is wrapped by every Spec validation error.
var ErrInvalidSpec = errors.New("rollout: invalid spec")

// ErrInvalidStatus is wrapped by every Status validation error.
var ErrInvalidStatus = errors.New("rollout: invalid status")

// ErrInvalidObservation is wrapped by every Observation validation error.
var ErrInvalidObservation = errors.New("rollout: invalid observation")

// ValidationError names the invalid field and the reason. Kind is one of the
// sentinels above, so errors.Is(err, ErrInvalidSpec) tells spec errors from
// observation errors. The packages below rollout (runner, wave, simulate)
// report their input errors with it too, with their own sentinels as Kind.
type ValidationError struct {
	Kind   error
	Field  string
	Reason string
	// Cause is the error of the package that found the problem, when it is
	// not rollout: a *traffic.ValidationError for routes and match rules, so
	// that errors.Is(err, traffic.ErrInvalid) holds as well.
	Cause error
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%v: %s: %s", e.Kind, e.Field, e.Reason)
}

// Unwrap returns the sentinel and, when set, the cause.
func (e *ValidationError) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Cause}
}

// fromTraffic turns a *traffic.ValidationError into a *ValidationError of
// kind naming the same field, and each of several joined ones; nil stays
// nil.
func fromTraffic(kind, err error) error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok { //nolint:errorlint // a join of traffic errors, one level
		errs := j.Unwrap()
		out := make([]error, len(errs))
		for i, e := range errs {
			out[i] = fromTraffic(kind, e)
		}
		return errors.Join(out...)
	}
	var te *traffic.ValidationError
	if !errors.As(err, &te) {
		return &ValidationError{Kind: kind, Field: "", Reason: err.Error(), Cause: err}
	}
	return &ValidationError{Kind: kind, Field: te.Field, Reason: te.Reason, Cause: err}
}

func specError(field, reason string) error {
	return &ValidationError{Kind: ErrInvalidSpec, Field: field, Reason: reason}
}

func statusError(field, reason string) error {
	return &ValidationError{Kind: ErrInvalidStatus, Field: field, Reason: reason}
}

func observationError(field, reason string) error {
	return &ValidationError{Kind: ErrInvalidObservation, Field: field, Reason: reason}
}

// ErrUndeclaredName is the Cause of the *ValidationError for a metric or
// webhook name in an observation (or a simulate trace) that the spec does
// not declare: a typo, which would otherwise read as "no data" for a key
// nothing consults.
var ErrUndeclaredName = errors.New("rollout: name not declared in the spec")
