package cluster

import (
	"errors"
	"fmt"
	"slices"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// Sentinels matched with errors.Is. Every ValidationError also matches ErrInvalid.
var (
	// ErrInvalid is matched by every ValidationError of this package.
	ErrInvalid = errors.New("cluster: invalid")
	// ErrEvenControlPlane reports a control plane whose replica count cannot keep etcd quorum well.
	ErrEvenControlPlane = errors.New("cluster: control-plane replicas must be odd")
	// ErrCIDROverlap reports two network ranges (or the VIP and a range) that overlap.
	ErrCIDROverlap = errors.New("cluster: overlapping network ranges")
	// ErrUnsupportedVersion reports a Kubernetes version outside the supported window.
	ErrUnsupportedVersion = errors.New("cluster: unsupported Kubernetes version")
	// ErrDowngrade reports a version change that goes backwards.
	ErrDowngrade = errors.New("cluster: downgrades are not supported")
	// ErrSkippedMinor reports a version change of more than one minor version at once.
	ErrSkippedMinor = errors.New("cluster: minor versions cannot be skipped")
	// ErrVersionSkew reports a kubelet version outside the skew the control plane allows.
	ErrVersionSkew = errors.New("cluster: kubelet version skew")
	// ErrImmutable reports a change to a field that cannot change on a running cluster.
	ErrImmutable = errors.New("cluster: field is immutable")
)

// ValidationError reports one invalid field. Field is a path such as "workers[1].replicas";
// Err, when set, is the sentinel that classifies the problem (ErrCIDROverlap, ErrDowngrade, ...).
type ValidationError struct {
	Field  string
	Reason string
	Err    error
}

// Error implements error; the message always names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("cluster: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Unwrap exposes the classifying sentinel to errors.Is.
func (e *ValidationError) Unwrap() error { return e.Err }

// joinSorted joins errs sorted by the field of their *ValidationError, indexes in numeric order; errors
// without one keep their order, first.
func joinSorted(errs []error) error {
	slices.SortStableFunc(errs, func(a, b error) int { return strictyaml.ComparePaths(fieldOf(a), fieldOf(b)) })
	return errors.Join(errs...)
}

func fieldOf(err error) string {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

func invalidAs(sentinel error, field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...), Err: sentinel}
}
