package eval_test

import (
	"context"
	"os"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/fleetkit/fleetkit/policy"
)

// TestKyvernoPoliciesMatchKyvernosSchema creates every compiled Kyverno ClusterPolicy on the real
// kube-apiserver with Kyverno's own CRD (v1.19.1) installed and strict field validation, so a field
// the compiler emits that Kyverno does not know, or a wrong type or enum value, fails here.
// Kyverno itself does not run: this proves the objects' shape, not Kyverno's verdicts.
func TestKyvernoPoliciesMatchKyvernosSchema(t *testing.T) {
	ctx := context.Background()
	keys := make([]string, 0, len(testPolicies))
	for k := range testPolicies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	docs := map[string][]byte{}
	for _, k := range keys {
		docs["case "+k] = []byte(policyYAML(k))
	}
	baseline, err := os.ReadFile("../testdata/prod-baseline.yaml")
	require.NoError(t, err)
	docs["spec policy"] = baseline

	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			p, err := policy.Load(doc)
			require.NoError(t, err)
			objs, err := policy.CompileKyverno(p)
			require.NoError(t, err)
			for _, obj := range objs {
				obj.SetName("kyverno-" + obj.GetName())
				require.NoError(t, env.Client.Create(ctx, obj), "Kyverno's CRD rejected the compiled ClusterPolicy %s", obj.GetName())
				rules, _, err := unstructured.NestedSlice(obj.Object, "spec", "rules")
				require.NoError(t, err)
				assert.NotEmpty(t, rules)
			}
		})
	}

	t.Run("control: a misspelt field is rejected", func(t *testing.T) {
		p, err := policy.Load(baseline)
		require.NoError(t, err)
		objs, err := policy.CompileKyverno(p)
		require.NoError(t, err)
		obj := objs[0]
		obj.SetName("kyverno-control")
		require.NoError(t, unstructured.SetNestedField(obj.Object, true, "spec", "backgroundd"))
		err = env.Client.Create(ctx, obj)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "backgroundd")
	})
}
