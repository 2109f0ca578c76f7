package volcano

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"k8s.io/apimachinery/pkg/api/resource"
	"sigs.k8s.io/yaml"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
)

// quantityKeys are the object keys whose values are resource quantities in a Job manifest.
var quantityKeys = []string{"requests", "limits", "overhead"}

// ParseJob decodes a Volcano Job manifest (YAML or JSON) strictly: unknown fields are errors, and an
// unparseable quantity is reported with its field path (spec.tasks[0].template.spec.containers[0]
// .resources.limits[nvidia.com/gpu]) rather than as a bare decoding error.
func ParseJob(data []byte) (*batchv1alpha1.Job, error) {
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, invalid("job", "not YAML or JSON: %v", err)
	}
	var tree any
	if err := json.Unmarshal(js, &tree); err != nil {
		return nil, invalid("job", "%v", err)
	}
	if err := checkQuantities("", tree); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	job := &batchv1alpha1.Job{}
	if err := dec.Decode(job); err != nil {
		return nil, invalid("job", "%v", err)
	}
	gv := batchv1alpha1.SchemeGroupVersion.String()
	if (job.APIVersion != "" && job.APIVersion != gv) || (job.Kind != "" && job.Kind != "Job") {
		return nil, invalid("apiVersion", "want %s Job, got %s %s", gv, job.APIVersion, job.Kind)
	}
	return job, nil
}

// checkQuantities walks a decoded JSON tree and parses every value under a quantity key.
func checkQuantities(path string, node any) error {
	switch v := node.(type) {
	case map[string]any:
		for _, k := range sortedKeys(v) {
			child := join(path, k)
			if list, ok := v[k].(map[string]any); ok && slices.Contains(quantityKeys, k) {
				if err := parseList(child, list); err != nil {
					return err
				}
				continue
			}
			if err := checkQuantities(child, v[k]); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range v {
			if err := checkQuantities(fmt.Sprintf("%s[%d]", path, i), e); err != nil {
				return err
			}
		}
	}
	return nil
}

func parseList(path string, list map[string]any) error {
	for _, name := range sortedKeys(list) {
		raw := fmt.Sprint(list[name])
		if _, err := resource.ParseQuantity(raw); err != nil {
			return invalid(fmt.Sprintf("%s[%s]", path, name), "unparseable quantity %q: %v", raw, err)
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
