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

// ErrRoutesChanged is matched by router errors that find routes another
// writer changed: a split other than the one expected (*ChangedError), a
// layout the router does not write, or an edit made while the router was
// writing. A router reporting it has changed nothing.
var ErrRoutesChanged = errors.New("traffic: routes changed by another writer")

// ChangedError reports routes that are not the ones a conditional change
// expected: someone else changed them since they were set.
type ChangedError struct {
	// Object names the routing object, e.g. "VirtualService shop/cart".
	Object string
	// Expected is the split the change was conditioned on.
	Expected Split
	// Found is the split in force.
	Found Split
}

// Error implements error.
func (e *ChangedError) Error() string {
	return fmt.Sprintf("traffic: routes of %s changed by another writer: expected %s, found %s", e.Object, e.Expected, e.Found)
}

// Is makes errors.Is(err, ErrRoutesChanged) true.
func (e *ChangedError) Is(target error) bool { return target == ErrRoutesChanged }
