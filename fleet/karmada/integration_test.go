package karmada_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-logr/logr/funcr"
	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Karmada, testenv.KarmadaConfig, testenv.KarmadaCluster}}, &env)
}

// newRegistrar returns a Registrar over the test API server whose secrets live in a fresh
// namespace, and the log it writes.
func newRegistrar(t *testing.T, ctx context.Context, ns string) (*karmada.Registrar, *strings.Builder) {
	t.Helper()
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	var log strings.Builder
	logger := funcr.New(func(prefix, args string) { log.WriteString(prefix + args + "\n") }, funcr.Options{Verbosity: 10})
	r, err := karmada.New(env.Client, karmada.Options{SecretNamespace: ns, Logger: logger})
	require.NoError(t, err)
	return r, &log
}

func threeMembers(t *testing.T, prefix string) (fleet.Fleet, map[string][]byte) {
	t.Helper()
	f := fleet.Fleet{Name: "seed"}
	kubeconfigs := map[string][]byte{}
	for _, name := range []string{"training-bj", "serving-sh", "edge-store-001"} {
		m := sampleMember(t, name)
		m.Name = prefix + name
		f.Members = append(f.Members, m)
		kubeconfigs[m.Name] = kubeconfigFor(t, m.APIEndpoint, nil)
	}
	return f, kubeconfigs
}

func listManaged(t *testing.T, ctx context.Context, prefix string) []string {
	t.Helper()
	var list clusterv1alpha1.ClusterList
	require.NoError(t, env.Client.List(ctx, &list, client.MatchingLabels{karmada.ManagedByLabel: karmada.ManagedByValue}))
	var names []string
	for _, c := range list.Items {
		if strings.HasPrefix(c.Name, prefix) {
			names = append(names, c.Name)
		}
	}
	return names
}

func TestRegisterReRegisterUnregister(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, log := newRegistrar(t, ctx, "lifecycle")
	f, kubeconfigs := threeMembers(t, "lc-")

	require.NoError(t, r.RegisterFleet(ctx, f, kubeconfigs))
	assert.ElementsMatch(t, []string{"lc-training-bj", "lc-serving-sh", "lc-edge-store-001"}, listManaged(t, ctx, "lc-"))

	for _, m := range f.Members {
		res, err := r.Register(ctx, m, kubeconfigs[m.Name])
		require.NoError(t, err)
		assert.Equal(t, karmada.Result{Cluster: controllerutil.OperationResultNone, Secret: controllerutil.OperationResultNone}, res,
			"re-registering %s changes nothing", m.Name)
	}
	assert.Len(t, listManaged(t, ctx, "lc-"), 3, "no duplicates")

	var stored clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: "lc-training-bj"}, &stored))
	assert.Equal(t, "https://training-bj.corp.example:6443", stored.Spec.APIEndpoint)
	assert.Equal(t, "nvidia.com/gpu", stored.Spec.Taints[0].Key)
	assert.Equal(t, "cn-north", stored.Spec.Region)
	var secret corev1.Secret
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: "lifecycle", Name: "lc-training-bj"}, &secret))
	assert.Equal(t, secretToken, string(secret.Data[clusterv1alpha1.SecretTokenKey]))

	_, err := r.Unregister(ctx, "lc-serving-sh")
	require.NoError(t, err)
	_, err = r.Unregister(ctx, "lc-serving-sh")
	require.NoError(t, err, "unregistering twice is fine")
	assert.ElementsMatch(t, []string{"lc-training-bj", "lc-edge-store-001"}, listManaged(t, ctx, "lc-"))
	err = env.Client.Get(ctx, client.ObjectKey{Namespace: "lifecycle", Name: "lc-serving-sh"}, &corev1.Secret{})
	assert.True(t, client.IgnoreNotFound(err) == nil && err != nil, "secret deleted, got %v", err)

	assert.Contains(t, log.String(), "lc-training-bj")
	assert.NotContains(t, log.String(), secretToken, "credentials never reach the log")
}

func TestRegisterUpdatesInPlace(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "update")
	m := sampleMember(t, "edge-store-002")
	m.Name = "up-edge"
	_, err := r.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, nil))
	require.NoError(t, err)

	m.Zone = "cn-east-2c"
	m.Labels["city"] = "hz"
	res, err := r.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, func(c *clientcmdapi.Config) {
		c.AuthInfos["karmada-sa"].Token = "rotated-token"
	}))
	require.NoError(t, err)
	assert.Equal(t, controllerutil.OperationResultUpdated, res.Cluster)
	assert.Equal(t, controllerutil.OperationResultUpdated, res.Secret)
	var stored clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: "up-edge"}, &stored))
	assert.Equal(t, []string{"cn-east-2c"}, stored.Spec.Zones)
	assert.Equal(t, "hz", stored.Labels["city"])
}

func TestRegisterRefusesBadInputBeforeWriting(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, log := newRegistrar(t, ctx, "bad-input")
	f, kubeconfigs := threeMembers(t, "bad-")

	kubeconfigs["bad-edge-store-001"] = []byte("apiVersion: v1\nusers: [{name: x, user: {token: " + secretToken + "}}]\n: oops")
	err := r.RegisterFleet(ctx, f, kubeconfigs)
	require.ErrorIs(t, err, karmada.ErrMalformedKubeconfig)
	assert.NotContains(t, err.Error(), secretToken)
	assert.Empty(t, listManaged(t, ctx, "bad-"), "nothing written")

	dup := fleet.Fleet{Name: "dup", Members: []fleet.Member{f.Members[0], f.Members[0]}}
	err = r.RegisterFleet(ctx, dup, kubeconfigs)
	require.ErrorIs(t, err, fleet.ErrInvalid)
	var ve *fleet.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "members[1].name", ve.Field)
	assert.Empty(t, listManaged(t, ctx, "bad-"))
	assert.Empty(t, log.String())
}

func TestRegisterLeavesForeignClustersAlone(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "foreign")
	foreign := &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "joined-by-karmadactl"},
		Spec: clusterv1alpha1.ClusterSpec{SyncMode: clusterv1alpha1.Pull}}
	require.NoError(t, env.Create(ctx, foreign))

	m := sampleMember(t, "serving-sh")
	m.Name = foreign.Name
	_, err := r.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, nil))
	require.ErrorIs(t, err, karmada.ErrNotManaged)
	_, err = r.Unregister(ctx, foreign.Name)
	require.ErrorIs(t, err, karmada.ErrNotManaged)

	adopting, err := karmada.New(env.Client, karmada.Options{SecretNamespace: "foreign", Adopt: true})
	require.NoError(t, err)
	_, err = adopting.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, nil))
	require.NoError(t, err)
	var stored clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: foreign.Name}, &stored))
	assert.Equal(t, clusterv1alpha1.Push, stored.Spec.SyncMode)
}

func TestRefreshReadsStatusBack(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "status")
	f, kubeconfigs := threeMembers(t, "st-")
	require.NoError(t, r.RegisterFleet(ctx, f, kubeconfigs))

	// Karmada's cluster-status controller would write this; the test plays its part.
	var c clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: "st-serving-sh"}, &c))
	c.Status = clusterv1alpha1.ClusterStatus{
		KubernetesVersion: "v1.32.0",
		Conditions: []metav1.Condition{{Type: clusterv1alpha1.ClusterConditionReady, Status: metav1.ConditionTrue,
			Reason: "ClusterReady", Message: "cluster is healthy and ready to accept workloads", LastTransitionTime: metav1.Now()}},
		ResourceSummary: &clusterv1alpha1.ResourceSummary{
			Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("256"), "nvidia.com/gpu": resource.MustParse("16")},
			Allocated:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("200"), "nvidia.com/gpu": resource.MustParse("15")},
		},
	}
	require.NoError(t, env.Client.Status().Update(ctx, &c))

	f.Members = append(f.Members, fleet.Member{Name: "st-never-registered"})
	snap, err := r.Refresh(ctx, f)
	require.NoError(t, err)
	byName := map[string]fleet.Member{}
	for _, m := range snap.Members {
		byName[m.Name] = m
	}
	serving := byName["st-serving-sh"]
	assert.False(t, serving.NotReady)
	gpuFree := serving.Capacity.Free()["nvidia.com/gpu"]
	assert.Equal(t, int64(1), gpuFree.Value())
	assert.True(t, byName["st-training-bj"].NotReady, "no Ready condition reported yet")
	assert.True(t, byName["st-never-registered"].NotReady)
	assert.False(t, f.Members[3].NotReady, "Refresh does not modify its input")

	// Node grades: what a real Karmada's scheduler estimates from (its API server gives every Cluster
	// default models; its cluster-status controller counts nodes per grade).
	edge := byName["st-edge-store-001"]
	edge.Capacity.Models = []fleet.ResourceModel{
		{Grade: 0, Ranges: []fleet.ResourceModelRange{{Name: corev1.ResourceCPU, Min: resource.MustParse("0"), Max: resource.MustParse("2")}}},
		{Grade: 1, Ranges: []fleet.ResourceModelRange{{Name: corev1.ResourceCPU, Min: resource.MustParse("2"), Max: resource.MustParse("8")}}}}
	edge.Capacity.AllocatableModelings = []fleet.AllocatableModeling{{Grade: 0, Count: 4}, {Grade: 1, Count: 1}}
	_, err = r.Register(ctx, edge, kubeconfigs[edge.Name])
	require.NoError(t, err)
	require.NoError(t, r.WriteStatus(ctx, edge))
	snap, err = r.Refresh(ctx, f)
	require.NoError(t, err)
	got := snap.Members[slices.IndexFunc(snap.Members, func(m fleet.Member) bool { return m.Name == edge.Name })].Capacity
	assert.Equal(t, edge.Capacity.AllocatableModelings, got.AllocatableModelings)
	require.Len(t, got.Models, 2)
	assert.Equal(t, 0, got.Models[1].Ranges[0].Min.Cmp(resource.MustParse("2")), "models read back from the API server")
	_, err = r.Register(ctx, fleet.Member{Name: edge.Name, APIEndpoint: edge.APIEndpoint}, kubeconfigs[edge.Name])
	require.NoError(t, err)
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: edge.Name}, &c))
	assert.Len(t, c.Spec.ResourceModels, 2, "registering a member without models keeps the Cluster's")

	members, err := r.Members(ctx)
	require.NoError(t, err)
	var names []string
	for _, m := range members {
		if strings.HasPrefix(m.Name, "st-") {
			names = append(names, m.Name)
		}
	}
	assert.ElementsMatch(t, []string{"st-training-bj", "st-serving-sh", "st-edge-store-001"}, names)
}

func TestUnregisterRefusalLeavesTheMemberWhole(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "whole")
	m := sampleMember(t, "serving-sh")
	m.Name = "whole-sh"
	_, err := r.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, nil))
	require.NoError(t, err)

	// Someone else takes over the Secret: it is no longer fleetkit's to delete.
	var secret corev1.Secret
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: "whole", Name: m.Name}, &secret))
	delete(secret.Labels, karmada.ManagedByLabel)
	require.NoError(t, env.Client.Update(ctx, &secret))

	res, err := r.Unregister(ctx, m.Name)
	require.ErrorIs(t, err, karmada.ErrNotManaged)
	assert.Equal(t, karmada.UnregisterResult{Cluster: karmada.RemovalKept, Secret: karmada.RemovalRefused}, res)
	var cluster clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Name: m.Name}, &cluster),
		"a refused unregistration must not have deleted the Cluster already")
}
