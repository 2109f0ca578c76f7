package eval_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/defaults"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// TestJSONFormIsToUnstructured holds eval's planned conversion equal to the converter kube-apiserver's
// admission CEL uses, on generated manifests of every kind before and after defaulting, and on objects that
// take the fallback path (managed fields, whose type only marshals itself to JSON).
func TestJSONFormIsToUnstructured(t *testing.T) {
	gen := newManifestGen(1)
	var objs []runtime.Object
	for range 400 {
		data, err := json.Marshal(gen.next())
		require.NoError(t, err)
		decoded, err := eval.Decode(data)
		require.NoError(t, err)
		d, err := defaults.ForCreate(decoded[0])
		require.NoError(t, err)
		objs = append(objs, decoded[0], d.Object)
	}
	managed, err := eval.Decode([]byte(`apiVersion: v1
kind: Pod
metadata:
  name: p
  creationTimestamp: "2026-01-02T03:04:05Z"
  managedFields: [{manager: kubectl, operation: Apply, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {f:spec: {}}}]
spec: {containers: [{name: c, image: nginx}]}
`))
	require.NoError(t, err)
	objs = append(objs, managed...)
	for _, obj := range objs {
		want, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		require.NoError(t, err)
		got, err := eval.JSONForm(obj)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
}
