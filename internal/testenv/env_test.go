package testenv_test

import (
	"context"
	"testing"
	"time"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

var env *testenv.Env

// All sets at once: this package proves every CRD the environment offers installs and is served.
func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{
		testenv.Karmada, testenv.KarmadaConfig, testenv.KarmadaCluster, testenv.ClusterAPI, testenv.Istio, testenv.Volcano,
	}}, &env)
}

func TestAPIServerIsTheRealOne(t *testing.T) {
	dc, err := discovery.NewDiscoveryClientForConfig(env.Config)
	require.NoError(t, err)
	v, err := dc.ServerVersion()
	require.NoError(t, err)
	t.Logf("kube-apiserver %s (%s)", v.GitVersion, v.Platform)
	assert.Equal(t, "v"+testenv.KubernetesVersion, v.GitVersion)
}

func TestEveryCRDSetIsServed(t *testing.T) {
	for _, gvk := range []schema.GroupVersionKind{
		{Group: "policy.karmada.io", Version: "v1alpha1", Kind: "PropagationPolicy"},
		{Group: "policy.karmada.io", Version: "v1alpha1", Kind: "ClusterPropagationPolicy"},
		{Group: "policy.karmada.io", Version: "v1alpha1", Kind: "OverridePolicy"},
		{Group: "work.karmada.io", Version: "v1alpha2", Kind: "ResourceBinding"},
		{Group: "cluster.karmada.io", Version: "v1alpha1", Kind: "Cluster"},
		{Group: "cluster.x-k8s.io", Version: "v1beta2", Kind: "Cluster"},
		{Group: "cluster.x-k8s.io", Version: "v1beta2", Kind: "MachineDeployment"},
		{Group: "controlplane.cluster.x-k8s.io", Version: "v1beta2", Kind: "KubeadmControlPlane"},
		{Group: "bootstrap.cluster.x-k8s.io", Version: "v1beta2", Kind: "KubeadmConfigTemplate"},
		{Group: "networking.istio.io", Version: "v1", Kind: "VirtualService"},
		{Group: "networking.istio.io", Version: "v1", Kind: "DestinationRule"},
		{Group: "batch.volcano.sh", Version: "v1alpha1", Kind: "Job"},
		{Group: "scheduling.volcano.sh", Version: "v1beta1", Kind: "PodGroup"},
	} {
		mapping, err := env.Client.RESTMapper().RESTMapping(gvk.GroupKind(), gvk.Version)
		require.NoError(t, err, "%s is not served", gvk)
		list := &unstructured.UnstructuredList{}
		list.SetGroupVersionKind(gvk.GroupVersion().WithKind(gvk.Kind + "List"))
		require.NoError(t, env.Client.List(context.Background(), list), "list %s", mapping.Resource)
	}
	var crds apiextensionsv1.CustomResourceDefinitionList
	require.NoError(t, env.Client.List(context.Background(), &crds))
	t.Logf("%d CRDs installed", len(crds.Items))
}

func propagationPolicy(name string, div policyv1alpha1.ReplicaDivisionPreference) *policyv1alpha1.PropagationPolicy {
	return &policyv1alpha1.PropagationPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"},
		Spec: policyv1alpha1.PropagationSpec{
			ResourceSelectors: []policyv1alpha1.ResourceSelector{{APIVersion: "apps/v1", Kind: "Deployment", Name: "web"}},
			Placement: policyv1alpha1.Placement{
				ClusterAffinity: &policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh", "training-bj"}},
				ReplicaScheduling: &policyv1alpha1.ReplicaSchedulingStrategy{
					ReplicaSchedulingType:     policyv1alpha1.ReplicaSchedulingTypeDivided,
					ReplicaDivisionPreference: div,
				},
			},
		},
	}
}

func TestCRDValidationIsEnforced(t *testing.T) {
	ctx := context.Background()
	require.NoError(t, env.Create(ctx, propagationPolicy("valid", policyv1alpha1.ReplicaDivisionPreferenceWeighted)))

	err := env.Create(ctx, propagationPolicy("bad-enum", "Evenly"))
	require.Error(t, err, "an enum value outside the CRD schema must be rejected")
	assert.True(t, apierrors.IsInvalid(err), "want 422 Invalid, got %v", err)
	assert.Contains(t, err.Error(), "replicaDivisionPreference")

	unknown := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
		"metadata": map[string]any{"name": "unknown-field", "namespace": "default"},
		"spec": map[string]any{
			"resourceSelectors": []any{map[string]any{"apiVersion": "v1", "kind": "ConfigMap"}},
			"placemnt":          map[string]any{},
		},
	}}
	err = env.Create(ctx, unknown)
	require.Error(t, err, "strict field validation must reject unknown fields")
	assert.Contains(t, err.Error(), "placemnt")
}

func TestClientTimeoutsAreSane(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var pp policyv1alpha1.PropagationPolicyList
	require.NoError(t, env.Client.List(ctx, &pp))
}
