package policy_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/policy"
)

// TestDedicatedRulesMatchTheirPodSecurityControls pins that disallowPrivileged and disallowHostPath compile to
// exactly the expressions of the matching Pod Security Standards baseline controls, in every kind group: a
// pod the dedicated rule denies is denied by podSecurity too, and the other way round.
func TestDedicatedRulesMatchTheirPodSecurityControls(t *testing.T) {
	set, err := policy.CompileVAP(specPolicy(t))
	require.NoError(t, err)
	require.NotEmpty(t, set.Policies)
	for _, vap := range set.Policies {
		var rules []string
		require.NoError(t, json.Unmarshal([]byte(vap.Annotations[policy.AnnotationRules]), &rules))
		require.Len(t, rules, len(vap.Spec.Validations))
		dedicated := map[string]string{}
		var pss []string
		for i, v := range vap.Spec.Validations {
			switch rules[i] {
			case string(policy.RuleDisallowPrivileged), string(policy.RuleDisallowHostPath):
				dedicated[rules[i]] = v.Expression
			case string(policy.RulePodSecurity):
				pss = append(pss, v.Expression)
			}
		}
		require.Len(t, dedicated, 2, vap.Name)
		for rule, expr := range dedicated {
			assert.True(t, slices.Contains(pss, expr), "%s: %s drifted from its podSecurity control", vap.Name, rule)
		}
	}
}
