package karmada_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Karmada, testenv.KarmadaConfig, testenv.KarmadaCluster}}, &env)
}

// TestBuildersAcceptedByAPIServer creates every builder's output on a real
// kube-apiserver with Karmada's CRDs and reads it back.
func TestBuildersAcceptedByAPIServer(t *testing.T) {
	ctx := context.Background()
	require.NoError(t, env.Client.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "inference"}}))
	edge := policyv1alpha1.ClusterAffinity{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "edge"}}}
	spread := []policyv1alpha1.SpreadConstraint{
		{SpreadByField: policyv1alpha1.SpreadByFieldRegion, MinGroups: 1, MaxGroups: 2},
		{SpreadByField: policyv1alpha1.SpreadByFieldCluster, MinGroups: 1, MaxGroups: 4}}

	pp, err := karmada.NewPropagationPolicy("inference", "recommender").WithWorkload("apps/v1", "Deployment", "recommender").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh", "training-bj"}}).
		WithClusterTolerations(corev1.Toleration{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}).
		WithClusterWeight(10, "serving-sh").WithClusterWeight(1, "training-bj").Build()
	require.NoError(t, err)
	dyn, err := karmada.NewPropagationPolicy("inference", "edge-cache").WithWorkload("apps/v1", "Deployment", "cache").
		WithClusterAffinities(policyv1alpha1.ClusterAffinityTerm{AffinityName: "edge", ClusterAffinity: edge},
			policyv1alpha1.ClusterAffinityTerm{AffinityName: "any"}).
		WithSpreadConstraints(spread...).WithDynamicWeight().Build()
	require.NoError(t, err)
	cpp, err := karmada.NewClusterPropagationPolicy("crds-everywhere").
		WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: "apiextensions.k8s.io/v1", Kind: "CustomResourceDefinition"}).
		WithDuplicated().Build()
	require.NoError(t, err)
	agg, err := karmada.NewClusterPropagationPolicy("batch").WithWorkload("batch/v1", "Job", "train").
		WithClusterAffinity(edge).WithAggregated().Build()
	require.NoError(t, err)
	op, err := karmada.NewOverridePolicy("inference", "registry").WithResourceSelector(policyv1alpha1.ResourceSelector{APIVersion: "apps/v1", Kind: "Deployment"}).
		WithImageOverride(edge, policyv1alpha1.Registry, policyv1alpha1.OverriderOpReplace, "registry.cn-east.example").
		WithArgsOverride(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh"}}, "server", policyv1alpha1.OverriderOpAdd, "--threads=8").
		Build()
	require.NoError(t, err)

	for _, obj := range []client.Object{pp, dyn, cpp, agg, op} {
		require.NoError(t, env.Create(ctx, obj), "%T %s", obj, obj.GetName())
	}
	var got policyv1alpha1.PropagationPolicy
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(pp), &got))
	require.Equal(t, pp.Spec.Placement.ReplicaScheduling.WeightPreference.StaticWeightList,
		got.Spec.Placement.ReplicaScheduling.WeightPreference.StaticWeightList)
	var gotOP policyv1alpha1.OverridePolicy
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(op), &gotOP))
	require.Len(t, gotOP.Spec.OverrideRules, 2)
}

// TestInvalidInputNeverReachesAPIServer checks that bad builder input is a
// typed error from Build.
func TestInvalidInputNeverReachesAPIServer(t *testing.T) {
	_, err := karmada.NewPropagationPolicy("inference", "bad").WithWorkload("apps/v1", "Deployment", "web").
		WithClusterWeight(0, "serving-sh").Build()
	var ve *karmada.ValidationError
	require.ErrorAs(t, err, &ve)
	require.ErrorIs(t, err, karmada.ErrInvalid)
	require.Contains(t, ve.Field, "staticWeightList")
}
