package volcano

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched by every error about a bad Job, PodGroup or manifest.
var ErrInvalid = errors.New("volcano: invalid input")

// ValidationError names the offending field, e.g. "spec.tasks[1].minAvailable".
type ValidationError struct {
	Field  string
	Reason string
}

// Error names the field and says what is wrong with it.
func (e *ValidationError) Error() string { return fmt.Sprintf("volcano: %s: %s", e.Field, e.Reason) }

// Is lets errors.Is(err, ErrInvalid) match every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
