package fleet

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"

	corev1 "k8s.io/api/core/v1"

	"k8s.io/apimachinery/pkg/util/validation"
)

// Fleet is a named set of member clusters. Member order is kept as given; engines that need a
// canonical order sort by name themselves.
type Fleet struct {
	Name    string   `json:"name"`
	Members []Member `json:"members"`
}

// Member returns the member with the given name.
func (f Fleet) Member(name string) (Member, bool) {
	for _, m := range f.Members {
		if m.Name == name {
			return m, true
		}
	}
	return Member{}, false
}

// Names returns the member names, sorted.
func (f Fleet) Names() []string {
	names := make([]string, len(f.Members))
	for i, m := range f.Members {
		names[i] = m.Name
	}
	sort.Strings(names)
	return names
}

// Select returns the members the affinity matches, in fleet order.
func (f Fleet) Select(a Affinity) ([]Member, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	var out []Member
	for _, m := range f.Members {
		if a.Matches(m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// WithRole returns the members of the given role, in fleet order.
func (f Fleet) WithRole(r Role) []Member {
	var out []Member
	for _, m := range f.Members {
		if m.Role == r {
			out = append(out, m)
		}
	}
	return out
}

// Validate checks member names (present, DNS-1123 labels, unique), label keys and values, and
// capacity quantities (never negative). The first problem of each member is reported, all members
// are checked, and the errors are joined.
func (f Fleet) Validate() error {
	var errs []error
	seen := make(map[string]int, len(f.Members))
	for i, m := range f.Members {
		field := fmt.Sprintf("members[%d]", i)
		if prev, dup := seen[m.Name]; dup && m.Name != "" {
			errs = append(errs, invalid(field+".name", "duplicate member name %q (also members[%d])", m.Name, prev))
			continue
		}
		seen[m.Name] = i
		if err := m.Validate(field); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Validate checks one member; field is the path used in error messages (for example "members[0]").
func (m Member) Validate(field string) error {
	if m.Name == "" {
		return invalid(field+".name", "must not be empty")
	}
	if msgs := validation.IsDNS1123Label(m.Name); len(msgs) > 0 {
		return invalid(field+".name", "%q: %s", m.Name, msgs[0])
	}
	// Keys are checked in sorted order so that the same bad input always reports the same field.
	for _, k := range slices.Sorted(maps.Keys(m.Labels)) {
		if msgs := validation.IsQualifiedName(k); len(msgs) > 0 {
			return invalid(field+".labels", "key %q: %s", k, msgs[0])
		}
		if msgs := validation.IsValidLabelValue(m.Labels[k]); len(msgs) > 0 {
			return invalid(field+".labels["+k+"]", "value %q: %s", m.Labels[k], msgs[0])
		}
	}
	for _, l := range []struct {
		name string
		list corev1.ResourceList
	}{{"allocatable", m.Capacity.Allocatable}, {"allocated", m.Capacity.Allocated}, {"allocating", m.Capacity.Allocating}} {
		if err := nonNegative(field+".capacity."+l.name, l.list); err != nil {
			return err
		}
	}
	return validateAPIs(field+".apis", m.APIs)
}

// validateAPIs requires a group version and a kind and name for every resource.
func validateAPIs(field string, apis []APIGroupVersion) error {
	for i, gv := range apis {
		at := fmt.Sprintf("%s[%d]", field, i)
		if gv.GroupVersion == "" {
			return invalid(at+".groupVersion", "must not be empty")
		}
		for j, r := range gv.Resources {
			if r.Kind == "" || r.Name == "" {
				return invalid(fmt.Sprintf("%s.resources[%d]", at, j), "name and kind are required, got %q/%q", r.Name, r.Kind)
			}
		}
	}
	return nil
}

func nonNegative(field string, l corev1.ResourceList) error {
	for _, name := range slices.Sorted(maps.Keys(l)) {
		if q := l[name]; q.Sign() < 0 {
			return invalid(field+"["+string(name)+"]", "must not be negative, got %s", q.String())
		}
	}
	return nil
}
