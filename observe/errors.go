package observe

import (
	"errors"
	"fmt"
)

// ErrInvalid is the sentinel every validation error in this package wraps.
var ErrInvalid = errors.New("observe: invalid input")

// ErrUnknownTemplate reports a built-in template name or provider that does
// not exist.
var ErrUnknownTemplate = errors.New("observe: unknown metric template")

// ErrRender reports a query template that cannot be parsed or executed.
var ErrRender = errors.New("observe: render query")

// ValidationError names the field that is wrong and why. It matches
// ErrInvalid with errors.Is.
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("observe: %s: %s", e.Field, e.Reason)
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
