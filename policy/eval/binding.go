package eval

import (
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// knownActions are the validation actions the API server supports.
var knownActions = []admissionregistrationv1.ValidationAction{
	admissionregistrationv1.Deny, admissionregistrationv1.Warn, admissionregistrationv1.Audit,
}

// checkBinding rejects what the API server's binding validation rejects and what a cluster cannot hold: a
// second binding named like one in seen (which it then records), and validationActions that are empty,
// unknown, repeated or both Deny and Warn. An empty list would otherwise enforce nothing without a word.
func checkBinding(b *admissionregistrationv1.ValidatingAdmissionPolicyBinding, seen map[string]bool) error {
	if seen[b.Name] {
		return &PolicyError{Policy: b.Spec.PolicyName, Field: "metadata.name",
			Reason: fmt.Sprintf("duplicate binding %s", b.Name)}
	}
	seen[b.Name] = true
	if reason := actionsProblem(b.Spec.ValidationActions); reason != "" {
		return &PolicyError{Policy: b.Spec.PolicyName, Field: "spec.validationActions",
			Reason: fmt.Sprintf("binding %s: %s", b.Name, reason)}
	}
	return nil
}

// actionsProblem explains what is wrong with actions, or returns "".
func actionsProblem(actions []admissionregistrationv1.ValidationAction) string {
	if len(actions) == 0 {
		return "at least one validation action is required"
	}
	have := map[admissionregistrationv1.ValidationAction]bool{}
	for i, a := range actions {
		if !slices.Contains(knownActions, a) {
			return fmt.Sprintf("[%d]: unsupported value %q: supported values: %s", i, a, knownActionList())
		}
		if have[a] {
			return fmt.Sprintf("[%d]: duplicate value %q", i, a)
		}
		have[a] = true
	}
	if have[admissionregistrationv1.Deny] && have[admissionregistrationv1.Warn] {
		// The API server refuses the pair: a denial already carries the message a warning would repeat.
		return "must not contain both Deny and Warn"
	}
	return ""
}

func knownActionList() string {
	names := make([]string, len(knownActions))
	for i, k := range knownActions {
		names[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(names, ", ")
}
