package fleet

import (
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
type Affinity struct {
	ClusterNames  []string              `json:"clusterNames,omitempty"`
	Exclude       []string              `json:"exclude,omitempty"`
	LabelSelector *metav1.LabelSelector `json:"labelSelector,omitempty"`
	FieldSelector *FieldSelector        `json:"fieldSelector,omitempty"`
}

// FieldSelector matches member fields (provider, region, zone) with node-selector style requirements.
type FieldSelector struct {
	MatchExpressions []corev1.NodeSelectorRequirement `json:"matchExpressions,omitempty"`
}

// Validate reports a malformed label selector or field selector as a *ValidationError.
func (a Affinity) Validate() error {
	if a.LabelSelector != nil {
		if _, err := metav1.LabelSelectorAsSelector(a.LabelSelector); err != nil {
			return invalid("affinity.labelSelector", "%v", err)
		}
	}
	if a.FieldSelector != nil {
		if _, err := a.FieldSelector.selector(); err != nil {
			return err
		}
	}
	return nil
}

// Matches reports whether m satisfies the affinity. A malformed selector matches nothing; call
// Validate first to learn why.
func (a Affinity) Matches(m Member) bool {
	for _, name := range a.Exclude {
		if name == m.Name {
			return false
		}
	}
	if a.LabelSelector != nil {
		s, err := metav1.LabelSelectorAsSelector(a.LabelSelector)
		if err != nil || !s.Matches(labels.Set(m.LabelsWithRole())) {
			return false
		}
	}
	if a.FieldSelector != nil {
		s, err := a.FieldSelector.selector()
		if err != nil || !s.Matches(labels.Set(memberFields(m))) {
			return false
		}
	}
	return len(a.ClusterNames) == 0 || slices.Contains(a.ClusterNames, m.Name)
}

func (f FieldSelector) selector() (labels.Selector, error) {
	s := labels.NewSelector()
	for i, req := range f.MatchExpressions {
		field := fmt.Sprintf("affinity.fieldSelector.matchExpressions[%d]", i)
		if req.Key != FieldProvider && req.Key != FieldRegion && req.Key != FieldZone {
			return nil, invalid(field+".key", "%q is not one of provider, region, zone", req.Key)
		}
		op, ok := fieldOperator(req.Operator)
		if !ok {
			return nil, invalid(field+".operator", "%q is not one of In, NotIn, Exists, DoesNotExist", req.Operator)
		}
		r, err := labels.NewRequirement(req.Key, op, req.Values)
		if err != nil {
			return nil, invalid(field, "%v", err)
		}
		s = s.Add(*r)
	}
	return s, nil
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

// memberFields exposes the selectable fields; empty fields are absent, so Exists means "set".
func memberFields(m Member) map[string]string {
	out := make(map[string]string, 3)
	for k, v := range map[string]string{FieldProvider: m.Provider, FieldRegion: m.Region, FieldZone: m.Zone} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}
