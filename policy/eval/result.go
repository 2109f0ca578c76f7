package eval

import (
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// Result is the admission verdict for one object.
type Result struct {
	// Object is "Kind/namespace/name" ("Kind/name" for cluster-scoped objects).
	Object string `json:"object"`
	// Allowed is false when a binding with the Deny action rejects the object.
	Allowed bool `json:"allowed"`
	// Violations lists every failed validation of every matching policy, whatever its binding's actions:
	// Audit and Warn violations appear here on an allowed object.
	Violations []Violation `json:"violations,omitempty"`
	// Warnings are the warnings the API server would return to the client.
	Warnings []string `json:"warnings,omitempty"`
	// Denial is the API server's error message for a denied object.
	Denial string `json:"denial,omitempty"`
}

// Violation is one failed validation.
type Violation struct {
	// Rule is the FleetPolicy rule kind the validation was compiled from (the policy.AnnotationRules
	// annotation); empty for policies not compiled by fleetkit.
	Rule string `json:"rule"`
	// Message is the evaluated messageExpression, or the message, as the API server reports it.
	Message string `json:"message"`
	// Policy and Binding name the ValidatingAdmissionPolicy and binding; Validation is the validation's index.
	Policy     string `json:"policy"`
	Binding    string `json:"binding"`
	Validation int    `json:"validation"`
	// Actions are the binding's validationActions: whether the violation denies, warns or is audited.
	Actions []admissionregistrationv1.ValidationAction `json:"actions"`
	// EvaluationError is true when the expression failed to evaluate; with failurePolicy Fail it counts as a
	// violation.
	EvaluationError bool `json:"evaluationError,omitempty"`
}

// Denies reports whether the violation denies the request.
func (v Violation) Denies() bool {
	for _, a := range v.Actions {
		if a == admissionregistrationv1.Deny {
			return true
		}
	}
	return false
}
