package eval_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

func TestNewRejectsPoliciesTheAPIServerWouldNotRun(t *testing.T) {
	base, err := policy.CompileVAP(loadPolicy(t, "combined"))
	require.NoError(t, err)
	cases := []struct {
		name   string
		mutate func(*policy.VAPSet)
		field  string
		rule   string
	}{
		{"bad expression names its rule", func(s *policy.VAPSet) {
			s.Policies[0].Spec.Validations[1].Expression = "object.spec.containers.all(c, c.image.endsWith(1))"
		}, "spec.validations[1].expression", "disallowLatestTag"},
		{"bad message expression", func(s *policy.VAPSet) {
			s.Policies[0].Spec.Validations[0].MessageExpression = "1"
		}, "spec.validations[0].messageExpression", "disallowPrivileged"},
		{"params", func(s *policy.VAPSet) {
			s.Policies[0].Spec.ParamKind = &admissionregistrationv1.ParamKind{APIVersion: "v1", Kind: "ConfigMap"}
		}, "spec.paramKind", ""},
		{"binding to a missing policy", func(s *policy.VAPSet) { s.Bindings[0].Spec.PolicyName = "nope" }, "spec.policyName", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			perr := refusedAfter(t, base, c.mutate)
			assert.Equal(t, c.field, perr.Field)
			assert.Equal(t, c.rule, perr.Rule)
		})
	}
}

func TestNamespaceLabelsDriveTheSelector(t *testing.T) {
	p := loadPolicy(t, "privileged")
	p.Spec.Namespaces = &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "prod"}}
	ev, err := eval.ForPolicy(p, eval.Options{Namespaces: []corev1.Namespace{
		{ObjectMeta: metav1.ObjectMeta{Name: "shop", Labels: map[string]string{"tier": "prod"}}},
	}})
	require.NoError(t, err)
	privileged := containers(container("app", "nginx:1.25") + "  securityContext: {privileged: true}\n")
	for ns, allowed := range map[string]bool{"shop": false, "sandbox": true} {
		manifest := "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: " + ns + "}\nspec:\n" + indent(privileged, 2)
		r := evaluateCase(t, ev, ruleCase{manifest: manifest})
		assert.Equal(t, allowed, r.Allowed, ns)
	}
}

func TestEvaluateUpdateSeesOldObject(t *testing.T) {
	p := loadPolicy(t, "cel")
	p.Spec.Rules[0].CEL = &policy.CELRule{Expression: "oldObject == null || object.metadata.name == oldObject.metadata.name",
		Message: "renames are not allowed"}
	ev, err := eval.ForPolicy(p, eval.Options{})
	require.NoError(t, err)
	objs, err := eval.Decode([]byte(pod("web", containers(container("app", "nginx:1.25"))) + "---\n" +
		pod("db", containers(container("app", "nginx:1.25")))))
	require.NoError(t, err)
	r, err := ev.EvaluateUpdate(context.Background(), objs[0], objs[0])
	require.NoError(t, err)
	assert.True(t, r.Allowed)
	r, err = ev.EvaluateUpdate(context.Background(), objs[0], objs[1])
	require.NoError(t, err)
	assert.False(t, r.Allowed)
	assert.Equal(t, "cel: renames are not allowed", r.Violations[0].Message)
}

func TestDecodeIsStrict(t *testing.T) {
	_, err := eval.Decode([]byte("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {containerz: []}\n"))
	assert.ErrorIs(t, err, eval.ErrDecode)
	objs, err := eval.Decode([]byte("# only a comment\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"))
	require.NoError(t, err)
	require.Len(t, objs, 1, "unknown kinds stay unstructured")
	assert.Equal(t, "Widget", objs[0].GetObjectKind().GroupVersionKind().Kind)
}

// refusedAfter applies mutate to a copy of base (first policy and binding deep-copied) and returns
// the *PolicyError eval.New must answer with.
func refusedAfter(t *testing.T, base policy.VAPSet, mutate func(*policy.VAPSet)) *eval.PolicyError {
	t.Helper()
	set := policy.VAPSet{Policies: append([]admissionregistrationv1.ValidatingAdmissionPolicy(nil), base.Policies...),
		Bindings: append([]admissionregistrationv1.ValidatingAdmissionPolicyBinding(nil), base.Bindings...)}
	set.Policies[0] = *base.Policies[0].DeepCopy()
	set.Bindings[0] = *base.Bindings[0].DeepCopy()
	mutate(&set)
	_, err := eval.New(set.Policies, set.Bindings, eval.Options{})
	require.ErrorIs(t, err, eval.ErrInvalidPolicy)
	var perr *eval.PolicyError
	require.True(t, errors.As(err, &perr))
	return perr
}
