package policy_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/policy"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return data
}

func TestLoadSpecExample(t *testing.T) {
	p, err := policy.Load(readTestdata(t, "prod-baseline.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "prod-baseline", p.Metadata.Name)
	assert.Equal(t, policy.ActionEnforce, p.Spec.Action)
	kinds := make([]policy.RuleKind, len(p.Spec.Rules))
	for i, r := range p.Spec.Rules {
		kinds[i] = r.Kind()
	}
	assert.Equal(t, policy.RuleKinds(), kinds)
	assert.Equal(t, []string{"registry.corp.example/", "ghcr.io/corp/"}, p.Spec.Rules[0].RestrictImageRegistries.Allowed)
}

// withRules returns a valid policy document with the given rules block.
func withRules(rules string) string {
	return `apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: p}
spec:
  action: Enforce
  rules:
` + rules
}

func TestLoadRejectsBadPolicies(t *testing.T) {
	cases := []struct {
		name, doc   string
		field, rule string // expected *ValidationError fields; empty field means a decode error
		reason      string
	}{
		{"unknown rule", withRules("    - disallowEverything: {}\n"), "spec.rules[0]", "disallowEverything", "unknown rule"},
		{"empty registry list", withRules("    - restrictImageRegistries: {allowed: []}\n"),
			"spec.rules[0].restrictImageRegistries.allowed", "restrictImageRegistries", "at least one"},
		{"prefix without slash", withRules(`    - restrictImageRegistries: {allowed: ["registry.corp.example"]}` + "\n"),
			"spec.rules[0].restrictImageRegistries.allowed[0]", "restrictImageRegistries", `must end with "/"`},
		{"prefix without host", withRules(`    - restrictImageRegistries: {allowed: ["library/"]}` + "\n"),
			"spec.rules[0].restrictImageRegistries.allowed[0]", "restrictImageRegistries", "registry host"},
		{"bad CEL syntax", withRules(`    - disallowPrivileged: {}` + "\n" + `    - cel: {expression: "object.spec.(("}` + "\n"),
			"spec.rules[1].cel.expression", "cel", "Syntax error"},
		{"undeclared CEL variable", withRules(`    - cel: {expression: "objekt.metadata.name == 'x'"}` + "\n"),
			"spec.rules[0].cel.expression", "cel", "undeclared reference to 'objekt'"},
		{"CEL not bool", withRules(`    - cel: {expression: "object.metadata.name"}` + "\n"),
			"spec.rules[0].cel.expression", "cel", "must evaluate to bool"},
		{"CEL message expression not string", withRules(`    - cel: {expression: "true", messageExpression: "1 + 2"}` + "\n"),
			"spec.rules[0].cel.messageExpression", "cel", "must evaluate to string"},
		{"empty CEL", withRules(`    - cel: {expression: " "}` + "\n"), "spec.rules[0].cel.expression", "cel", "required"},
		{"bad pod security level", withRules("    - podSecurity: {level: privileged}\n"),
			"spec.rules[0].podSecurity.level", "podSecurity", "baseline or restricted"},
		{"bad label key", withRules("    - requireLabels: {keys: [\"bad key\"]}\n"),
			"spec.rules[0].requireLabels.keys[0]", "requireLabels", "bad key"},
		{"no label keys", withRules("    - requireLabels: {keys: []}\n"), "spec.rules[0].requireLabels.keys", "requireLabels", "at least one"},
		{"two kinds in one rule", withRules("    - {disallowPrivileged: {}, disallowHostPath: {}}\n"), "spec.rules[0]", "", "exactly one"},
		{"rule without body", withRules("    - disallowPrivileged:\n"), "spec.rules[0].disallowPrivileged", "disallowPrivileged", "no body"},
		{"no rules", withRules("    []\n"), "spec.rules", "", "at least one rule"},
		{"bad action", strings.Replace(withRules("    - disallowPrivileged: {}\n"), "Enforce", "Deny", 1), "spec.action", "", "Enforce, Audit or Warn"},
		{"bad name", strings.Replace(withRules("    - disallowPrivileged: {}\n"), "{name: p}", "{name: Prod_Policy}", 1), "metadata.name", "", "RFC 1123"},
		{"bad kind", strings.Replace(withRules("    - disallowPrivileged: {}\n"), "kind: FleetPolicy", "kind: Policy", 1), "kind", "", "FleetPolicy"},
		{"bad selector", strings.Replace(withRules("    - disallowPrivileged: {}\n"), "action: Enforce",
			"action: Enforce\n  clusters: {matchExpressions: [{key: env, operator: Near}]}", 1), "spec.clusters", "", "Near"},
		{"unknown field", withRules("    - disallowPrivileged: {strict: true}\n"), "", "", "unknown field"},
		{"not YAML", "{", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := policy.Load([]byte(c.doc))
			require.Error(t, err)
			if c.field == "" {
				assert.ErrorIs(t, err, policy.ErrDecode)
				assert.Contains(t, err.Error(), c.reason)
				return
			}
			assert.ErrorIs(t, err, policy.ErrInvalid)
			var verr *policy.ValidationError
			require.True(t, errors.As(err, &verr), "%v", err)
			assert.Equal(t, c.field, verr.Field)
			assert.Equal(t, c.rule, verr.Rule)
			assert.Contains(t, verr.Reason, c.reason)
			assert.Contains(t, err.Error(), c.field, "the message names the field")
		})
	}
}

func TestValidateReportsEveryError(t *testing.T) {
	_, err := policy.Load([]byte(withRules("    - restrictImageRegistries: {allowed: []}\n    - podSecurity: {level: x}\n")))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "spec.rules[0].restrictImageRegistries.allowed")
	assert.Contains(t, err.Error(), "spec.rules[1].podSecurity.level")
}
