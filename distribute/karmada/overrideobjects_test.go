package karmada_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute/karmada"
)

func TestOverrideObjects(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "prod-baseline", Labels: map[string]string{"app.kubernetes.io/managed-by": "fleetkit"}}
	selector := &metav1.LabelSelector{MatchLabels: map[string]string{"env": "prod"}}
	cop, err := karmada.OverrideObjects(meta, selector, "/spec/matchResources/objectSelector", &metav1.LabelSelector{},
		vap("ValidatingAdmissionPolicyBinding", "prod-pods"), vap("ValidatingAdmissionPolicyBinding", "prod-workloads"))
	require.NoError(t, err)
	assert.Equal(t, "ClusterOverridePolicy", cop.Kind)
	assert.Equal(t, "policy.karmada.io/v1alpha1", cop.APIVersion)
	assert.Equal(t, "prod-baseline", cop.Name)
	assert.Equal(t, meta.Labels, cop.Labels)
	require.Len(t, cop.Spec.ResourceSelectors, 2)
	assert.Equal(t, policyv1alpha1.ResourceSelector{APIVersion: "admissionregistration.k8s.io/v1",
		Kind: "ValidatingAdmissionPolicyBinding", Name: "prod-workloads"}, cop.Spec.ResourceSelectors[1])
	require.Len(t, cop.Spec.OverrideRules, 1)
	rule := cop.Spec.OverrideRules[0]
	assert.Equal(t, selector, rule.TargetCluster.LabelSelector)
	assert.Equal(t, []policyv1alpha1.PlaintextOverrider{{Path: "/spec/matchResources/objectSelector",
		Operator: policyv1alpha1.OverriderOpReplace, Value: rawJSON(`{}`)}}, rule.Overriders.Plaintext)
}

func TestOverrideObjectsRefuses(t *testing.T) {
	binding := vap("ValidatingAdmissionPolicyBinding", "p")
	cases := []struct {
		name     string
		meta     string
		clusters *metav1.LabelSelector
		path     string
		value    any
		objects  []runtime.Object
		field    string
	}{
		{"no selector", "p", nil, "/spec", 1, []runtime.Object{binding}, "spec.overrideRules[0].targetCluster.labelSelector"},
		{"no objects", "p", &metav1.LabelSelector{}, "/spec", 1, nil, "spec.resourceSelectors"},
		{"no name", "p", &metav1.LabelSelector{}, "/spec", 1, []runtime.Object{vap("ValidatingAdmissionPolicyBinding", "")}, "spec.resourceSelectors[0].name"},
		{"relative path", "p", &metav1.LabelSelector{}, "spec", 1, []runtime.Object{binding}, "spec.overrideRules.overriders.plaintext.path"},
		{"value not JSON", "p", &metav1.LabelSelector{}, "/spec", func() {}, []runtime.Object{binding}, "spec.overrideRules.overriders.plaintext.value"},
		{"bad name", "P_1", &metav1.LabelSelector{}, "/spec", 1, []runtime.Object{binding}, "metadata.name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := karmada.OverrideObjects(metav1.ObjectMeta{Name: c.meta}, c.clusters, c.path, c.value, c.objects...)
			require.ErrorIs(t, err, karmada.ErrInvalid)
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
		})
	}
}

func rawJSON(s string) apiextensionsv1.JSON { return apiextensionsv1.JSON{Raw: []byte(s)} }

func TestClusterOverridePolicyPlaintext(t *testing.T) {
	target := policyv1alpha1.ClusterAffinity{ClusterNames: []string{"member-1"}}
	sel := policyv1alpha1.ResourceSelector{APIVersion: "v1", Kind: "Namespace", Name: "shop"}
	cop, err := karmada.NewClusterOverridePolicy("shop-labels").WithResourceSelector(sel).
		WithPlaintextOverride(target, "/metadata/labels/tier", policyv1alpha1.OverriderOpAdd, "gold").
		WithPlaintextOverride(target, "/metadata/labels/legacy", policyv1alpha1.OverriderOpRemove, nil).Build()
	require.NoError(t, err)
	assert.Equal(t, "ClusterOverridePolicy", cop.Kind)
	require.Len(t, cop.Spec.OverrideRules, 2)
	assert.Equal(t, rawJSON(`"gold"`), cop.Spec.OverrideRules[0].Overriders.Plaintext[0].Value)
	assert.Empty(t, cop.Spec.OverrideRules[1].Overriders.Plaintext[0].Value.Raw, "remove carries no value")

	_, err = karmada.NewClusterOverridePolicy("shop-labels").WithResourceSelector(sel).
		WithPlaintextOverride(target, "/metadata/labels/tier", policyv1alpha1.OverriderOpAdd, nil).Build()
	var ve *karmada.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.overrideRules.overriders.plaintext.operator", ve.Field)
}
