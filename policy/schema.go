package policy

import (
	_ "embed" // the OpenAPI schemas of the built-in kinds
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// servedSchemas are the OpenAPI v3 component schemas of the kinds the kind groups match and of every
// definition they reference, as kube-apiserver v1.35.4 serves them, without descriptions. Regenerate with
// `make generate` (hack/gen-openapi starts the test environment's API server and fetches them).
//
//go:embed schemas/openapi-v1.35.4.json
var servedSchemas []byte

const schemaRefPrefix = "#/components/schemas/"

// schemaSet is the decoded schema document: every named schema, and the name of each kind's root schema.
type schemaSet struct {
	named map[string]*spec.Schema
	kinds map[schema.GroupVersionKind]string
	// resolved memoises the inlined, normalised schema of each name.
	resolved map[string]*spec.Schema
}

// loadSchemas decodes servedSchemas once.
var loadSchemas = sync.OnceValues(func() (*schemaSet, error) {
	var doc struct {
		Components struct {
			Schemas map[string]*spec.Schema `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(servedSchemas, &doc); err != nil {
		return nil, fmt.Errorf("policy: decode the embedded OpenAPI schemas: %w", err)
	}
	set := &schemaSet{named: doc.Components.Schemas, kinds: map[schema.GroupVersionKind]string{},
		resolved: map[string]*spec.Schema{}}
	for name, s := range set.named {
		var gvks []schema.GroupVersionKind
		if err := s.Extensions.GetObject("x-kubernetes-group-version-kind", &gvks); err != nil {
			return nil, fmt.Errorf("policy: schema %s: %w", name, err)
		}
		for _, g := range gvks {
			set.kinds[g] = name
		}
	}
	return set, nil
})

// kindSchema returns the inlined, normalised schema of kind and its definition name. It fills the memo
// and is not safe for concurrent use: only kindEnvs, once, calls it.
func (s *schemaSet) kindSchema(kind schema.GroupVersionKind) (*spec.Schema, string, error) {
	name, ok := s.kinds[kind]
	if !ok {
		return nil, "", fmt.Errorf("policy: no OpenAPI schema for %s in the embedded schemas", kind)
	}
	root, err := s.resolveName(name, map[string]bool{})
	return root, name, err
}

func (s *schemaSet) resolveName(name string, visiting map[string]bool) (*spec.Schema, error) {
	if r, ok := s.resolved[name]; ok {
		return r, nil
	}
	if visiting[name] {
		// The built-in kinds have no recursive types; should one appear, its recursion is untyped.
		return untyped(), nil
	}
	target, ok := s.named[name]
	if !ok {
		return nil, fmt.Errorf("policy: OpenAPI schema %s is referenced but not defined", name)
	}
	visiting[name] = true
	defer delete(visiting, name)
	r, err := s.resolve(target, visiting)
	if err != nil {
		return nil, err
	}
	s.resolved[name] = r
	return r, nil
}

// resolve returns sch with every reference inlined (a reference wrapped in allOf, as kube-openapi writes
// fields with defaults, is replaced by its target, as kube-apiserver's own resolver does) and normalised to
// the values admission sees.
func (s *schemaSet) resolve(sch *spec.Schema, visiting map[string]bool) (*spec.Schema, error) {
	if ref, ok := refOf(sch); ok {
		return s.resolveName(strings.TrimPrefix(ref, schemaRefPrefix), visiting)
	}
	out := normalise(*sch)
	if len(out.Properties) > 0 {
		props := make(map[string]spec.Schema, len(out.Properties))
		for name, p := range out.Properties {
			r, err := s.resolve(&p, visiting)
			if err != nil {
				return nil, err
			}
			props[name] = *r
		}
		out.Properties = props
	}
	if ap := out.AdditionalProperties; ap != nil && ap.Schema != nil {
		r, err := s.resolve(ap.Schema, visiting)
		if err != nil {
			return nil, err
		}
		out.AdditionalProperties = &spec.SchemaOrBool{Allows: true, Schema: r}
	}
	if it := out.Items; it != nil && it.Schema != nil {
		r, err := s.resolve(it.Schema, visiting)
		if err != nil {
			return nil, err
		}
		out.Items = &spec.SchemaOrArray{Schema: r}
	}
	return &out, nil
}

func refOf(sch *spec.Schema) (string, bool) {
	if sch.Ref.GetURL() != nil {
		return sch.Ref.String(), true
	}
	for i := range sch.AllOf {
		if ref, ok := refOf(&sch.AllOf[i]); ok {
			return ref, true
		}
	}
	return "", false
}

// normalise adjusts a schema to the value a validation expression sees at admission, where kube-apiserver
// hands CEL the object as unstructured JSON (k8s.io/apiserver@v0.35.4,
// pkg/admission/plugin/cel/condition.go: objectToResolveVal):
//   - date-time, date, duration and byte strings are strings there, not timestamps, durations or bytes;
//   - a schema without a type (resource.Quantity: oneOf string or number) is a value of either type, so it
//     is typed dyn, like an int-or-string, instead of being dropped from its parent (kube-apiserver's
//     type checker drops it, and would report resources.requests as an undefined field);
//   - an object schema without properties (metadata.managedFields[].fieldsV1) holds arbitrary keys: dyn.
func normalise(sch spec.Schema) spec.Schema {
	switch {
	case len(sch.Type) == 0:
		return *untyped()
	case sch.Type.Contains("string"):
		switch sch.Format {
		case "date-time", "date", "duration", "byte":
			sch.Format = ""
		}
	case sch.Type.Contains("object") && len(sch.Properties) == 0 && sch.AdditionalProperties == nil:
		return *untyped()
	}
	return sch
}

// untyped is a schema CEL types dyn (common.SchemaDeclType treats int-or-string values so).
func untyped() *spec.Schema {
	return &spec.Schema{VendorExtensible: spec.VendorExtensible{Extensions: spec.Extensions{
		"x-kubernetes-int-or-string": true}}}
}
