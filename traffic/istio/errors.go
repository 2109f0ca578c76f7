package istio

import (
	"errors"
	"fmt"
)

// ErrNotFound is matched by a *NotFoundError: a routing object the Router
// manages does not exist (deleted mid-rollout, or never created).
var ErrNotFound = errors.New("istio: routing object not found")

// ErrUnrecognizedRoutes is matched by a *RoutesError: a VirtualService whose
// routes do not have the layout this package writes, for example after a
// manual edit routed traffic to a third destination.
var ErrUnrecognizedRoutes = errors.New("istio: unrecognized routes")

// ErrInvalid is matched by configuration errors of this package that are
// not about the traffic model (those are *traffic.ValidationError).
var ErrInvalid = errors.New("istio: invalid")

// NotFoundError names the missing object.
type NotFoundError struct {
	Kind      string
	Namespace string
	Name      string
}

// Error implements error.
func (e *NotFoundError) Error() string {
	return fmt.Sprintf("istio: %s %s/%s not found: it was deleted or never created", e.Kind, e.Namespace, e.Name)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// RoutesError says why a VirtualService could not be read as a split.
type RoutesError struct {
	Namespace string
	Name      string
	Reason    string
}

// Error implements error.
func (e *RoutesError) Error() string {
	return fmt.Sprintf("istio: VirtualService %s/%s: %s", e.Namespace, e.Name, e.Reason)
}

// Is makes errors.Is(err, ErrUnrecognizedRoutes) true.
func (e *RoutesError) Is(target error) bool { return target == ErrUnrecognizedRoutes }

// ValidationError reports one invalid option of this package; the message
// names the field.
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("istio: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }
