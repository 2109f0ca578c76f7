package eval

import (
	"errors"
	"fmt"
)

// ErrInvalidPolicy is matched (with errors.Is) by *PolicyError: a policy the API server would reject or could
// not apply.
var ErrInvalidPolicy = errors.New("eval: invalid policy")

// ErrDecode is matched by errors about manifests that cannot be decoded.
var ErrDecode = errors.New("eval: decode")

// PolicyError reports a policy or binding that cannot be evaluated. Field is a path inside the object
// ("spec.validations[3].expression"); Rule is the FleetPolicy rule the field was compiled from, when known.
type PolicyError struct {
	Policy string
	Field  string
	Rule   string
	Reason string
}

// Error implements error.
func (e *PolicyError) Error() string {
	if e.Rule != "" {
		return fmt.Sprintf("eval: policy %s: %s (rule %s): %s", e.Policy, e.Field, e.Rule, e.Reason)
	}
	return fmt.Sprintf("eval: policy %s: %s: %s", e.Policy, e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidPolicy) true for every PolicyError.
func (e *PolicyError) Is(target error) bool { return target == ErrInvalidPolicy }

// ErrUndecidable is matched by *UndecidableError.
var ErrUndecidable = errors.New("eval: undecidable offline")

// UndecidableError reports an evaluation that read a field whose value the API server sets and offline
// evaluation cannot know (a generated UID, a creation timestamp, a field of a kind fleetkit has no
// defaulting for): Evaluate refuses to decide rather than guess. Validation is -1 when the read was not in
// a validation (variables, match conditions, audit annotations).
type UndecidableError struct {
	// Object is "Kind/namespace/name", as in Result.
	Object string
	// Policy names the ValidatingAdmissionPolicy, Validation the index of its validation, and Rule the
	// FleetPolicy rule that validation was compiled from, when known.
	Policy     string
	Validation int
	Rule       string
	// Field is the path of the field read ("metadata.uid"), and Reason why its value is unknown.
	Field  string
	Reason string
}

// Error implements error.
func (e *UndecidableError) Error() string {
	where := "policy " + e.Policy
	if e.Validation >= 0 {
		where += fmt.Sprintf(" validation %d", e.Validation)
	}
	if e.Rule != "" {
		where += " (rule " + e.Rule + ")"
	}
	return fmt.Sprintf("eval: %s: %s reads %s, which is unknown offline: %s", e.Object, where, e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrUndecidable) true for every UndecidableError.
func (e *UndecidableError) Is(target error) bool { return target == ErrUndecidable }

// ErrUnknownKind is matched by *KindError.
var ErrUnknownKind = errors.New("eval: unknown object kind")

// KindError reports a typed object whose kind Evaluate cannot tell: its Go type is not registered in
// client-go's scheme (k8s.io/client-go/kubernetes/scheme), is registered under several kinds while its
// TypeMeta names none, or its TypeMeta names a kind the type is not registered as. Such objects can be
// passed as *unstructured.Unstructured with apiVersion and kind set.
type KindError struct {
	// Type is the Go type of the object ("*v1.Pod").
	Type string
	// Reason says what is wrong.
	Reason string
}

// Error implements error.
func (e *KindError) Error() string {
	return fmt.Sprintf("eval: object of Go type %s: %s", e.Type, e.Reason)
}

// Is makes errors.Is(err, ErrUnknownKind) true for every KindError.
func (e *KindError) Is(target error) bool { return target == ErrUnknownKind }
