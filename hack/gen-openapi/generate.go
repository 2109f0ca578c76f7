package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"k8s.io/client-go/discovery"
	"k8s.io/client-go/rest"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

// DefaultPath is where the policy compiler embeds the schemas from.
const DefaultPath = "policy/schemas/openapi-v" + testenv.KubernetesVersion + ".json"

// gvk is an x-kubernetes-group-version-kind entry.
type gvk struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

// Kinds are the kinds the policy compiler's kind groups match (policy/kindgroup.go), by OpenAPI v3 path.
var Kinds = map[string][]gvk{
	"/openapi/v3/api/v1": {{"", "v1", "Pod"}},
	"/openapi/v3/apis/apps/v1": {{"apps", "v1", "Deployment"}, {"apps", "v1", "StatefulSet"},
		{"apps", "v1", "DaemonSet"}, {"apps", "v1", "ReplicaSet"}},
	"/openapi/v3/apis/batch/v1": {{"batch", "v1", "Job"}, {"batch", "v1", "CronJob"}},
}

// document is the generated file: the component schemas of the kinds and of every definition they
// reference, without descriptions (typing needs none of them).
type document struct {
	KubernetesVersion string `json:"kubernetesVersion"`
	Components        struct {
		Schemas map[string]any `json:"schemas"`
	} `json:"components"`
}

// Generate fetches the OpenAPI v3 documents of the kinds' group versions from the API server at cfg and
// returns the trimmed, merged document, indented and with sorted keys (so regeneration is reproducible).
func Generate(ctx context.Context, cfg *rest.Config) ([]byte, error) {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return nil, fmt.Errorf("discovery client: %w", err)
	}
	var doc document
	doc.KubernetesVersion = testenv.KubernetesVersion
	doc.Components.Schemas = map[string]any{}
	paths := make([]string, 0, len(Kinds))
	for p := range Kinds {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		raw, err := dc.RESTClient().Get().AbsPath(p).DoRaw(ctx)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", p, err)
		}
		if err := trim(raw, Kinds[p], doc.Components.Schemas); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	out, err := json.MarshalIndent(doc, "", " ")
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return append(out, '\n'), nil
}

// trim copies into out the schemas of kinds in the OpenAPI v3 document raw and every schema they
// reference, transitively, with descriptions removed.
func trim(raw []byte, kinds []gvk, out map[string]any) error {
	var src struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &src); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	roots, err := rootsOf(src.Components.Schemas, kinds)
	if err != nil {
		return err
	}
	queue := roots
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if _, done := out[name]; done {
			continue
		}
		rawSchema, ok := src.Components.Schemas[name]
		if !ok {
			return fmt.Errorf("schema %s is referenced but not defined", name)
		}
		var s any
		if err := json.Unmarshal(rawSchema, &s); err != nil {
			return fmt.Errorf("decode %s: %w", name, err)
		}
		out[name] = strip(s, &queue)
	}
	return nil
}

// rootsOf finds the schema names of kinds by their x-kubernetes-group-version-kind extension.
func rootsOf(schemas map[string]json.RawMessage, kinds []gvk) ([]string, error) {
	var roots []string
	for _, k := range kinds {
		found := ""
		for name, raw := range schemas {
			var s struct {
				GVKs []gvk `json:"x-kubernetes-group-version-kind"`
			}
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, fmt.Errorf("decode %s: %w", name, err)
			}
			for _, g := range s.GVKs {
				if g == k {
					found = name
				}
			}
		}
		if found == "" {
			return nil, fmt.Errorf("no schema for %s/%s %s", k.Group, k.Version, k.Kind)
		}
		roots = append(roots, found)
	}
	return roots, nil
}

const refPrefix = "#/components/schemas/"

// strip removes descriptions from the schema value v (recursively) and queues the schemas it references.
func strip(v any, queue *[]string) any {
	switch t := v.(type) {
	case map[string]any:
		delete(t, "description")
		for k, child := range t {
			if k == "$ref" {
				if ref, ok := child.(string); ok {
					*queue = append(*queue, strings.TrimPrefix(ref, refPrefix))
				}
				continue
			}
			if k == "properties" {
				// property names are data, not schema keywords: a property named "description" stays.
				if props, ok := child.(map[string]any); ok {
					for name, p := range props {
						props[name] = strip(p, queue)
					}
					continue
				}
			}
			t[k] = strip(child, queue)
		}
		return t
	case []any:
		for i := range t {
			t[i] = strip(t[i], queue)
		}
	}
	return v
}
