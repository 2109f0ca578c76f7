package policy

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (with errors.Is) by every *ValidationError: the policy cannot be compiled as written.
var ErrInvalid = errors.New("policy: invalid")

// ErrUnknownTarget is returned by Compile for a target other than vap or kyverno.
var ErrUnknownTarget = errors.New("policy: unknown target")

// ValidationError reports one invalid field of a FleetPolicy. Field is a path such as
// "spec.rules[2].cel.expression"; Rule is the rule kind the field belongs to ("cel"), empty for fields outside
// the rules.
type ValidationError struct {
	Field  string
	Rule   string
	Reason string
}

// Error implements error; the message names the rule (when there is one) and the field.
func (e *ValidationError) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("policy: invalid %s (rule %s): %s", e.Field, e.Rule, e.Reason)
	}
	return fmt.Sprintf("policy: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

func invalidRule(field string, rule RuleKind, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Rule: string(rule), Reason: fmt.Sprintf(format, args...)}
}
