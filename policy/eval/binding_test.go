package eval_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestNewRejectsWhatAClusterCouldNotHold covers inputs kube-apiserver refuses on create or that cannot coexist
// in one cluster: each must be a *PolicyError naming the field, never a silent replacement or allow-all.
func TestNewRejectsWhatAClusterCouldNotHold(t *testing.T) {
	base, err := policy.CompileVAP(loadPolicy(t, "combined"))
	require.NoError(t, err)
	actions := func(a ...admissionregistrationv1.ValidationAction) func(*policy.VAPSet) {
		return func(s *policy.VAPSet) { s.Bindings[0].Spec.ValidationActions = a }
	}
	cases := []struct {
		name   string
		mutate func(*policy.VAPSet)
		field  string
		reason string
	}{
		{name: "duplicate policy", field: "metadata.name", reason: "duplicate policy",
			mutate: func(s *policy.VAPSet) { s.Policies = append(s.Policies, *s.Policies[0].DeepCopy()) }},
		{name: "duplicate binding", field: "metadata.name", reason: "duplicate binding",
			mutate: func(s *policy.VAPSet) { s.Bindings = append(s.Bindings, *s.Bindings[0].DeepCopy()) }},
		{name: "no actions", field: "spec.validationActions", reason: "at least one", mutate: actions()},
		{name: "unknown action", field: "spec.validationActions", reason: `unsupported value "Block"`,
			mutate: actions("Block")},
		{name: "repeated action", field: "spec.validationActions", reason: `duplicate value "Audit"`,
			mutate: actions(admissionregistrationv1.Audit, admissionregistrationv1.Audit)},
		{name: "deny and warn", field: "spec.validationActions", reason: "both Deny and Warn",
			mutate: actions(admissionregistrationv1.Warn, admissionregistrationv1.Deny)},
		{name: "audit annotation of the wrong type", field: "spec.auditAnnotations[0].valueExpression",
			mutate: func(s *policy.VAPSet) {
				s.Policies[0].Spec.AuditAnnotations = []admissionregistrationv1.AuditAnnotation{
					{Key: "size", ValueExpression: "object.metadata.name.size()"}}
			}},
		{name: "audit annotation that does not parse", field: "spec.auditAnnotations[1].valueExpression",
			mutate: func(s *policy.VAPSet) {
				s.Policies[0].Spec.AuditAnnotations = []admissionregistrationv1.AuditAnnotation{
					{Key: "name", ValueExpression: "string(object.metadata.name)"}, {Key: "bad", ValueExpression: "'a' +"}}
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			perr := refusedAfter(t, base, c.mutate)
			assert.Equal(t, c.field, perr.Field)
			assert.Contains(t, perr.Error(), c.field)
			assert.Contains(t, perr.Reason, c.reason)
		})
	}
}

// TestNewAcceptsEveryActionSetTheAPIServerAccepts keeps the action check from refusing valid bindings, and
// shows a valid audit annotation compiles.
func TestNewAcceptsEveryActionSetTheAPIServerAccepts(t *testing.T) {
	base, err := policy.CompileVAP(loadPolicy(t, "combined"))
	require.NoError(t, err)
	base.Policies[0].Spec.AuditAnnotations = []admissionregistrationv1.AuditAnnotation{
		{Key: "name", ValueExpression: "'name: ' + string(object.metadata.name)"}}
	deny, warn, audit := admissionregistrationv1.Deny, admissionregistrationv1.Warn, admissionregistrationv1.Audit
	for _, a := range [][]admissionregistrationv1.ValidationAction{
		{deny}, {warn}, {audit}, {deny, audit}, {audit, warn},
	} {
		b := base.Bindings[0].DeepCopy()
		b.Spec.ValidationActions = a
		_, err := eval.New(base.Policies, append([]admissionregistrationv1.ValidatingAdmissionPolicyBinding{*b},
			base.Bindings[1:]...), eval.Options{})
		assert.NoError(t, err, a)
	}
}

// TestResultsDoNotAliasTheEvaluator edits a result the way a caller may and checks the next evaluation is
// unaffected: Violation.Actions must not share the binding's slice.
func TestResultsDoNotAliasTheEvaluator(t *testing.T) {
	ev, err := eval.ForPolicy(loadPolicy(t, "privileged"), eval.Options{})
	require.NoError(t, err)
	manifest := pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n"))
	for range 2 {
		r := evaluateCase(t, ev, ruleCase{manifest: manifest})
		assert.False(t, r.Allowed)
		require.Len(t, r.Violations, 1)
		require.Equal(t, []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}, r.Violations[0].Actions)
		r.Violations[0].Actions[0] = admissionregistrationv1.Audit
	}
}
