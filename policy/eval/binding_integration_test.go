package eval_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestBindingResourceRulesChangeNothingOnTheAPIServer: compiled bindings repeat their policy's resource
// rules so that Kyverno CLI, which reads only the binding offline, matches the same kinds. On the real API
// server every manifest of every case, of every kind, gets the same verdict and denial with the rules
// copied and without them, and offline evaluation agrees with both.
func TestBindingResourceRulesChangeNothingOnTheAPIServer(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	var objs []runtime.Object
	var validated []bool // false for manifests the API server refuses before admission
	for _, c := range cases {
		decoded, err := eval.Decode([]byte(c.manifest))
		require.NoError(t, err)
		objs = append(objs, decoded...)
		validated = append(validated, !c.offlineOnly)
	}
	const key = "combined"
	verdicts := map[string][]verdict{}
	for _, variant := range []string{"copied", "policy only"} {
		t.Run(variant, func(t *testing.T) {
			set, err := policy.CompileVAP(loadPolicy(t, key, sentinelRule(key)))
			require.NoError(t, err)
			for i := range set.Bindings {
				require.NotEmpty(t, set.Bindings[i].Spec.MatchResources.ResourceRules)
				assert.Equal(t, set.Policies[i].Spec.MatchConstraints.ResourceRules, set.Bindings[i].Spec.MatchResources.ResourceRules)
				if variant == "policy only" {
					set.Bindings[i].Spec.MatchResources.ResourceRules = nil
				}
			}
			ev, err := eval.New(set.Policies, set.Bindings, eval.Options{})
			require.NoError(t, err)
			install(t, ctx, s, set, sentinels(t, key))
			for i, obj := range objs {
				v, err := s.create(ctx, obj)
				require.NoError(t, err)
				verdicts[variant] = append(verdicts[variant], v)
				offline, err := ev.Evaluate(ctx, obj)
				require.NoError(t, err)
				if validated[i] {
					assert.Equal(t, v.allowed, offline.Allowed, "%d: %s", i, v.denial)
				}
			}
		})
	}
	require.Len(t, verdicts["copied"], len(objs))
	assert.Equal(t, verdicts["policy only"], verdicts["copied"])
}
