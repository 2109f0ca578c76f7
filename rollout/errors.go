package rollout

import (
	"errors"
	"fmt"
)

// ErrInvalidSpec is wrapped by every Spec validation error.
var ErrInvalidSpec = errors.New("rollout: invalid spec")

// ErrInvalidStatus is wrapped by every Status validation error.
var ErrInvalidStatus = errors.New("rollout: invalid status")

// ErrInvalidObservation is wrapped by every Observation validation error.
var ErrInvalidObservation = errors.New("rollout: invalid observation")

// ErrInvalidRecord is wrapped by errors in a persisted Runner Record.
var ErrInvalidRecord = errors.New("rollout: invalid record")

// ErrPort is wrapped by Runner errors from a port (workload, router, store): the tick was not
// completed and is retried by the next call.
var ErrPort = errors.New("rollout: port")

// ErrInvalidScenario is wrapped by errors in a simulation scenario.
var ErrInvalidScenario = errors.New("rollout: invalid scenario")

// ValidationError names the invalid field and the reason. Kind is one of the
// sentinels above, so errors.Is(err, ErrInvalidSpec) tells spec errors from
// observation errors.
type ValidationError struct {
	Kind   error
	Field  string
	Reason string
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("%v: %s: %s", e.Kind, e.Field, e.Reason)
}

// Unwrap returns the sentinel.
func (e *ValidationError) Unwrap() error { return e.Kind }

func specError(field, reason string) error {
	return &ValidationError{Kind: ErrInvalidSpec, Field: field, Reason: reason}
}

func statusError(field, reason string) error {
	return &ValidationError{Kind: ErrInvalidStatus, Field: field, Reason: reason}
}

func observationError(field, reason string) error {
	return &ValidationError{Kind: ErrInvalidObservation, Field: field, Reason: reason}
}
