package eval_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestTransplantedTypesEqualAFullCheck compiles fleetkit's policies for every kind group, where one check
// of each shape types the others, and holds every expression's checked form (types, overloads, source
// info) equal to what a full check of its own text gives.
func TestTransplantedTypesEqualAFullCheck(t *testing.T) {
	sample, err := os.ReadFile("../testdata/prod-baseline.yaml")
	require.NoError(t, err)
	keys := []string{"bench", "sample"}
	for k := range testPolicies {
		keys = append(keys, k)
	}
	for _, key := range keys {
		t.Run(key, func(t *testing.T) {
			var p policy.FleetPolicy
			var err error
			switch key {
			case "bench":
				p, err = policy.Load([]byte(benchPolicy))
			case "sample":
				p, err = policy.Load(sample)
			default:
				p = loadPolicy(t, key)
			}
			require.NoError(t, err)
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

// TestTransplantedTypesEqualAFullCheckOnHandWrittenPolicies pairs expressions of one shape that reach dyn
// chains in every position a checker could type differently: under has(), optional selection, indexing,
// comprehensions (one shadowing object), map and list literals, and string and numeric operations.
func TestTransplantedTypesEqualAFullCheckOnHandWrittenPolicies(t *testing.T) {
	exprs := []string{
		"has(OBJ.x) && OBJ.?y.orValue(0) > 1",
		"OBJ.containers[0].image.startsWith('a') || size(OBJ.containers) == 2",
		"OBJ.containers.all(c, c.name != '' && OBJ.?hostPID.orValue(false) == false)",
		"[1, 2].exists(object, object == 1) || OBJ.replicas in [1, 2]",
		"{'a': OBJ.a}['a'] == OBJ.b && OBJ.c + 1 > 2.0",
		"OBJ.labels.exists_one(k, k.matches('^a.*')) ? OBJ.x == null : oldObject == null",
		"OBJ.items.map(i, i.x).filter(x, x > 0).size() >= 0 && string(OBJ.n).size() < 3",
	}
	paths := []string{"object.spec", "object.spec.template.spec", "object.spec.jobTemplate.spec.template.spec", "object"}
	var vaps []admissionregistrationv1.ValidatingAdmissionPolicy
	for i, path := range paths {
		vap := admissionregistrationv1.ValidatingAdmissionPolicy{ObjectMeta: metav1.ObjectMeta{Name: "p" + string(rune('a'+i))},
			Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{MatchConstraints: &admissionregistrationv1.MatchResources{}}}
		for _, e := range exprs {
			e = strings.ReplaceAll(e, "OBJ", path)
			vap.Spec.Validations = append(vap.Spec.Validations, admissionregistrationv1.Validation{Expression: e,
				MessageExpression: "'failed: ' + string(" + path + ".?x.orValue(1))"})
		}
		vaps = append(vaps, vap)
	}
	mismatches, transplanted, err := eval.Transplanted(vaps)
	require.NoError(t, err)
	assert.Empty(t, mismatches)
	// The policies at the two template paths are typed from the first (seven validations and the shared
	// message each); at the bare object path, the three expressions that apply has() or ?. to object itself
	// (object alone is no chain) are shapes of their own.
	assert.Equal(t, 2*(len(exprs)+1)+len(exprs)+1-3, transplanted)
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
