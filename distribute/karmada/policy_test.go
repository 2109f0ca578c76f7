package karmada_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
)

func TestPolicyBuilderRejectsBadInput(t *testing.T) {
	web := func(b *karmada.PolicyBuilder[*policyv1alpha1.PropagationPolicy]) *karmada.PolicyBuilder[*policyv1alpha1.PropagationPolicy] {
		return b.WithWorkload("apps/v1", "Deployment", "web")
	}
	tests := []struct {
		name  string
		build func() error
		field string
	}{
		{"bad name", func() error { _, err := web(karmada.NewPropagationPolicy("default", "Bad_Name")).Build(); return err }, "metadata.name"},
		{"bad namespace", func() error { _, err := web(karmada.NewPropagationPolicy("", "web")).Build(); return err }, "metadata.namespace"},
		{"no selector", func() error { _, err := karmada.NewPropagationPolicy("default", "web").Build(); return err }, "spec.resourceSelectors"},
		{"selector without kind", func() error {
			_, err := karmada.NewClusterPropagationPolicy("web").WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: "v1"}).Build()
			return err
		}, "spec.resourceSelectors"},
		{"conflicting strategies", func() error {
			_, err := web(karmada.NewPropagationPolicy("default", "web")).WithDynamicWeight().WithAggregated().Build()
			return err
		},
			"spec.placement.replicaScheduling"},
		{"affinity and affinities", func() error {
			_, err := web(karmada.NewPropagationPolicy("default", "web")).WithClusterAffinity(policyv1alpha1.ClusterAffinity{}).
				WithClusterAffinities(policyv1alpha1.ClusterAffinityTerm{AffinityName: "a"}).Build()
			return err
		}, "spec.placement.clusterAffinities"},
		{"bad spread", func() error {
			_, err := web(karmada.NewPropagationPolicy("default", "web")).WithSpreadConstraints(policyv1alpha1.SpreadConstraint{
				SpreadByField: policyv1alpha1.SpreadByFieldRegion, MinGroups: 3, MaxGroups: 2}).Build()
			return err
		}, "spec.placement.spreadConstraints.minGroups"},
		{"override without rules", func() error {
			_, err := karmada.NewOverridePolicy("default", "o").WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: "v1", Kind: "Pod"}).Build()
			return err
		}, "spec.overrideRules"},
		{"image component", func() error {
			_, err := karmada.NewOverridePolicy("default", "o").WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: "v1", Kind: "Pod"}).
				WithImageOverride(policyv1alpha1.ClusterAffinity{}, "Digest", policyv1alpha1.OverriderOpReplace, "x").Build()
			return err
		}, "spec.overrideRules.overriders.imageOverrider.component"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.build()
			require.ErrorIs(t, err, karmada.ErrInvalid)
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}

func TestBuilderCopiesInput(t *testing.T) {
	names := []string{"a"}
	b := karmada.NewPropagationPolicy("default", "web").WithWorkload("apps/v1", "Deployment", "web").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: names})
	names[0] = "changed"
	pp, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, pp.Spec.Placement.ClusterAffinity.ClusterNames)
	assert.Equal(t, "PropagationPolicy", pp.Kind)
}

func TestStrategyOf(t *testing.T) {
	build := func(b *karmada.PolicyBuilder[*policyv1alpha1.ClusterPropagationPolicy]) policyv1alpha1.Placement {
		p, err := b.WithWorkload("v1", "ConfigMap", "c").Build()
		require.NoError(t, err)
		return p.Spec.Placement
	}
	for want, b := range map[distribute.Strategy]*karmada.PolicyBuilder[*policyv1alpha1.ClusterPropagationPolicy]{
		distribute.Duplicated:    karmada.NewClusterPropagationPolicy("d").WithDuplicated(),
		distribute.StaticWeight:  karmada.NewClusterPropagationPolicy("s").WithClusterWeight(1, "a"),
		distribute.DynamicWeight: karmada.NewClusterPropagationPolicy("w").WithDynamicWeight(),
		distribute.Aggregated:    karmada.NewClusterPropagationPolicy("g").WithAggregated(),
	} {
		got, err := karmada.StrategyOf(build(b))
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := karmada.StrategyOf(policyv1alpha1.Placement{ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{ReplicaSchedulingType: "Spread"}})
	assert.True(t, errors.Is(err, karmada.ErrInvalid))
}

// Build refuses a placement Karmada's admission refuses as a whole, not only its parts.
func TestBuildRefusesWhatKarmadasAdmissionRefuses(t *testing.T) {
	exists := policyv1alpha1.ClusterAffinity{FieldSelector: &policyv1alpha1.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: "region", Operator: corev1.NodeSelectorOpExists}}}}
	tests := map[string]struct {
		b     *karmada.PolicyBuilder[*policyv1alpha1.PropagationPolicy]
		field string
	}{
		"region without cluster": {karmada.NewPropagationPolicy("ns", "p").WithWorkload("apps/v1", "Deployment", "w").
			WithSpreadConstraints(policyv1alpha1.SpreadConstraint{SpreadByField: "region", MinGroups: 1, MaxGroups: 2}), "spec.placement.spreadConstraints"},
		"cluster twice": {karmada.NewPropagationPolicy("ns", "p").WithWorkload("apps/v1", "Deployment", "w").
			WithSpreadConstraints(policyv1alpha1.SpreadConstraint{SpreadByField: "cluster", MinGroups: 1, MaxGroups: 2},
				policyv1alpha1.SpreadConstraint{SpreadByField: "cluster", MinGroups: 1, MaxGroups: 3}), "spec.placement.spreadConstraints[1].spreadByField"},
		"an Exists field selector": {karmada.NewPropagationPolicy("ns", "p").WithWorkload("apps/v1", "Deployment", "w").
			WithClusterAffinity(exists), "spec.placement.clusterAffinity.fieldSelector.matchExpressions[0].operator"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tt.b.Build()
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
	_, err := karmada.NewPropagationPolicy("ns", "p").WithWorkload("apps/v1", "Deployment", "w").
		WithStaticWeights(policyv1alpha1.StaticClusterWeight{TargetCluster: exists, Weight: 1}).Build()
	require.NoError(t, err, "the admission does not check static weight targets")
}
