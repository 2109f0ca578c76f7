package traffic

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (with errors.Is) by every validation error of this
// package.
var ErrInvalid = errors.New("traffic: invalid")

// ValidationError reports one invalid field. Field is a path such as
// "split.match[0].headers[x-user].regex".
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("traffic: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
