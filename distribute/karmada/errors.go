package karmada

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/fleetkit/fleetkit/distribute"
)

// ErrInvalid is matched (errors.Is) by every ValidationError of this package.
var ErrInvalid = errors.New("karmada: invalid input")

// ValidationError reports a builder or placement field that cannot be used.
type ValidationError struct {
	// Field is the path of the offending field, e.g. "spec.resourceSelectors".
	Field string
	// Reason says what is wrong with it.
	Reason string
}

// Error names the field and the reason.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("karmada: invalid %s: %s", e.Field, e.Reason)
}

// Unwrap lets errors.Is match ErrInvalid.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// invalid builds a ValidationError.
func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// SelectionError reports spread constraints the feasible members of every
// affinity group cannot satisfy. errors.Is matches it with
// distribute.ErrNoCandidates.
type SelectionError struct {
	// SpreadBy names the constraint: "cluster", "region", another spread
	// field, or "label <key>".
	SpreadBy string
	// Reason says what could not be met.
	Reason string
}

// Error names the constraint and the reason.
func (e *SelectionError) Error() string {
	return fmt.Sprintf("karmada: select clusters by %s: %s", e.SpreadBy, e.Reason)
}

// Unwrap lets errors.Is match distribute.ErrNoCandidates.
func (e *SelectionError) Unwrap() error { return distribute.ErrNoCandidates }

// selectionError builds a SelectionError.
func selectionError(by, format string, args ...any) error {
	return &SelectionError{SpreadBy: by, Reason: fmt.Sprintf(format, args...)}
}

// FitError reports that no member of the fleet passed the scheduler's
// filters (Karmada's framework.FitError). errors.Is matches it with
// distribute.ErrNoCandidates.
type FitError struct {
	// Members is the number of members in the fleet.
	Members int
	// Reasons holds, per filtered member, Karmada's reason for it.
	Reasons map[string]string
}

// Error is Karmada's message: "0/N clusters are available: " and a
// histogram of the reasons, sorted.
func (e *FitError) Error() string {
	if e.Members == 0 || len(e.Reasons) == 0 {
		return fmt.Sprintf("0/%d clusters are available: no cluster exists.", e.Members)
	}
	counts := map[string]int{}
	for _, r := range e.Reasons {
		counts[r]++
	}
	lines := make([]string, 0, len(counts))
	for r, n := range counts {
		lines = append(lines, fmt.Sprintf("%d %s", n, r))
	}
	slices.Sort(lines)
	return fmt.Sprintf("0/%d clusters are available: %s.", e.Members, strings.Join(lines, ", "))
}

// Unwrap lets errors.Is match distribute.ErrNoCandidates.
func (e *FitError) Unwrap() error { return distribute.ErrNoCandidates }
