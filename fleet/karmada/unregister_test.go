package karmada_test

import (
	"context"
	"testing"
	"time"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// unservedClient talks to the test API server with a REST mapping that sends Clusters to a resource the
// server does not serve, as a client whose discovery is stale sees a Karmada API that went away: every
// request for a Cluster is answered 404 without naming an object.
func unservedClient(t *testing.T) client.Client {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, karmada.AddToScheme(scheme))
	mapper := meta.NewDefaultRESTMapper(nil)
	gv := schema.GroupVersion{Group: clusterv1alpha1.GroupVersion.Group, Version: clusterv1alpha1.GroupVersion.Version}
	mapper.AddSpecific(gv.WithKind("Cluster"), gv.WithResource("clusterz"), gv.WithResource("clusterz"), meta.RESTScopeRoot)
	mapper.Add(corev1.SchemeGroupVersion.WithKind("Secret"), meta.RESTScopeNamespace)
	mapper.Add(corev1.SchemeGroupVersion.WithKind("Namespace"), meta.RESTScopeRoot)
	c, err := client.New(env.Config, client.Options{Scheme: scheme, Mapper: mapper})
	require.NoError(t, err)
	return c
}

func TestUnregisterDiscovery404IsNotAbsent(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, err := karmada.New(unservedClient(t), karmada.Options{SecretNamespace: "default"})
	require.NoError(t, err)
	res, err := r.Unregister(ctx, "never-existed")
	require.Error(t, err, "a 404 for the whole Cluster resource says nothing about the member")
	assert.Contains(t, err.Error(), "read Cluster")
	assert.NotEqual(t, karmada.RemovalAbsent, res.Cluster)
}

func TestUnregisterReportsWhatHappened(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, log := newRegistrar(t, ctx, "unreg-report")
	m := sampleMember(t, "edge-store-003")
	m.Name = "ur-edge"
	_, err := r.Register(ctx, m, kubeconfigFor(t, m.APIEndpoint, nil))
	require.NoError(t, err)

	res, err := r.Unregister(ctx, m.Name)
	require.NoError(t, err)
	assert.Equal(t, karmada.UnregisterResult{Cluster: karmada.RemovalDeleted, Secret: karmada.RemovalDeleted}, res)

	res, err = r.Unregister(ctx, m.Name)
	require.NoError(t, err, "unregistering twice is fine")
	assert.Equal(t, karmada.UnregisterResult{Cluster: karmada.RemovalAbsent, Secret: karmada.RemovalAbsent}, res)

	// A Secret whose namespace does not exist is absent too: the 404 names the Secret.
	other, err := karmada.New(env.Client, karmada.Options{SecretNamespace: "no-such-namespace"})
	require.NoError(t, err)
	res, err = other.Unregister(ctx, m.Name)
	require.NoError(t, err)
	assert.Equal(t, karmada.RemovalAbsent, res.Secret)
	assert.Contains(t, log.String(), `"cluster"="deleted"`)
}

func TestUnregisterRefusalSaysWhichObject(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	r, _ := newRegistrar(t, ctx, "unreg-refused")
	foreign := &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "ur-foreign"},
		Spec: clusterv1alpha1.ClusterSpec{SyncMode: clusterv1alpha1.Pull}}
	require.NoError(t, env.Create(ctx, foreign))
	secret := &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: "unreg-refused", Name: foreign.Name,
		Labels: map[string]string{karmada.ManagedByLabel: karmada.ManagedByValue}}}
	require.NoError(t, env.Create(ctx, secret))

	res, err := r.Unregister(ctx, foreign.Name)
	require.ErrorIs(t, err, karmada.ErrNotManaged)
	var ce *karmada.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "Cluster", ce.Kind)
	assert.Equal(t, karmada.UnregisterResult{Cluster: karmada.RemovalRefused, Secret: karmada.RemovalKept}, res)
	require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(secret), &corev1.Secret{}), "the Secret is kept")
}
