package prometheus

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is matched by every configuration error of this package.
var ErrInvalid = errors.New("prometheus: invalid")

// ErrAmbiguous reports an answer that is not one number: several series or
// a range vector. A metric query must aggregate to a single value.
var ErrAmbiguous = errors.New("prometheus: ambiguous result")

// ErrUnknownCluster reports a fleet query for a cluster that has no
// endpoint.
var ErrUnknownCluster = errors.New("prometheus: no endpoint for cluster")

// ErrNoClusterSelector reports a shared-endpoint fleet query whose template
// does not use {{ cluster }}: every cluster would silently get the same
// fleet-wide number.
var ErrNoClusterSelector = errors.New("prometheus: template does not select a cluster")

// ErrClusterOnMember reports a members-mode fleet query whose template
// selects by {{ cluster }}: a member's own series carry no cluster label.
var ErrClusterOnMember = errors.New("prometheus: a member-direct template selects a cluster label")

// ValidationError reports one invalid option; the message names it.
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("prometheus: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// QueryError is the error behind a QueryError sample: which query failed
// and why. The sample carries its message; Source.Do returns it typed.
type QueryError struct {
	Query string
	Err   error
}

// Error implements error.
func (e *QueryError) Error() string {
	return fmt.Sprintf("prometheus: query %q: %v", e.Query, e.Err)
}

// Unwrap returns the cause (a *v1.Error, a context error, ErrAmbiguous...).
func (e *QueryError) Unwrap() error { return e.Err }

// ErrPartial is matched by a *PartialError: a fleet answer that does not
// cover every expected cluster.
var ErrPartial = errors.New("prometheus: partial answer")

// PartialError is a strict fleet query's answer that misses clusters. It
// is never a value to decide on: a rollout reads it as a failed query.
type PartialError struct {
	Query    string
	Coverage Coverage
}

// Error names the missing clusters.
func (e *PartialError) Error() string {
	return fmt.Sprintf("prometheus: partial answer to %q: missing clusters %s (%d of %d present)",
		e.Query, strings.Join(e.Coverage.Missing, ", "), len(e.Coverage.Present), len(e.Coverage.Expected))
}

// Is makes errors.Is(err, ErrPartial) true.
func (e *PartialError) Is(target error) bool { return target == ErrPartial }
