package fleet

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ErrDecode is matched (with errors.Is) by errors from Load about input that is not a fleet file: malformed
// YAML or JSON, unknown fields, wrong types, duplicate keys, more than one document, or input beyond the
// decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100 levels, 500,000 nodes).
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

// Load decodes a fleet file (one YAML or JSON document) and validates it. Unknown fields, duplicate keys
// and a second document are errors naming the field or line, so a typo is reported instead of silently
// ignored. Members without `ready` are ready.
func Load(data []byte) (Fleet, error) {
	var ff fileFleet
	if err := strictyaml.Unmarshal(data, &ff); err != nil {
		return Fleet{}, fmt.Errorf("%w: %w", ErrDecode, err)
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
