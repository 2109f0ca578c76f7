package strictyaml

import (
	"encoding/json"

	"go.yaml.in/yaml/v3"
)

// listKind is the kind kubectl writes for several objects (kubectl get -o yaml).
const listKind = "List"

// listNode returns the items of a YAML `kind: List` document, or nil when root is not one.
func listNode(root *yaml.Node) *yaml.Node {
	root = resolve(root)
	if root.Kind != yaml.MappingNode {
		return nil
	}
	var kind, items *yaml.Node
	for _, p := range mergedPairs(root) {
		switch p.key {
		case "kind":
			kind = resolve(p.value)
		case "items":
			items = resolve(p.value)
		}
	}
	if kind == nil || kind.Kind != yaml.ScalarNode || kind.Value != listKind || items == nil || items.Kind != yaml.SequenceNode {
		return nil
	}
	return items
}

// listItems splits a JSON `kind: List` document into one Document per item; any other document is
// returned as it is.
func listItems(doc *Document) ([]*Document, error) {
	var probe struct {
		Kind  string            `json:"kind"`
		Items []json.RawMessage `json:"items"`
	}
	if json.Unmarshal(doc.json, &probe) != nil || probe.Kind != listKind || probe.Items == nil {
		return []*Document{doc}, nil
	}
	out := make([]*Document, len(probe.Items))
	for i, raw := range probe.Items {
		out[i] = &Document{json: raw, src: raw, index: doc.index, item: i}
	}
	return out, nil
}
