package nodefacts

import (
	"errors"
	"fmt"
)

// ErrUnreadable is matched (errors.Is) by every ReadError.
var ErrUnreadable = errors.New("nodefacts: unreadable")

// ReadError reports a file that exists but cannot be read or parsed, or a required /proc file
// that is missing (the root is then not a Linux node's).
type ReadError struct {
	Path   string
	Reason string
	Err    error
}

// Error implements error.
func (e *ReadError) Error() string {
	return fmt.Sprintf("nodefacts: read /%s: %s", e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrUnreadable) true for every ReadError.
func (e *ReadError) Is(target error) bool { return target == ErrUnreadable }

// Unwrap returns the underlying I/O error, if any.
func (e *ReadError) Unwrap() error { return e.Err }
