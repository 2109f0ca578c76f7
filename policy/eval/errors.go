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
