package eval_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestTransplantedTypesEqualAFullCheck compiles fleetkit's policies for every kind group, where one check
// of each shape types the others, and holds every expression's checked form (types, overloads, source
// info) equal to what a full check of its own text gives.
func TestTransplantedTypesEqualAFullCheck(t *testing.T) {
	keys := []string{"bench"}
	for k := range testPolicies {
		keys = append(keys, k)
	}
	for _, key := range keys {
		t.Run(key, func(t *testing.T) {
			var p policy.FleetPolicy
			var err error
			if key == "bench" {
				p, err = policy.Load([]byte(benchPolicy))
				require.NoError(t, err)
			} else {
				p = loadPolicy(t, key)
			}
			set, err := policy.CompileVAPUnchecked(p)
			require.NoError(t, err)
			mismatches, transplanted, err := eval.Transplanted(set.Policies)
			require.NoError(t, err)
			assert.Empty(t, mismatches)
			if key == "bench" {
				assert.Greater(t, transplanted, 100, "the workload and CronJob versions of the rules are typed from the Pod version")
			}
		})
	}
}

func TestShapesCutOnlyDynChains(t *testing.T) {
	cases := []struct {
		a, b string
		same bool
	}{
		{"object.spec.containers.all(c, c.image != '')", "object.spec.template.spec.containers.all(c, c.image != '')", true},
		{"object.spec.?initContainers.orValue([]).size() > 0", "oldObject.spec.?initContainers.orValue([]).size() > 0", false},
		{"object.spec.containers.all(c, c.image != '')", "object.spec.containers.all(c, c.name != '')", false},
		{"has(object.spec.x)", "has(object.spec.template.x)", true},
		{"has(object.spec.x)", "has(object.spec.y)", false},
		{"object.spec.replicas <= 50", "object.spec.replicas <= 51", false},
		{"object.spec.replicas <= 50", "object.spec.replicas < 50", false},
		{"variables.podSpec.containers.size() > 0", "variables.spec.containers.size() > 0", false},
		{"request.name == 'a'", "request.namespace == 'a'", false},
	}
	for _, c := range cases {
		a, err := eval.Shape(c.a)
		require.NoError(t, err)
		b, err := eval.Shape(c.b)
		require.NoError(t, err)
		assert.Equal(t, c.same, a == b, "%s / %s", c.a, c.b)
	}
}
