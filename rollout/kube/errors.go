package kube

import (
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/types"

	"github.com/fleetkit/fleetkit/rollout/runner"
)

// ErrInvalid is matched by every configuration error of this package.
var ErrInvalid = errors.New("kube: invalid")

// ErrConflict is matched by a write refused because another writer changed what this one read: a
// record saved since it was loaded, or an intent changed since it was read. The caller re-reads
// and decides again; nothing was written.
var ErrConflict = errors.New("kube: conflict")

// ErrPrimaryNotOwned is matched when the primary Deployment exists but is controlled by an object
// other than its target: the adapter refuses to adopt or change it.
var ErrPrimaryNotOwned = errors.New("kube: primary controlled by another object")

// ErrPrimaryMissing is matched by Release's refusal to act on a target whose primary does not
// exist; the error names the primary.
var ErrPrimaryMissing = errors.New("kube: missing primary")

// ValidationError reports one invalid field of the options.
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("kube: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// ConflictError says which object and annotation another writer changed. It matches ErrConflict.
type ConflictError struct {
	Object     types.NamespacedName
	Annotation string
	// Reason says what changed.
	Reason string

	recordGone bool // the record was removed: Store.Remove's goal, reached by someone else
}

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("kube: conflict on %s annotation %s: %s", e.Object, e.Annotation, e.Reason)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// RevisionChangedError is PromoteSpec's refusal: the target's template is no longer at the
// revision the promotion was decided for. It matches runner.ErrRevisionChanged.
type RevisionChangedError struct {
	Target types.NamespacedName
	// Want is the revision the promotion was decided for; Got is the target's template revision.
	Want, Got string
}

// Error implements error.
func (e *RevisionChangedError) Error() string {
	return fmt.Sprintf("kube: promote %s at revision %s: the template is now at %s", e.Target, e.Want, e.Got)
}

// Is makes errors.Is(err, runner.ErrRevisionChanged) true.
func (e *RevisionChangedError) Is(target error) bool { return target == runner.ErrRevisionChanged }
