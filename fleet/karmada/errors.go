package karmada

import (
	"errors"
	"fmt"
)

// Sentinels matched with errors.Is.
var (
	// ErrMalformedKubeconfig is matched by every *KubeconfigError.
	ErrMalformedKubeconfig = errors.New("karmada: malformed kubeconfig")
	// ErrNotManaged is matched by *ConflictError: the object exists but fleetkit did not create it.
	ErrNotManaged = errors.New("karmada: object not managed by fleetkit")
	// ErrInvalidMember is matched by *MemberError: Karmada would refuse the member's Cluster.
	ErrInvalidMember = errors.New("karmada: invalid member")
	// ErrBeingDeleted is matched by *DeletingError: the member's Cluster is being deleted.
	ErrBeingDeleted = errors.New("karmada: cluster is being deleted")
)

// KubeconfigError reports a kubeconfig that cannot be used for push-mode registration. Field is the
// place at fault relative to the current context: "kubeconfig" (the document), "current-context",
// "context.cluster" and "context.user" (the current context's references), "cluster.server" and
// "cluster.proxy-url" (of the cluster the current context names), "user.token" and the like. The
// message never quotes the file, nor the names of its contexts, clusters and users.
type KubeconfigError struct {
	Member string
	Field  string
	Reason string
}

// Error implements error.
func (e *KubeconfigError) Error() string {
	return fmt.Sprintf("karmada: kubeconfig of member %q: %s: %s", e.Member, e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrMalformedKubeconfig) true.
func (e *KubeconfigError) Is(target error) bool { return target == ErrMalformedKubeconfig }

// MemberError reports a member field Karmada's API validation would reject.
type MemberError struct {
	Member string
	Field  string
	Reason string
}

// Error implements error.
func (e *MemberError) Error() string {
	return fmt.Sprintf("karmada: member %q: invalid %s: %s", e.Member, e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidMember) true.
func (e *MemberError) Is(target error) bool { return target == ErrInvalidMember }

// ConflictError reports an existing object fleetkit did not create and will not overwrite.
type ConflictError struct {
	Kind, Namespace, Name string
}

// Error implements error.
func (e *ConflictError) Error() string {
	ref := e.Name
	if e.Namespace != "" {
		ref = e.Namespace + "/" + e.Name
	}
	return fmt.Sprintf("karmada: %s %s exists and is not managed by fleetkit (set Options.Adopt to take it over)", e.Kind, ref)
}

// Is makes errors.Is(err, ErrNotManaged) true.
func (e *ConflictError) Is(target error) bool { return target == ErrNotManaged }

// DeletingError reports a member whose Cluster is being deleted: it has a deletion timestamp and
// waits for finalizers (Karmada's cluster controller removes the member's works first). Karmada's
// scheduler no longer places anything on it, and an update would vanish with the object; register
// the member again once the Cluster is gone.
type DeletingError struct {
	Name string
}

// Error implements error.
func (e *DeletingError) Error() string {
	return fmt.Sprintf("karmada: cluster %s is being deleted (register it again once it is gone)", e.Name)
}

// Is makes errors.Is(err, ErrBeingDeleted) true.
func (e *DeletingError) Is(target error) bool { return target == ErrBeingDeleted }
