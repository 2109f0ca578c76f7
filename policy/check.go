package policy

import (
	"fmt"
	"strconv"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// check is one compiled validation: a CEL expression that must hold, and how to explain a failure. A rule
// compiles to one check or, for podSecurity, to one per Pod Security Standards control.
type check struct {
	rule RuleKind
	// ruleIndex is the index of the rule in spec.rules.
	ruleIndex         int
	expression        string
	message           string
	messageExpression string
	// kinds, when set, are the only kinds of its kind group the check is compiled for: a custom rule that
	// does not type-check against the others.
	kinds []string
}

// validation is the check as a ValidatingAdmissionPolicy validation, restricted to its kinds.
func (c check) validation() admissionregistrationv1.Validation {
	v := c.plainValidation()
	if len(c.kinds) > 0 {
		v.Expression = kindGuard(c.kinds, v.Expression)
	}
	return v
}

// plainValidation is the check's expression as it is; Kyverno rules match its kinds instead.
func (c check) plainValidation() admissionregistrationv1.Validation {
	return admissionregistrationv1.Validation{
		Expression:        c.expression,
		Message:           c.message,
		MessageExpression: c.messageExpression,
	}
}

// containerScope says which containers a container check visits.
type containerScope int

const (
	// allContainers visits containers, init containers and ephemeral containers.
	allContainers containerScope = iota
	// noEphemeral skips ephemeral containers, for fields the API forbids on them (resources).
	noEphemeral
)

// containerCheck builds a check that holds when pred (over the container "c") holds for every container in
// scope. Its messageExpression names the offending containers, label (over "c") describing each.
func containerCheck(rule RuleKind, pred, label, problem string, scope containerScope) check {
	// The lists are visited one by one, never concatenated: in the API server's schema-typed check, containers,
	// init containers and ephemeral containers are three distinct list types.
	lists := []string{"variables.podSpec.containers", "variables.podSpec.?initContainers.orValue([])"}
	if scope == allContainers {
		lists = append(lists, "variables.podSpec.?ephemeralContainers.orValue([])")
	}
	alls := make([]string, len(lists))
	offenders := make([]string, len(lists))
	for i, l := range lists {
		alls[i] = fmt.Sprintf("%s.all(c, %s)", l, pred)
		offenders[i] = fmt.Sprintf("%s.filter(c, !(%s)).map(c, %s)", l, pred, label)
	}
	return check{
		rule:       rule,
		expression: strings.Join(alls, " && "),
		message:    fmt.Sprintf("%s: some containers %s", rule, problem),
		messageExpression: fmt.Sprintf("%s + (%s).join(', ') + %s", celString(string(rule)+": containers ["),
			strings.Join(offenders, " + "), celString("] "+problem)),
	}
}

// podCheck builds a check over the pod spec or object as a whole.
func podCheck(rule RuleKind, expression, message, messageExpression string) check {
	return check{rule: rule, expression: expression, message: fmt.Sprintf("%s: %s", rule, message),
		messageExpression: messageExpression}
}

// celString quotes s as a CEL string literal. Go's quoting escapes are a subset of CEL's.
func celString(s string) string { return strconv.Quote(s) }

// celList renders a CEL list literal of strings.
func celList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = celString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
