package scheduling

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (errors.Is) by every error about bad input: a malformed gang, snapshot or options.
var ErrInvalid = errors.New("scheduling: invalid input")

// ValidationError reports one bad input field. Field is a path such as
// "groups[1].podRequests[nvidia.com/gpu]" or "clusters[0].nodes[3].allocatable[cpu]".
type ValidationError struct {
	Field  string
	Reason string
}

// Error names the field and says what is wrong with it.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("scheduling: %s: %s", e.Field, e.Reason)
}

// Is lets errors.Is(err, ErrInvalid) match every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
