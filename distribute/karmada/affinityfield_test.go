package karmada_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute/karmada"
)

// Build names a clusterAffinities term by its index, as the API server, Karmada's admission and
// Request do, whatever the term's name: a name is only checked at Build, so two terms may share
// one (or have none) when their selectors are checked, and keying the field by the name made the
// problems of different terms indistinguishable ("clusterAffinities[a]" twice,
// "clusterAffinities[]").
func TestBuildNamesAffinityTermsByIndex(t *testing.T) {
	badLabels := policyv1alpha1.ClusterAffinity{LabelSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
		{Key: "env", Operator: "Near"}}}}
	badOp := policyv1alpha1.ClusterAffinity{FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: "region", Operator: corev1.NodeSelectorOpExists}}}}
	_, err := karmada.NewPropagationPolicy("default", "web").WithWorkload("apps/v1", "Deployment", "web").
		WithClusterAffinities(policyv1alpha1.ClusterAffinityTerm{AffinityName: "a", ClusterAffinity: badOp}).
		WithClusterAffinities(policyv1alpha1.ClusterAffinityTerm{AffinityName: "a", ClusterAffinity: badLabels},
			policyv1alpha1.ClusterAffinityTerm{ClusterAffinity: badOp}).
		Build()
	require.ErrorIs(t, err, karmada.ErrInvalid)
	var fields []string
	var joined interface{ Unwrap() []error }
	require.ErrorAs(t, err, &joined)
	for _, e := range joined.Unwrap() {
		var ve *karmada.ValidationError
		if errors.As(e, &ve) {
			fields = append(fields, ve.Field)
		}
	}
	assert.Contains(t, fields, "spec.placement.clusterAffinities[0].fieldSelector.matchExpressions[0].operator")
	assert.Contains(t, fields, "spec.placement.clusterAffinities[1].affinityName")
	assert.Contains(t, fields, "spec.placement.clusterAffinities[2].affinityName")
	assert.Contains(t, fields, "spec.placement.clusterAffinities[2].fieldSelector.matchExpressions[0].operator")
	for _, f := range fields {
		assert.NotRegexp(t, `clusterAffinities\[[^0-9]`, f, "a term's field is keyed by its index")
	}
	assert.True(t, slices.ContainsFunc(fields, func(f string) bool {
		return strings.HasPrefix(f, "spec.placement.clusterAffinities[1].labelSelector")
	}), "the second term's label selector is named by index: %q", fields)
}
