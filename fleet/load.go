package fleet

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ErrDecode is matched (with errors.Is) by errors from Load about input that is not a fleet file: malformed
// YAML or JSON, unknown fields, wrong types, duplicate keys, more than one document, or input beyond the
// decoder's limits (16 MiB, 32 MiB decoded with aliases expanded, 100 levels, 500,000 nodes).
var ErrDecode = errors.New("fleet: decode")

// fileMember is Member as written in a fleet file. Readiness is `notReady: true`; the older key `ready`
// is still read (ready: false is notReady: true). Both are pointers here so that giving both is seen.
type fileMember struct {
	Member
	NotReady *bool `json:"notReady,omitempty"`
	Ready    *bool `json:"ready,omitempty"`
}

type fileFleet struct {
	Name    string       `json:"name"`
	Members []fileMember `json:"members"`
}

// Load decodes a fleet file (one YAML or JSON document) and validates it. Unknown fields, duplicate keys
// and a second document are errors naming the field or line, so a typo is reported instead of silently
// ignored. A member is ready unless it says `notReady: true` (or, in the older spelling, `ready: false`);
// a member that gives both keys is refused.
func Load(data []byte) (Fleet, error) {
	var ff fileFleet
	if err := strictyaml.Unmarshal(data, &ff); err != nil {
		return Fleet{}, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	f := Fleet{Name: ff.Name, Members: make([]Member, len(ff.Members))}
	for i, fm := range ff.Members {
		m := fm.Member
		switch {
		case fm.Ready != nil && fm.NotReady != nil:
			return Fleet{}, invalid("members["+strconv.Itoa(i)+"].ready",
				"give notReady or the older ready, not both")
		case fm.Ready != nil:
			m.NotReady = !*fm.Ready
		case fm.NotReady != nil:
			m.NotReady = *fm.NotReady
		}
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
