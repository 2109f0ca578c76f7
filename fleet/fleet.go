package fleet

import (
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

// Validate checks member names (present, DNS-1123 labels, unique), label keys and values, zones
// (zone or zones, no empty or repeated zone), capacity quantities (never negative), resource models
// (increasing grades over the same resources, modelings counting each grade) and API lists. It returns every problem found, each a *ValidationError,
// joined (errors.Join) and sorted by field.
func (f Fleet) Validate() error {
	var errs []error
	seen := make(map[string]int, len(f.Members))
	for i, m := range f.Members {
		field := fmt.Sprintf("members[%d]", i)
		if prev, dup := seen[m.Name]; dup && m.Name != "" {
			errs = append(errs, invalid(field+".name", "duplicate member name %q (also members[%d])", m.Name, prev))
		} else {
			seen[m.Name] = i
		}
		errs = append(errs, m.problems(field)...)
	}
	return joinSorted(errs)
}

// Validate checks one member; field is the path used in error messages (for example "members[0]").
// It returns every problem found, joined and sorted by field.
func (m Member) Validate(field string) error {
	return joinSorted(m.problems(field))
}

func (m Member) problems(field string) []error {
	var errs []error
	if m.Name == "" {
		errs = append(errs, invalid(field+".name", "must not be empty"))
	} else if msgs := validation.IsDNS1123Label(m.Name); len(msgs) > 0 {
		errs = append(errs, invalid(field+".name", "%q: %s", m.Name, msgs[0]))
	}
	for _, k := range slices.Sorted(maps.Keys(m.Labels)) {
		if msgs := validation.IsQualifiedName(k); len(msgs) > 0 {
			errs = append(errs, invalid(field+".labels", "key %q: %s", k, msgs[0]))
		}
		if msgs := validation.IsValidLabelValue(m.Labels[k]); len(msgs) > 0 {
			errs = append(errs, invalid(field+".labels["+k+"]", "value %q: %s", m.Labels[k], msgs[0]))
		}
	}
	for _, l := range []struct {
		name string
		list corev1.ResourceList
	}{{"allocatable", m.Capacity.Allocatable}, {"allocated", m.Capacity.Allocated}, {"allocating", m.Capacity.Allocating}} {
		errs = append(errs, nonNegative(field+".capacity."+l.name, l.list)...)
	}
	errs = append(errs, zoneProblems(field, m)...)
	errs = append(errs, m.Capacity.modelProblems(field+".capacity")...)
	return append(errs, validateAPIs(field+".apis", m.APIs)...)
}

// zoneProblems refuses a member with both Zone and Zones (which would one reader see?) and empty or
// repeated entries in Zones.
func zoneProblems(field string, m Member) []error {
	var errs []error
	if m.Zone != "" && len(m.Zones) > 0 {
		errs = append(errs, invalid(field+".zones", "set zone or zones, not both (zone is %q)", m.Zone))
	}
	for i, z := range m.Zones {
		at := fmt.Sprintf("%s.zones[%d]", field, i)
		if z == "" {
			errs = append(errs, invalid(at, "must not be empty"))
		} else if j := slices.Index(m.Zones, z); j < i {
			errs = append(errs, invalid(at, "duplicate zone %q (also zones[%d])", z, j))
		}
	}
	return errs
}

// validateAPIs requires a group version and a kind and name for every resource.
func validateAPIs(field string, apis []APIGroupVersion) []error {
	var errs []error
	for i, gv := range apis {
		at := fmt.Sprintf("%s[%d]", field, i)
		if gv.GroupVersion == "" {
			errs = append(errs, invalid(at+".groupVersion", "must not be empty"))
		}
		for j, r := range gv.Resources {
			if r.Kind == "" || r.Name == "" {
				errs = append(errs, invalid(fmt.Sprintf("%s.resources[%d]", at, j), "name and kind are required, got %q/%q", r.Name, r.Kind))
			}
		}
	}
	return errs
}

func nonNegative(field string, l corev1.ResourceList) []error {
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(l)) {
		if q := l[name]; q.Sign() < 0 {
			errs = append(errs, invalid(field+"["+string(name)+"]", "must not be negative, got %s", q.String()))
		}
	}
	return errs
}
