package capi

import (
	"bytes"
	"fmt"

	"sigs.k8s.io/yaml"
)

// YAML renders every object, in All's order, as one multi-document YAML stream that
// `kubectl apply -f -` accepts.
func (o Objects) YAML() ([]byte, error) {
	var buf bytes.Buffer
	for i, obj := range o.All() {
		b, err := yaml.Marshal(obj)
		if err != nil {
			return nil, fmt.Errorf("capi: marshal %s %s: %w", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName(), err)
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(b)
	}
	return buf.Bytes(), nil
}
