package karmada_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/distribute/karmada"
)

func vap(kind, name string) runtime.Object {
	return &admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: kind},
		ObjectMeta: metav1.ObjectMeta{Name: name}}
}

func TestPropagateObjects(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "prod-baseline", Labels: map[string]string{"app.kubernetes.io/managed-by": "fleetkit"}}
	selector := &metav1.LabelSelector{MatchLabels: map[string]string{"env": "prod"}}
	cpp, err := karmada.PropagateObjects(meta, selector,
		vap("ValidatingAdmissionPolicy", "prod-pods"), vap("ValidatingAdmissionPolicyBinding", "prod-pods"))
	require.NoError(t, err)
	assert.Equal(t, "ClusterPropagationPolicy", cpp.Kind)
	assert.Equal(t, "policy.karmada.io/v1alpha1", cpp.APIVersion)
	assert.Equal(t, "prod-baseline", cpp.Name)
	assert.Equal(t, meta.Labels, cpp.Labels)
	require.Len(t, cpp.Spec.ResourceSelectors, 2)
	assert.Equal(t, "ValidatingAdmissionPolicyBinding", cpp.Spec.ResourceSelectors[1].Kind)
	assert.Equal(t, "prod-pods", cpp.Spec.ResourceSelectors[1].Name)
	assert.Equal(t, selector, cpp.Spec.Placement.ClusterAffinity.LabelSelector)

	meta.Labels["app.kubernetes.io/managed-by"] = "someone"
	assert.Equal(t, "fleetkit", cpp.Labels["app.kubernetes.io/managed-by"], "labels are copied")
}

func TestPropagateObjectsRefuses(t *testing.T) {
	cases := []struct {
		name     string
		clusters *metav1.LabelSelector
		objects  []runtime.Object
		field    string
	}{
		{"no selector", nil, []runtime.Object{vap("ValidatingAdmissionPolicy", "p")}, "spec.placement.clusterAffinity.labelSelector"},
		{"no objects", &metav1.LabelSelector{}, nil, "spec.resourceSelectors"},
		{"no kind", &metav1.LabelSelector{}, []runtime.Object{vap("", "p")}, "spec.resourceSelectors"},
		{"no name", &metav1.LabelSelector{}, []runtime.Object{vap("ValidatingAdmissionPolicy", "")}, "spec.resourceSelectors[0].name"},
		{"bad selector", &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "env", Operator: "Near"}}},
			[]runtime.Object{vap("ValidatingAdmissionPolicy", "p")}, "spec.placement.clusterAffinity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := karmada.PropagateObjects(metav1.ObjectMeta{Name: "p"}, c.clusters, c.objects...)
			require.ErrorIs(t, err, karmada.ErrInvalid)
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Contains(t, ve.Field, c.field)
		})
	}
}
