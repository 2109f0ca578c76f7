package policy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/policy"
)

// TestBindingsRepeatTheirPolicysResourceRules: Kyverno CLI reads only a binding's matchResources offline,
// so each binding carries its policy's resource rules, as a copy the caller may edit.
func TestBindingsRepeatTheirPolicysResourceRules(t *testing.T) {
	set, err := policy.CompileVAP(specPolicy(t))
	require.NoError(t, err)
	for i, b := range set.Bindings {
		rules := set.Policies[i].Spec.MatchConstraints.ResourceRules
		require.NotEmpty(t, rules)
		assert.Equal(t, rules, b.Spec.MatchResources.ResourceRules, b.Name)
		b.Spec.MatchResources.ResourceRules[0].Resources[0] = "edited"
		assert.NotEqual(t, "edited", set.Policies[i].Spec.MatchConstraints.ResourceRules[0].Resources[0])
	}
}

// TestCompileVAPUncheckedLeavesTypeCheckingToTheCaller: the same objects as CompileVAP, without
// type-checking the generated expressions; the policy itself, custom CEL included, is still validated.
func TestCompileVAPUncheckedLeavesTypeCheckingToTheCaller(t *testing.T) {
	checked, err := policy.CompileVAP(specPolicy(t))
	require.NoError(t, err)
	unchecked, err := policy.CompileVAPUnchecked(specPolicy(t))
	require.NoError(t, err)
	assert.Equal(t, checked, unchecked)

	p := specPolicy(t)
	p.Spec.Rules = append(p.Spec.Rules, policy.Rule{CEL: &policy.CELRule{Expression: "object.metadata.name + 1 == 'a'"}})
	_, err = policy.CompileVAPUnchecked(p)
	assert.ErrorIs(t, err, policy.ErrInvalid)

	p = specPolicy(t)
	p.Spec.Action = "Block"
	_, err = policy.CompileVAPUnchecked(p)
	assert.ErrorIs(t, err, policy.ErrInvalid)
}
