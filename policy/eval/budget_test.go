package eval_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/defaults"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// expensivePolicy has n validations that always pass and whose messageExpressions each cost about 631,000
// of kube-apiserver's per-policy budget of 10,000,000: the API server evaluates every message, so with
// sixteen or more the messages of passing validations exhaust the budget and it denies the request.
func expensivePolicy(name string, n int) (admissionregistrationv1.ValidatingAdmissionPolicy, admissionregistrationv1.ValidatingAdmissionPolicyBinding) {
	nums := make([]string, 300)
	for i := range nums {
		nums[i] = fmt.Sprint(i)
	}
	list := "[" + strings.Join(nums, ",") + "]"
	message := list + ".all(i, " + list + ".all(j, i + j >= 0)) ? 'big' : 'small'"
	validations := make([]admissionregistrationv1.Validation, n, n+1)
	for i := range validations {
		validations[i] = admissionregistrationv1.Validation{Expression: "object.metadata.name != ''", MessageExpression: message}
	}
	// The sentinel shows when the API server has loaded the policy.
	validations = append(validations, admissionregistrationv1.Validation{
		Expression: fmt.Sprintf("object.metadata.name != 'sentinel-%s'", name), Message: "sentinel"})
	fail := admissionregistrationv1.Fail
	p := admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{FailurePolicy: &fail,
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{
				RuleWithOperations: admissionregistrationv1.RuleWithOperations{
					Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
					Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"configmaps"}}}}}},
			Validations: validations},
	}
	b := admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{PolicyName: name,
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}},
	}
	return p, b
}

func configMap(t testing.TB, name string) runtime.Object {
	objs, err := eval.Decode([]byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\ndata: {k: v}\n"))
	require.NoError(t, err)
	return objs[0]
}

// TestPassingMessagesThatExhaustTheBudgetDeny holds offline evaluation to kube-apiserver's accounting:
// messages are evaluated only for failing validations when they provably fit the budget, so fifteen
// expensive messages allow and seventeen deny, every validation failed, as the API server does.
func TestPassingMessagesThatExhaustTheBudgetDeny(t *testing.T) {
	for n, allowed := range map[int]bool{15: true, 17: false} {
		p, b := expensivePolicy(fmt.Sprintf("expensive-%d", n), n)
		ev, err := eval.New([]admissionregistrationv1.ValidatingAdmissionPolicy{p},
			[]admissionregistrationv1.ValidatingAdmissionPolicyBinding{b}, eval.Options{})
		require.NoError(t, err)
		r, err := ev.Evaluate(context.Background(), configMap(t, "settings"))
		require.NoError(t, err)
		assert.Equal(t, allowed, r.Allowed, n)
		if !allowed {
			assert.Len(t, r.Violations, n+1)
			assert.Contains(t, r.Denial, "failed messageExpression: validation failed due to running out of cost budget")
		}
	}
}

// TestMessageBoundHolds checks the bound that lets evaluation skip the messages of passing validations: on
// generated manifests of every kind, with every policy of the benchmark FleetPolicy, evaluating all the
// messages never costs more than the bound.
func TestMessageBoundHolds(t *testing.T) {
	p, err := policy.Load([]byte(benchPolicy))
	require.NoError(t, err)
	set, err := policy.CompileVAP(p)
	require.NoError(t, err)
	costs := make([]func(map[string]any) (uint64, uint64, uint64), len(set.Policies))
	for i := range set.Policies {
		costs[i], err = eval.MessageCosts(&set.Policies[i])
		require.NoError(t, err)
	}
	gen := newManifestGen(7)
	for range 300 {
		data, err := json.Marshal(gen.next())
		require.NoError(t, err)
		objs, err := eval.Decode(data)
		require.NoError(t, err)
		d, err := defaults.ForCreate(objs[0])
		require.NoError(t, err)
		object, err := runtime.DefaultUnstructuredConverter.ToUnstructured(d.Object)
		require.NoError(t, err)
		for i := range set.Policies {
			precise, coarse, actual := costs[i](object)
			assert.LessOrEqual(t, actual, precise, "%s on %s", set.Policies[i].Name, data)
			assert.LessOrEqual(t, precise, coarse, "%s on %s", set.Policies[i].Name, data)
			assert.Less(t, precise, uint64(1_000_000), "the bound should leave ordinary objects on the fast path")
		}
	}
}
