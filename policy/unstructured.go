package policy

import (
	"encoding/json"
	"fmt"
)

// toMap converts a JSON-serialisable value to the map form of unstructured objects.
func toMap(v any) (map[string]any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("policy: encode: %w", err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("policy: decode: %w", err)
	}
	return out, nil
}
