package capi_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	controlplanev1 "sigs.k8s.io/cluster-api/api/controlplane/kubeadm/v1beta2"
	clusterv1 "sigs.k8s.io/cluster-api/api/core/v1beta2"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/cluster/capi"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.ClusterAPI}}, &env)
}

func createNamespace(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}))
}

// TestAPIServerAcceptsRenderedObjects submits the rendered Cluster API objects to a real
// kube-apiserver with the v1beta2 CRDs installed, with strict field validation: an unknown or
// misspelt field, a schema or CEL rule violation fails the create. CAPD's CRDs are not installed
// (its module is not in the graph); its objects are pinned by the golden files instead.
func TestAPIServerAcceptsRenderedObjects(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	customPort := cluster.Sample()
	customPort.ControlPlane.Port = 8443
	for _, tc := range []struct {
		ns   string
		spec cluster.ClusterSpec
	}{{"sample", cluster.Sample()}, {"lab", labSpec(t)}, {"port", customPort}} {
		createNamespace(t, ctx, tc.ns)
		objs, err := capi.Render(tc.spec, capi.Options{Namespace: tc.ns})
		require.NoError(t, err)
		for _, obj := range objs.Core() {
			require.NoError(t, env.Create(ctx, obj), "%s %s", obj.GetObjectKind().GroupVersionKind().Kind, obj.GetName())
		}
		var kcp controlplanev1.KubeadmControlPlane
		require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(objs.ControlPlane), &kcp))
		assert.Equal(t, objs.ControlPlane.Spec.KubeadmConfigSpec.Files, kcp.Spec.KubeadmConfigSpec.Files, "nothing pruned")
		assert.Equal(t, objs.ControlPlane.Spec.KubeadmConfigSpec.InitConfiguration, kcp.Spec.KubeadmConfigSpec.InitConfiguration, "nothing pruned")
		assert.Equal(t, objs.ControlPlane.Spec.KubeadmConfigSpec.JoinConfiguration, kcp.Spec.KubeadmConfigSpec.JoinConfiguration, "nothing pruned")
	}
}

// TestAPIServerAcceptsUpgradeSteps applies each step of the sample's upgrade plan as an update of
// the stored objects, the way the plan is carried out through Cluster API: a control-plane step
// patches the KubeadmControlPlane alone, a pool step the MachineDeployment alone (envtest runs no
// controllers, so the rollout gate between steps is taken as passed).
func TestAPIServerAcceptsUpgradeSteps(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	createNamespace(t, ctx, "upgrade")
	spec := cluster.Sample()
	objs, err := capi.Render(spec, capi.Options{Namespace: "upgrade"})
	require.NoError(t, err)
	for _, obj := range objs.Core() {
		require.NoError(t, env.Create(ctx, obj))
	}
	plan, err := cluster.PlanUpgrade(spec, "v1.32.0", cluster.UpgradeOptions{Releases: cluster.SampleReleases()})
	require.NoError(t, err)
	for _, step := range plan.Steps {
		spec = step.Apply(spec)
		next, err := capi.Render(spec, capi.Options{Namespace: "upgrade"})
		require.NoError(t, err)
		require.Len(t, step.Actions, 1)
		obj := client.Object(next.MachineDeployments[0])
		if step.Actions[0].Kind == cluster.ActionControlPlane {
			obj = next.ControlPlane
			assert.NotEqual(t, next.ControlPlane.Spec.Version, next.MachineDeployments[0].Spec.Template.Spec.Version,
				"step %d: the workers wait for the control plane", step.Number)
		}
		require.NoError(t, env.Client.Patch(ctx, obj, client.Merge), "step %d", step.Number)
	}
	var md clusterv1.MachineDeployment
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: "upgrade", Name: "onprem-idc-general"}, &md))
	assert.Equal(t, "v1.32.0", md.Spec.Template.Spec.Version)
}

// TestInvalidVersionNeverReachesTheAPIServer renders a spec with an unsupported version: Render
// refuses it, so there is nothing to submit and the API server holds no such cluster.
func TestInvalidVersionNeverReachesTheAPIServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bad := cluster.Sample()
	bad.Name, bad.Version = "too-new", "v1.99.0"
	objs, err := capi.Render(bad, capi.Options{})
	require.ErrorIs(t, err, cluster.ErrUnsupportedVersion)
	assert.Empty(t, objs.All(), "nothing rendered, nothing to submit")
	err = env.Client.Get(ctx, client.ObjectKey{Namespace: "default", Name: "too-new"}, &clusterv1.Cluster{})
	assert.True(t, apierrors.IsNotFound(err), "got %v", err)
}
