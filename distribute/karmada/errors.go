package karmada

import (
	"errors"
	"fmt"
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
