package policy_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGoldenObjects pins the compiled objects of the example policy (specPolicy) for every target; run with
// -update after an intended change and review the diff.
func TestGoldenObjects(t *testing.T) {
	for _, target := range policy.Targets() {
		t.Run(string(target), func(t *testing.T) {
			objs, err := policy.Compile(specPolicy(t), target)
			require.NoError(t, err)
			var buf bytes.Buffer
			for i, item := range objs.Items {
				m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(item)
				require.NoError(t, err)
				unstructured.RemoveNestedField(m, "metadata", "creationTimestamp")
				unstructured.RemoveNestedField(m, "status")
				data, err := sigsyaml.Marshal(m)
				require.NoError(t, err)
				if i > 0 {
					buf.WriteString("---\n")
				}
				buf.Write(data)
			}
			path := "testdata/prod-baseline." + string(target) + ".golden.yaml"
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./policy -run TestGoldenObjects -update")
			assert.Equal(t, string(want), buf.String())
		})
	}
}
