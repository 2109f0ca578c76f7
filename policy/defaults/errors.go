package defaults

import (
	"errors"
	"fmt"
)

// ErrRejected is matched (with errors.Is) by *RejectedError.
var ErrRejected = errors.New("defaults: rejected before admission")

// RejectedError reports an object the API server refuses before validating admission runs, while
// decoding, defaulting or in a mutating admission plugin. Field is a path in the object ("spec.priority").
type RejectedError struct {
	Field  string
	Reason string
}

// Error implements error.
func (e *RejectedError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("defaults: rejected before admission: %s", e.Reason)
	}
	return fmt.Sprintf("defaults: rejected before admission: %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrRejected) true for every RejectedError.
func (e *RejectedError) Is(target error) bool { return target == ErrRejected }
