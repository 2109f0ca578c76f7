package istio

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/traffic"
)

// ErrNotFound is matched by a *NotFoundError: a routing object the Router
// manages does not exist (deleted mid-rollout, or never created).
var ErrNotFound = errors.New("istio: routing object not found")

// ErrUnrecognizedRoutes is matched by a *RoutesError: a VirtualService whose
// routes do not have the layout this package writes, for example after a
// manual edit routed traffic to a third destination or added a route. A
// *RoutesError also matches traffic.ErrRoutesChanged: only another writer
// produces such a layout.
var ErrUnrecognizedRoutes = errors.New("istio: unrecognized routes")

// ErrSubsets is matched by a *SubsetError: an existing DestinationRule
// does not define a subset the routes send traffic to as the service
// defines it.
var ErrSubsets = errors.New("istio: destination rule subsets do not match the service")

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

// Is makes errors.Is(err, ErrUnrecognizedRoutes) and
// errors.Is(err, traffic.ErrRoutesChanged) true.
func (e *RoutesError) Is(target error) bool {
	return target == ErrUnrecognizedRoutes || target == traffic.ErrRoutesChanged
}

// EditError reports a VirtualService whose spec another writer changed
// while the Router was writing it: the update, conditioned on the
// resourceVersion the Router had read, was refused with a conflict, and the
// object read again has another spec. The Router wrote nothing.
type EditError struct {
	Namespace string
	Name      string
	// Err is the API server's conflict.
	Err error
}

// Error implements error.
func (e *EditError) Error() string {
	return fmt.Sprintf("istio: VirtualService %s/%s was edited by another writer while its routes were being set; "+
		"nothing was written: %v", e.Namespace, e.Name, e.Err)
}

// Is makes errors.Is(err, traffic.ErrRoutesChanged) true.
func (e *EditError) Is(target error) bool { return target == traffic.ErrRoutesChanged }

// Unwrap returns the conflict, so apierrors.IsConflict(err) holds.
func (e *EditError) Unwrap() error { return e.Err }

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

// SubsetError reports a subset the routes send traffic to that an existing
// DestinationRule does not define, or defines with labels that do not
// select the service's pods: Istio would answer the requests routed to it
// with 503s.
type SubsetError struct {
	// Namespace and Name name the DestinationRule.
	Namespace string
	Name      string
	// Subset is the subset's name.
	Subset string
	Reason string
}

// Error implements error; the message names the rule and the subset.
func (e *SubsetError) Error() string {
	return fmt.Sprintf("istio: DestinationRule %s/%s: subsets[%s]: %s", e.Namespace, e.Name, e.Subset, e.Reason)
}

// Is makes errors.Is(err, ErrSubsets) true.
func (e *SubsetError) Is(target error) bool { return target == ErrSubsets }
