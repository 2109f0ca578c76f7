package rollout

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
)

// RevisionOf returns a stable revision for a pod template: a hash of its
// canonical JSON. Canonical means map keys sorted, numbers normalised and
// empty values (null, "", {}, []) dropped, together with the
// metadata.creationTimestamp every serialised template carries as null.
//
// Hashing canonical JSON instead of a Go struct dump is what keeps a new
// Kubernetes field from starting a rollout: a field the template does not
// set is absent or empty in JSON whichever API version produced it, while a
// struct dump changes as soon as the struct grows. A field a newer API
// server defaults to a non-empty value does change the revision.
func RevisionOf(tmpl corev1.PodTemplateSpec) (string, error) {
	data, err := json.Marshal(tmpl)
	if err != nil {
		return "", fmt.Errorf("rollout: revision: %w", err)
	}
	return RevisionOfJSON(data)
}

// RevisionOfJSON is RevisionOf for a template already in JSON, e.g. read
// from an unstructured object.
func RevisionOfJSON(data []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("rollout: revision: %w", err)
	}
	if meta, ok := v.(map[string]any)["metadata"].(map[string]any); ok {
		delete(meta, "creationTimestamp")
	}
	canon, err := json.Marshal(canonical(v))
	if err != nil {
		return "", fmt.Errorf("rollout: revision: %w", err)
	}
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:8]), nil
}

// canonical drops empty values and normalises numbers; json.Marshal then
// sorts map keys.
func canonical(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			if c := canonical(e); !empty(c) {
				out[k] = c
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = canonical(e)
		}
		return out
	case json.Number:
		if f, err := strconv.ParseFloat(string(x), 64); err == nil {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
		return x
	default:
		return v
	}
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}
