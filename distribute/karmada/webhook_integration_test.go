package karmada_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

// TestBuildersAgreeWithKarmadaWebhook creates builder output through the real karmada-webhook, which
// defaults and validates policies as a Karmada control plane does: what Build returns, the webhook
// admits, and what the webhook denies, Build refuses with a *ValidationError naming the field. Build
// also refuses resource selectors the webhook admits but Karmada's matching (pkg/util/selector.go
// ResourceSelectorPriority) ignores: a label selector that does not parse matches nothing, and one
// beside a name is not consulted; and cluster tolerations the webhook admits but that Kubernetes
// refuses of a pod's tolerations (an unknown operator or effect never tolerates a taint in
// karmada-scheduler).
func TestBuildersAgreeWithKarmadaWebhook(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	k, err := env.StartKarmada(testenv.KarmadaOptions{Webhook: true})
	require.NoError(t, err)
	defer func() { require.NoError(t, k.Stop()) }()
	for _, ns := range []string{"wh-shop", "wh-other"} {
		require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	}

	own := policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}
	same := policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "wh-shop", Name: "web"}
	elsewhere := policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment", Namespace: "wh-other", Name: "web"}
	zone := func(op corev1.NodeSelectorOperator) policyv1alpha1.ClusterAffinity {
		return policyv1alpha1.ClusterAffinity{FieldSelector: &policyv1alpha1.FieldSelector{
			MatchExpressions: []corev1.NodeSelectorRequirement{{Key: "zone", Operator: op, Values: values(op)}}}}
	}
	pp := func(sel policyv1alpha1.ResourceSelector) func(string) (client.Object, error) {
		return func(name string) (client.Object, error) {
			return karmada.NewPropagationPolicy("wh-shop", name).WithResourceSelector(sel).WithDuplicated().Build()
		}
	}
	cpp := func(sel policyv1alpha1.ResourceSelector) func(string) (client.Object, error) {
		return func(name string) (client.Object, error) {
			return karmada.NewClusterPropagationPolicy(name).WithResourceSelector(sel).WithDuplicated().Build()
		}
	}
	op := func(sel policyv1alpha1.ResourceSelector, target policyv1alpha1.ClusterAffinity) func(string) (client.Object, error) {
		return func(name string) (client.Object, error) {
			return karmada.NewOverridePolicy("wh-shop", name).WithResourceSelector(sel).
				WithImageOverride(target, policyv1alpha1.Registry, policyv1alpha1.OverriderOpReplace, "registry.example").Build()
		}
	}
	cop := func(path string) func(string) (client.Object, error) {
		return func(name string) (client.Object, error) {
			return karmada.OverrideObjects(metav1.ObjectMeta{Name: name}, &metav1.LabelSelector{MatchLabels: map[string]string{"env": "prod"}},
				path, &metav1.LabelSelector{}, vapBinding("prod-pods"))
		}
	}
	groups := func(calls ...[]string) func(string) (client.Object, error) {
		return func(name string) (client.Object, error) {
			b := karmada.NewPropagationPolicy("wh-shop", name).WithResourceSelector(own).WithDuplicated()
			for _, names := range calls {
				var terms []policyv1alpha1.ClusterAffinityTerm
				for _, n := range names {
					terms = append(terms, policyv1alpha1.ClusterAffinityTerm{AffinityName: n})
				}
				b.WithClusterAffinities(terms...)
			}
			return b.Build()
		}
	}
	tolerating := func(tolerations ...corev1.Toleration) func(string) (client.Object, error) {
		return func(name string) (client.Object, error) {
			return karmada.NewPropagationPolicy("wh-shop", name).WithResourceSelector(own).WithDuplicated().
				WithClusterTolerations(tolerations...).Build()
		}
	}
	cases := []struct {
		name  string
		build func(name string) (client.Object, error)
		field string // empty: Build and the webhook accept it
	}{
		{"cluster tolerations", tolerating(corev1.Toleration{Key: "gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule},
			corev1.Toleration{Key: "tier", Value: "edge"}, corev1.Toleration{Operator: corev1.TolerationOpExists}), ""},
		{"toleration operator typo", tolerating(corev1.Toleration{Key: "gpu", Operator: "Exist"}), "spec.placement.clusterTolerations[0].operator"},
		{"toleration effect typo", tolerating(corev1.Toleration{Key: "tier", Value: "edge"}, corev1.Toleration{Key: "gpu", Operator: corev1.TolerationOpExists,
			Effect: "NoSchedul"}), "spec.placement.clusterTolerations[1].effect"},
		{"toleration Exists with a value", tolerating(corev1.Toleration{Key: "gpu", Operator: corev1.TolerationOpExists, Value: "a100"}),
			"spec.placement.clusterTolerations[0].value"},
		{"toleration of every key with Equal", tolerating(corev1.Toleration{Value: "edge"}), "spec.placement.clusterTolerations[0].operator"},
		{"toleration with Gt", tolerating(corev1.Toleration{Key: "gpu-count", Operator: "Gt", Value: "2"}), "spec.placement.clusterTolerations[0].operator"},
		{"policy selecting by labels", pp(labelled(nil)), ""},
		{"policy with a label selector that does not parse", pp(labelled(&metav1.LabelSelectorRequirement{Key: "app", Operator: "Equals",
			Values: []string{"web"}})), "spec.resourceSelectors[0].labelSelector"},
		{"override with a label key that is not a label key", op(labelled(&metav1.LabelSelectorRequirement{Key: "bad key",
			Operator: metav1.LabelSelectorOpExists}), zone(corev1.NodeSelectorOpIn)), "spec.resourceSelectors[0].labelSelector"},
		{"policy selecting by name and labels", pp(policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment", Name: "web",
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "frontend"}}}), "spec.resourceSelectors[0].labelSelector"},
		{"affinity groups", groups([]string{"edge", "cloud.example.com/any"}), ""},
		{"affinity group added by a second call", groups([]string{"edge"}, []string{"any"}), ""},
		{"affinity group name with a space", groups([]string{"edge", "any cluster"}), "spec.placement.clusterAffinities[1].affinityName"},
		{"affinity group name over 63 characters", groups([]string{strings.Repeat("a", 64)}), "spec.placement.clusterAffinities[0].affinityName"},
		{"affinity group named again by a second call", groups([]string{"edge"}, []string{"edge"}), "spec.placement.clusterAffinities[1].affinityName"},
		{"cluster override of placed bindings", cop("/spec/matchResources/objectSelector"), ""},
		{"cluster override with a relative path", cop("spec"), "spec.overrideRules.overriders.plaintext.path"},
		{"policy selecting in its namespace", pp(own), ""},
		{"policy naming its namespace", pp(same), ""},
		{"policy selecting in another namespace", pp(elsewhere), "spec.resourceSelectors[0].namespace"},
		{"cluster policy selecting in any namespace", cpp(elsewhere), ""},
		{"override selecting in its namespace", op(own, zone(corev1.NodeSelectorOpIn)), ""},
		{"override selecting in another namespace", op(elsewhere, zone(corev1.NodeSelectorOpIn)), "spec.resourceSelectors[0].namespace"},
		{"override target with Exists", op(own, zone(corev1.NodeSelectorOpExists)),
			"spec.overrideRules[0].targetCluster.fieldSelector.matchExpressions[0].operator"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			obj, err := c.build(fmt.Sprintf("wh-%d", i))
			if c.field == "" {
				require.NoError(t, err)
				require.NoError(t, env.Create(ctx, obj), "the webhook admits what Build returns")
				return
			}
			if err == nil {
				t.Fatalf("Build returned a policy; karmada-webhook answers: %v", env.Create(ctx, obj))
			}
			require.ErrorIs(t, err, karmada.ErrInvalid)
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
		})
	}
	require.NoError(t, k.Check())
}

// labelled selects the Deployments labelled tier=frontend and, when set, matching req too.
func labelled(req *metav1.LabelSelectorRequirement) policyv1alpha1.ResourceSelector {
	sel := &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "frontend"}}
	if req != nil {
		sel.MatchExpressions = []metav1.LabelSelectorRequirement{*req}
	}
	return policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment", LabelSelector: sel}
}

// values gives a requirement of operator op the values it needs.
func values(op corev1.NodeSelectorOperator) []string {
	if op == corev1.NodeSelectorOpIn || op == corev1.NodeSelectorOpNotIn {
		return []string{"cn-east-2a"}
	}
	return nil
}

// vapBinding is a ValidatingAdmissionPolicyBinding named name, with only its type and name.
func vapBinding(name string) *admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	return &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: metav1.ObjectMeta{Name: name}}
}
