package karmada

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/distribute"
)

// ErrInvalid is matched (errors.Is) by every ValidationError of this package.
var ErrInvalid = errors.New("karmada: invalid input")

// ValidationError reports a builder or placement field that cannot be used.
type ValidationError struct {
	// Field is the path of the offending field, e.g. "spec.resourceSelectors".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the field and the reason.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("karmada: invalid %s: %s", e.Field, e.Reason)
}

// Unwrap lets errors.Is match ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// invalid builds a ValidationError.
func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// SelectionError reports spread constraints the feasible members of every
// affinity group cannot satisfy. errors.Is matches it with
// distribute.ErrNoCandidates.
type SelectionError struct {
	// SpreadBy names the constraint: "cluster", "region", another spread
	// field, or "label <key>".
	SpreadBy string
	// Reason says what could not be met.
	Reason string
}

// Error names the constraint and the reason.
func (e *SelectionError) Error() string {
	return fmt.Sprintf("karmada: select clusters by %s: %s", e.SpreadBy, e.Reason)
}

// Unwrap lets errors.Is match distribute.ErrNoCandidates.
func (e *SelectionError) Unwrap() error { return distribute.ErrNoCandidates }

// selectionError builds a SelectionError.
func selectionError(by, format string, args ...any) error {
	return &SelectionError{SpreadBy: by, Reason: fmt.Sprintf(format, args...)}
}
