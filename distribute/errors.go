package distribute

import (
	"errors"
	"fmt"
)

var (
	// ErrInvalidRequest is matched (errors.Is) by every ValidationError.
	ErrInvalidRequest = errors.New("distribute: invalid request")
	// ErrNoCandidates is matched by the ValidationError for an empty candidate list.
	ErrNoCandidates = errors.New("distribute: no candidate clusters")
	// ErrUnschedulable is matched by every UnschedulableError.
	ErrUnschedulable = errors.New("distribute: unschedulable")
)

// ValidationError reports a Request field that Divide cannot accept.
type ValidationError struct {
	// Field is the path of the offending field, e.g. "candidates[2].name".
	Field string
	// Reason says what is wrong with it.
	Reason string
	// err is a more specific sentinel, such as ErrNoCandidates.
	err error
}

// Error names the field and the reason.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("distribute: invalid %s: %s", e.Field, e.Reason)
}

// Unwrap lets errors.Is match ErrInvalidRequest and any more specific sentinel.
func (e *ValidationError) Unwrap() []error {
	if e.err != nil {
		return []error{ErrInvalidRequest, e.err}
	}
	return []error{ErrInvalidRequest}
}

// UnschedulableError reports that the candidates cannot hold the replicas.
// It corresponds to Karmada's framework.UnschedulableError.
type UnschedulableError struct {
	// Strategy is the strategy that failed.
	Strategy Strategy
	// Needed is the number of replicas that had to be placed in this division.
	Needed int32
	// Available is the number of replicas the candidates could take.
	Available int64
	// Reason names the limit that was hit: "available replicas" (Karmada's
	// check), "maximum replicas", "minimum replicas" or "minimum exceeds
	// available" (bounds extension). For the last, Needed is the cluster's
	// MinReplicas and Available its previous plus available replicas.
	Reason string
	// Cluster names the cluster whose bound cannot be met, for the
	// per-cluster reason "minimum exceeds available"; empty otherwise.
	Cluster string
}

// Error reports the shortfall in Karmada's words.
func (e *UnschedulableError) Error() string {
	switch e.Reason {
	case reasonMinimumAvailable:
		return fmt.Sprintf("distribute: unschedulable: minimum replicas %d of cluster %q exceed its %d available replicas",
			e.Needed, e.Cluster, e.Available)
	case reasonMinimum:
		return fmt.Sprintf("distribute: unschedulable: minimum replicas %d exceed the %d replicas to place",
			e.Available, e.Needed)
	}
	return fmt.Sprintf("distribute: unschedulable: %s %d are not enough to schedule %d replicas",
		e.Reason, e.Available, e.Needed)
}

// Unwrap lets errors.Is match ErrUnschedulable.
func (e *UnschedulableError) Unwrap() error { return ErrUnschedulable }

const (
	reasonAvailable = "available replicas"
	reasonMaximum   = "maximum replicas"
	reasonMinimum   = "minimum replicas"
	// reasonMinimumAvailable: one cluster's MinReplicas exceeds its capacity.
	reasonMinimumAvailable = "minimum exceeds available"
)
