package fleet

import (
	"errors"
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/selection"
)

// The fields a FieldSelector can match, as in Karmada's ClusterAffinity.
const (
	FieldProvider = "provider"
	FieldRegion   = "region"
	FieldZone     = "zone"
)

// Affinity selects members with the semantics of Karmada's ClusterAffinity: a member matches when it
// is not excluded, its labels match LabelSelector (when set), its provider/region/zone match
// FieldSelector (when set), and its name is in ClusterNames (when non-empty). All set parts must hold.
//
// It is fleetkit's one implementation of cluster affinity (distribute/karmada converts Karmada's
// ClusterAffinity to it) and mirrors ClusterMatches in Karmada v1.17.1 pkg/util/selector.go: labels
// include RoleLabel, provider and region are matched like labels, and zone like Karmada's
// spec.zones list. Where Karmada silently matches nothing (a selector that does not parse) or its
// admission refuses the input (an unknown key or operator), Validate reports the field instead.
type Affinity struct {
	ClusterNames  []string              `json:"clusterNames,omitempty"`
	Exclude       []string              `json:"exclude,omitempty"`
	LabelSelector *metav1.LabelSelector `json:"labelSelector,omitempty"`
	FieldSelector *FieldSelector        `json:"fieldSelector,omitempty"`
}

// FieldSelector matches member fields (provider, region, zone) with node-selector style requirements.
// Every requirement must hold.
type FieldSelector struct {
	MatchExpressions []corev1.NodeSelectorRequirement `json:"matchExpressions,omitempty"`
}

// Validate reports every malformed part of the affinity as a *ValidationError, joined in field
// order: a label selector that does not parse, and field requirements with an unknown key, an
// operator other than In, NotIn, Exists and DoesNotExist, or values that do not fit the operator
// (In and NotIn need values, Exists and DoesNotExist take none; provider and region values must be
// label values).
func (a Affinity) Validate() error {
	_, err := a.compile()
	return err
}

// Matches reports whether m satisfies the affinity. A malformed affinity matches nothing; call
// Validate first to learn why. To match many members, parse the selectors once with Matcher.
func (a Affinity) Matches(m Member) bool {
	mt, err := a.compile()
	return err == nil && mt.matches(m)
}

// Matcher parses the affinity once and returns its match function, or Validate's error.
func (a Affinity) Matcher() (func(Member) bool, error) {
	mt, err := a.compile()
	if err != nil {
		return nil, err
	}
	return mt.matches, nil
}

// matcher is a parsed Affinity.
type matcher struct {
	names, exclude []string
	labels         labels.Selector // nil: no label selector
	fields         labels.Selector // provider and region requirements
	zones          []zoneRequirement
}

// zoneRequirement is one requirement on the member's zones.
type zoneRequirement struct {
	op     selection.Operator
	values []string
}

// compile parses the selectors, collecting every problem.
func (a Affinity) compile() (*matcher, error) {
	mt := &matcher{names: a.ClusterNames, exclude: a.Exclude, fields: labels.NewSelector()}
	var errs []error
	if a.LabelSelector != nil {
		s, err := metav1.LabelSelectorAsSelector(a.LabelSelector)
		if err != nil {
			errs = append(errs, invalid("affinity.labelSelector", "%s", err.Error()))
		}
		mt.labels = s
	}
	if a.FieldSelector != nil {
		for i, req := range a.FieldSelector.MatchExpressions {
			if err := mt.addRequirement(req); err != nil {
				var ve *ValidationError
				if errors.As(err, &ve) {
					ve.Field = fmt.Sprintf("affinity.fieldSelector.matchExpressions[%d]%s", i, ve.Field)
				}
				errs = append(errs, err)
			}
		}
	}
	return mt, errors.Join(errs...)
}

// addRequirement parses one field requirement. The error is a *ValidationError whose Field is the
// part below the requirement (".key", ".operator", ".values").
func (mt *matcher) addRequirement(req corev1.NodeSelectorRequirement) error {
	op, ok := fieldOperator(req.Operator)
	if !ok {
		return invalid(".operator", "%q is not one of In, NotIn, Exists, DoesNotExist", req.Operator)
	}
	switch req.Key {
	case FieldZone:
		needValues := op == selection.In || op == selection.NotIn
		if needValues && len(req.Values) == 0 {
			return invalid(".values", "%s needs at least one value", op)
		}
		if !needValues && len(req.Values) > 0 {
			return invalid(".values", "%s takes no values", op)
		}
		mt.zones = append(mt.zones, zoneRequirement{op: op, values: req.Values})
		return nil
	case FieldProvider, FieldRegion:
		r, err := labels.NewRequirement(req.Key, op, req.Values)
		if err != nil {
			return invalid(".values", "%s", err.Error())
		}
		mt.fields = mt.fields.Add(*r)
		return nil
	}
	return invalid(".key", "%q is not one of provider, region, zone", req.Key)
}

// matches evaluates the parsed affinity.
func (mt *matcher) matches(m Member) bool {
	if slices.Contains(mt.exclude, m.Name) {
		return false
	}
	if mt.labels != nil && !mt.labels.Matches(memberLabels{m.Labels, m.Role}) {
		return false
	}
	if !mt.fields.Matches(memberFields{m.Provider, m.Region}) {
		return false
	}
	if len(mt.zones) > 0 {
		zones := m.AllZones()
		for _, z := range mt.zones {
			if !z.matches(zones) {
				return false
			}
		}
	}
	return len(mt.names) == 0 || slices.Contains(mt.names, m.Name)
}

// matches reads the member's zones as Karmada reads a cluster's spec.zones list: In needs at least
// one zone and every zone listed, NotIn needs none listed. Zone values are compared verbatim.
func (z zoneRequirement) matches(zones []string) bool {
	listed := func(zone string) bool { return slices.Contains(z.values, zone) }
	switch z.op {
	case selection.In:
		return len(zones) > 0 && !slices.ContainsFunc(zones, func(zone string) bool { return !listed(zone) })
	case selection.NotIn:
		return !slices.ContainsFunc(zones, listed)
	case selection.Exists:
		return len(zones) > 0
	}
	return len(zones) == 0
}

func fieldOperator(op corev1.NodeSelectorOperator) (selection.Operator, bool) {
	switch op {
	case corev1.NodeSelectorOpIn:
		return selection.In, true
	case corev1.NodeSelectorOpNotIn:
		return selection.NotIn, true
	case corev1.NodeSelectorOpExists:
		return selection.Exists, true
	case corev1.NodeSelectorOpDoesNotExist:
		return selection.DoesNotExist, true
	}
	return "", false
}

// memberLabels shows a member's labels plus RoleLabel (as LabelsWithRole) to a selector without
// copying them.
type memberLabels struct {
	labels map[string]string
	role   Role
}

// Lookup returns a label's value and whether it is set.
func (l memberLabels) Lookup(key string) (string, bool) {
	if v, ok := l.labels[key]; ok {
		return v, true
	}
	if key == RoleLabel && l.role != "" {
		return string(l.role), true
	}
	return "", false
}

// Has reports whether a label is set.
func (l memberLabels) Has(key string) bool { _, ok := l.Lookup(key); return ok }

// Get returns a label's value, empty when unset.
func (l memberLabels) Get(key string) string { v, _ := l.Lookup(key); return v }

// memberFields shows provider and region as labels; empty fields are absent, so Exists means "set".
type memberFields struct{ provider, region string }

// Lookup returns a field's value and whether it is set.
func (f memberFields) Lookup(key string) (string, bool) {
	var v string
	switch key {
	case FieldProvider:
		v = f.provider
	case FieldRegion:
		v = f.region
	}
	return v, v != ""
}

// Has reports whether a field is set.
func (f memberFields) Has(key string) bool { _, ok := f.Lookup(key); return ok }

// Get returns a field's value, empty when unset.
func (f memberFields) Get(key string) string { v, _ := f.Lookup(key); return v }
