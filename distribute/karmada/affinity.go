package karmada

import (
	"errors"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/fleet"
)

// AffinityOf returns the fleet.Affinity that selects the members a Karmada
// ClusterAffinity selects: cluster names, excluded clusters, label selector
// and field selector, deep-copied. Matching with it is Karmada's
// ClusterMatches for every affinity fleet.Affinity.Validate accepts.
func AffinityOf(a policyv1alpha1.ClusterAffinity) fleet.Affinity {
	out := fleet.Affinity{ClusterNames: slices.Clone(a.ClusterNames), Exclude: slices.Clone(a.ExcludeClusters),
		LabelSelector: a.LabelSelector.DeepCopy()}
	if a.FieldSelector != nil {
		out.FieldSelector = &fleet.FieldSelector{MatchExpressions: make([]corev1.NodeSelectorRequirement, len(a.FieldSelector.MatchExpressions))}
		for i := range a.FieldSelector.MatchExpressions {
			a.FieldSelector.MatchExpressions[i].DeepCopyInto(&out.FieldSelector.MatchExpressions[i])
		}
	}
	return out
}

// matchFunc reports whether a member is selected.
type matchFunc func(fleet.Member) bool

// matcherOf parses a Karmada affinity once. A malformed affinity (which
// Request refuses before matching) matches nothing.
func matcherOf(a policyv1alpha1.ClusterAffinity) matchFunc {
	match, err := AffinityOf(a).Matcher()
	if err != nil {
		return func(fleet.Member) bool { return false }
	}
	return match
}

// checkAffinity reports every malformed part of a as a *ValidationError
// whose field is below field.
func checkAffinity(field string, a policyv1alpha1.ClusterAffinity) error {
	return reroot(field, AffinityOf(a).Validate())
}

// reroot turns fleet's "affinity..." validation errors into this package's,
// under field.
func reroot(field string, err error) error {
	if err == nil {
		return nil
	}
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		var out []error
		for _, e := range joined.Unwrap() {
			out = append(out, reroot(field, e))
		}
		return errors.Join(out...)
	}
	var ve *fleet.ValidationError
	if errors.As(err, &ve) {
		return invalid(field+strings.TrimPrefix(ve.Field, "affinity"), "%s", ve.Reason)
	}
	return invalid(field, "%s", err.Error())
}
