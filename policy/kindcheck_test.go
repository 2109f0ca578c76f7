package policy_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/policy"
)

// celPolicy is a FleetPolicy whose rules are the YAML list items given.
func celPolicy(rules ...string) string {
	return "apiVersion: policy.fleetkit.dev/v1alpha1\nkind: FleetPolicy\nmetadata: {name: p}\nspec:\n" +
		"  action: Enforce\n  rules:\n    " + strings.Join(rules, "\n    ") + "\n"
}

// decodePolicy decodes a FleetPolicy without validating it (Load would refuse the invalid ones).
func decodePolicy(t *testing.T, doc string) policy.FleetPolicy {
	t.Helper()
	var p policy.FleetPolicy
	require.NoError(t, sigsyaml.UnmarshalStrict([]byte(doc), &p))
	return p
}

// TestCustomRuleThatTypeChecksAgainstNoKindIsRefused is the case of issue 12: a misspelt field compiled,
// and at admission every object of every kind was denied (failurePolicy Fail).
func TestCustomRuleThatTypeChecksAgainstNoKindIsRefused(t *testing.T) {
	cases := []struct {
		name, rule, field string
		reasons           []string
	}{
		{"misspelt field", `- cel: {expression: "object.spec.containerz.all(c, c.image.startsWith('registry.corp.example/'))"}`,
			"spec.rules[0].cel.expression", []string{"undefined field 'containerz'", "v1 Pod", "apps/v1 Deployment",
				"apps/v1 DaemonSet", "batch/v1 Job", "batch/v1 CronJob"}},
		{"misspelt variable field", `- cel: {expression: "variables.podSpec.containerz.size() < 5"}`,
			"spec.rules[0].cel.expression", []string{"undefined field 'containerz'", "apps/v1 StatefulSet"}},
		{"misspelt field in the message expression", `- cel: {expression: "object.metadata.name.size() < 40", ` +
			`messageExpression: "'name ' + object.metadata.nam + ' is too long'"}`,
			"spec.rules[0].cel.messageExpression", []string{"undefined field 'nam'", "apps/v1 ReplicaSet"}},
		{"wrong type for every kind", `- cel: {expression: "object.metadata.name > 3"}`,
			"spec.rules[0].cel.expression", []string{"found no matching overload for '_>_'", "v1 Pod"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := policy.Load([]byte(celPolicy(c.rule)))
			require.Error(t, err, "Load validates")
			for _, target := range policy.Targets() {
				_, err := policy.Compile(decodePolicy(t, celPolicy(c.rule)), target)
				require.ErrorIs(t, err, policy.ErrInvalid, target)
				var verr *policy.ValidationError
				require.True(t, errors.As(err, &verr), target)
				assert.Equal(t, c.field, verr.Field)
				assert.Equal(t, "cel", verr.Rule)
				for _, r := range c.reasons {
					assert.Contains(t, verr.Reason, r, target)
				}
			}
		})
	}
}

// TestCustomRuleIsCompiledOnlyForTheKindsItTypeChecksAgainst: a rule written for some kinds is compiled for
// those, guarded by kind where its kind group has others, and the others are named in warnings.
func TestCustomRuleIsCompiledOnlyForTheKindsItTypeChecksAgainst(t *testing.T) {
	cases := []struct {
		name, rule string
		// policies are the compiled policies with their custom rule validation, "" for none.
		policies map[string]string
		warned   []string
	}{
		{"pod field", `- cel: {expression: "object.spec.containers.all(c, c.?imagePullPolicy.orValue('') != 'Always')"}`,
			map[string]string{"p-pods": "object.spec.containers.all(c, c.?imagePullPolicy.orValue('') != 'Always')"},
			[]string{"apps/v1 Deployment", "apps/v1 StatefulSet", "apps/v1 DaemonSet", "apps/v1 ReplicaSet", "batch/v1 Job", "batch/v1 CronJob"}},
		{"replicas: some workloads", `- cel: {expression: "object.spec.replicas <= 50"}`,
			map[string]string{"p-workloads": "request.kind.kind in [\"Deployment\", \"ReplicaSet\", \"StatefulSet\"] ? (object.spec.replicas <= 50) : true"},
			[]string{"v1 Pod", "apps/v1 DaemonSet", "batch/v1 Job", "batch/v1 CronJob"}},
		{"pod template", `- cel: {expression: "object.spec.template.spec.containers.size() <= 3"}`,
			map[string]string{"p-workloads": "object.spec.template.spec.containers.size() <= 3"},
			[]string{"v1 Pod", "batch/v1 CronJob"}},
		{"pod spec variable: every kind", `- cel: {expression: "variables.podSpec.containers.all(c, c.image != '')"}`,
			map[string]string{"p-pods": "variables.podSpec.containers.all(c, c.image != '')",
				"p-workloads": "variables.podSpec.containers.all(c, c.image != '')",
				"p-cronjobs":  "variables.podSpec.containers.all(c, c.image != '')"}, nil},
		{"metadata: every kind", `- cel: {expression: "object.metadata.name.size() <= 40"}`,
			map[string]string{"p-pods": "object.metadata.name.size() <= 40", "p-workloads": "object.metadata.name.size() <= 40",
				"p-cronjobs": "object.metadata.name.size() <= 40"}, nil},
		{"branches on the kind through dyn(object)", `- cel: {expression: ` +
			`"object.kind == 'Pod' ? dyn(object).spec.containers.size() <= 3 : object.metadata.name != ''"}`,
			map[string]string{"p-pods": "", "p-workloads": "", "p-cronjobs": ""}, nil},
		{"quantities and timestamps are what admission sees", `- cel: {expression: ` +
			`"variables.containers.all(c, 'memory' in c.?resources.?limits.orValue({})) && object.metadata.?creationTimestamp.orValue('').size() >= 0"}`,
			map[string]string{"p-pods": "", "p-workloads": "", "p-cronjobs": ""}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := decodePolicy(t, celPolicy(c.rule))
			set, err := policy.CompileVAP(p)
			require.NoError(t, err)
			got := map[string]string{}
			for _, vap := range set.Policies {
				require.Len(t, vap.Spec.Validations, 1, vap.Name)
				got[vap.Name] = vap.Spec.Validations[0].Expression
			}
			for name, want := range c.policies {
				require.Contains(t, got, name)
				if want != "" {
					assert.Equal(t, want, got[name], name)
				}
			}
			assert.Len(t, got, len(c.policies))
			var warned []string
			for _, w := range set.Warnings {
				assert.Equal(t, "spec.rules[0].cel.expression", w.Field)
				assert.Contains(t, w.String(), "undefined field")
				warned = append(warned, w.Kinds...)
			}
			assert.Equal(t, c.warned, warned)
			objs, err := policy.Compile(p, policy.TargetVAP)
			require.NoError(t, err)
			assert.Equal(t, set.Warnings, objs.Warnings)
			assert.Len(t, objs.Items, 2*len(c.policies))
		})
	}
}

// TestKyvernoCustomRuleMatchesOnlyTheKindsItTypeChecksAgainst: Kyverno rules match kinds themselves, so the
// rule is matched to its kinds instead of guarded.
func TestKyvernoCustomRuleMatchesOnlyTheKindsItTypeChecksAgainst(t *testing.T) {
	p := decodePolicy(t, celPolicy(`- cel: {expression: "object.spec.replicas <= 50"}`, `- disallowPrivileged: {}`))
	objs, err := policy.Compile(p, policy.TargetKyverno)
	require.NoError(t, err)
	require.Len(t, objs.Warnings, 1)
	assert.Equal(t, []string{"v1 Pod", "apps/v1 DaemonSet", "batch/v1 Job", "batch/v1 CronJob"}, objs.Warnings[0].Kinds)
	rules, _, err := unstructured.NestedSlice(objs.Items[0].(*unstructured.Unstructured).Object, "spec", "rules")
	require.NoError(t, err)
	kinds := map[string][]any{}
	for _, r := range rules {
		rule := r.(map[string]any)
		k, _, err := unstructured.NestedSlice(rule, "match", "any")
		require.NoError(t, err)
		kinds[rule["name"].(string)] = k[0].(map[string]any)["resources"].(map[string]any)["kinds"].([]any)
		exprs, _, _ := unstructured.NestedSlice(rule, "validate", "cel", "expressions")
		for _, e := range exprs {
			assert.NotContains(t, e.(map[string]any)["expression"], "request.kind", rule["name"])
		}
	}
	assert.Equal(t, []any{"apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/ReplicaSet"}, kinds["00-cel-workloads"])
	assert.NotContains(t, kinds, "00-cel-pods")
	assert.NotContains(t, kinds, "00-cel-cronjobs")
	assert.Equal(t, []any{"apps/v1/Deployment", "apps/v1/StatefulSet", "apps/v1/DaemonSet", "apps/v1/ReplicaSet", "batch/v1/Job"}, kinds["01-disallow-privileged-workloads"])
}

func ExampleWarning() {
	p, err := policy.Load([]byte(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: replicas}
spec:
  action: Enforce
  rules:
    - cel: {expression: "object.spec.replicas <= 50", message: "at most 50 replicas"}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	objs, err := policy.Compile(p, policy.TargetVAP)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range objs.Warnings {
		fmt.Println(w)
	}
	fmt.Println(len(objs.Items), "objects")
	// Output:
	// policy: spec.rules[0].cel.expression (rule cel) is not compiled for v1 Pod, apps/v1 DaemonSet, batch/v1 Job, batch/v1 CronJob: undefined field 'replicas' (at 1:12)
	// 2 objects
}
