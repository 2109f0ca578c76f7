package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTrimKeepsTheKindsAndWhatTheyReference: only the kinds' schemas and the definitions they reference
// (directly, through allOf, items and additionalProperties) are kept, without descriptions; a property
// named "description" is data and stays.
func TestTrimKeepsTheKindsAndWhatTheyReference(t *testing.T) {
	raw := []byte(`{"components": {"schemas": {
	  "a.Pod": {"description": "x", "x-kubernetes-group-version-kind": [{"group": "", "version": "v1", "kind": "Pod"}],
	    "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/a.Spec"}], "description": "y"},
	      "description": {"type": "string", "description": "z"}}},
	  "a.Spec": {"properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/a.Item"}},
	    "limits": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/a.Quantity"}}}},
	  "a.Item": {"type": "string"},
	  "a.Quantity": {"oneOf": [{"type": "string"}, {"type": "number"}]},
	  "a.Unused": {"type": "string"}}}}`)
	out := map[string]any{}
	require.NoError(t, trim(raw, []gvk{{"", "v1", "Pod"}}, out))
	got, err := json.Marshal(out)
	require.NoError(t, err)
	assert.JSONEq(t, `{
	  "a.Pod": {"x-kubernetes-group-version-kind": [{"group": "", "version": "v1", "kind": "Pod"}],
	    "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/a.Spec"}]},
	      "description": {"type": "string"}}},
	  "a.Spec": {"properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/a.Item"}},
	    "limits": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/a.Quantity"}}}},
	  "a.Item": {"type": "string"},
	  "a.Quantity": {"oneOf": [{"type": "string"}, {"type": "number"}]}}`, string(got))

	assert.ErrorContains(t, trim(raw, []gvk{{"apps", "v1", "Deployment"}}, map[string]any{}), "no schema for apps/v1 Deployment")
	broken := []byte(`{"components": {"schemas": {"a.Pod": {"x-kubernetes-group-version-kind": [{"group": "", "version": "v1", "kind": "Pod"}],
	  "properties": {"spec": {"$ref": "#/components/schemas/a.Missing"}}}}}}`)
	assert.ErrorContains(t, trim(broken, []gvk{{"", "v1", "Pod"}}, map[string]any{}), "a.Missing is referenced but not defined")
}
