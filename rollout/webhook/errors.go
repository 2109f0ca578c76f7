package webhook

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched by every configuration error of this package.
var ErrInvalid = errors.New("webhook: invalid")

// ErrTimeout is matched by a call that did not answer within its timeout.
var ErrTimeout = errors.New("webhook: timed out")

// ErrRejected is matched by a call answered with a status above 202.
var ErrRejected = errors.New("webhook: rejected")

// ValidationError reports one invalid field of a webhook or the options.
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("webhook: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// CallError describes a failed call: which webhook, the HTTP status if one
// arrived, the start of the response body, and the cause.
type CallError struct {
	Webhook string
	URL     string
	// Status is the HTTP status, 0 when no answer arrived.
	Status int
	// Body is the start of the answer, for events.
	Body string
	Err  error
}

// Error implements error.
func (e *CallError) Error() string {
	msg := fmt.Sprintf("webhook %q (%s)", e.Webhook, e.URL)
	if e.Status != 0 {
		msg += fmt.Sprintf(": status %d", e.Status)
	}
	if e.Body != "" {
		msg += fmt.Sprintf(": %q", e.Body)
	}
	return msg + ": " + e.Err.Error()
}

// Unwrap returns the cause: ErrTimeout, ErrRejected or a transport error.
func (e *CallError) Unwrap() error { return e.Err }
