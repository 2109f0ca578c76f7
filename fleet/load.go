package fleet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/util/yaml"
)

// ErrDecode is matched (with errors.Is) by errors from Load about malformed documents.
var ErrDecode = errors.New("fleet: decode")

// fileMember is Member as written in a fleet file: ready defaults to true when absent.
type fileMember struct {
	Member
	Ready *bool `json:"ready,omitempty"`
}

type fileFleet struct {
	Name    string       `json:"name"`
	Members []fileMember `json:"members"`
}

// Load decodes a fleet file (YAML or JSON) and validates it. Unknown fields are errors, so a typo in a
// field name is reported instead of silently ignored. Members without `ready` are ready.
func Load(data []byte) (Fleet, error) {
	js, err := yaml.ToJSON(data)
	if err != nil {
		return Fleet{}, fmt.Errorf("%w: %v", ErrDecode, err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var ff fileFleet
	if err := dec.Decode(&ff); err != nil {
		return Fleet{}, fmt.Errorf("%w: %v", ErrDecode, err)
	}
	f := Fleet{Name: ff.Name, Members: make([]Member, len(ff.Members))}
	for i, fm := range ff.Members {
		m := fm.Member
		m.Ready = fm.Ready == nil || *fm.Ready
		f.Members[i] = m
	}
	if len(f.Members) == 0 {
		return Fleet{}, invalid("members", "a fleet needs at least one member")
	}
	if err := f.Validate(); err != nil {
		return Fleet{}, err
	}
	return f, nil
}
