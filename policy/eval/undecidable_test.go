package eval_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestRulesReadingUnknownFieldsAreRefused covers the fields kube-apiserver sets to values fleetkit cannot
// know: an expression that reads one, even to test its presence, makes Evaluate fail with ErrUndecidable,
// naming the field and the rule, rather than guess.
func TestRulesReadingUnknownFieldsAreRefused(t *testing.T) {
	job := `apiVersion: batch/v1
kind: Job
metadata: {name: backup}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: "busybox:1.36"}]
`
	cases := []struct {
		name, expression, manifest, field string
		validation                        int
	}{
		{"uid", "object.metadata.uid != ''", pod("web", containers(container("app", "nginx:1.25"))), "metadata.uid", 1},
		{"presence of the uid", "has(object.metadata.uid)", pod("web", containers(container("app", "nginx:1.25"))), "metadata.uid", 1},
		{"creation time", "string(object.metadata.creationTimestamp).size() > 0", pod("web", containers(container("app", "nginx:1.25"))),
			"metadata.creationTimestamp", 1},
		// The test policy's own first rule reads the name.
		{"generated name", "object.metadata.name.startsWith('web-')",
			"apiVersion: v1\nkind: Pod\nmetadata: {generateName: web-}\nspec:\n" + indent(containers(container("app", "nginx:1.25")), 2),
			"metadata.name", 0},
		{"job controller uid", "object.spec.template.metadata.labels['controller-uid'] != ''", job,
			"spec.template.metadata.labels[controller-uid]", 1},
		{"custom priority class", "object.spec.priority < 1000", pod("web", "priorityClassName: batch-low\n"+
			containers(container("app", "nginx:1.25"))), "spec.priority", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, err := eval.ForPolicy(loadPolicy(t, "cel", `- cel: {expression: "`+c.expression+`"}`), eval.Options{})
			require.NoError(t, err)
			objs, err := eval.Decode([]byte(c.manifest))
			require.NoError(t, err)
			_, err = ev.Evaluate(context.Background(), objs[0])
			require.ErrorIs(t, err, eval.ErrUndecidable)
			var u *eval.UndecidableError
			require.True(t, errors.As(err, &u))
			assert.Equal(t, c.field, u.Field)
			assert.Equal(t, "cel", u.Rule)
			assert.Equal(t, c.validation, u.Validation)
			assert.Contains(t, u.Error(), c.field)
		})
	}
}

// configMapPolicy is a ValidatingAdmissionPolicy on ConfigMaps, a kind fleetkit has no defaulting for.
func configMapPolicy(expression string) ([]admissionregistrationv1.ValidatingAdmissionPolicy, []admissionregistrationv1.ValidatingAdmissionPolicyBinding) {
	p, b := expensivePolicy("configmaps", 0)
	p.Spec.Validations = []admissionregistrationv1.Validation{{Expression: expression}}
	return []admissionregistrationv1.ValidatingAdmissionPolicy{p}, []admissionregistrationv1.ValidatingAdmissionPolicyBinding{b}
}

// TestKindsWithoutDefaultsRefuseAbsentFields: for a kind fleetkit does not default, a field the object has
// is read as it is, but one it lacks, or the keys of an object, may have been set by the API server.
func TestKindsWithoutDefaultsRefuseAbsentFields(t *testing.T) {
	for expression, field := range map[string]string{
		"object.data.k == 'v'":                       "",
		"object.metadata.name == 'settings'":         "",
		"object.?binaryData.orValue({}).size() == 0": "binaryData",
		"object.data.size() == 1":                    "data (its size)",
		"object.data.all(k, k != 'x')":               "data (its keys)",
		"!has(object.immutable)":                     "immutable",
	} {
		policies, bindings := configMapPolicy(expression)
		ev, err := eval.New(policies, bindings, eval.Options{})
		require.NoError(t, err, expression)
		r, err := ev.Evaluate(context.Background(), configMap(t, "settings"))
		if field == "" {
			require.NoError(t, err, expression)
			assert.True(t, r.Allowed, expression)
			continue
		}
		var u *eval.UndecidableError
		require.True(t, errors.As(err, &u), "%s: %v", expression, err)
		assert.Equal(t, field, u.Field, expression)
		assert.Equal(t, "configmaps", u.Policy)
	}
}
