package karmada_test

import (
	"context"
	"testing"
	"time"

	clusterapi "github.com/karmada-io/karmada/pkg/apis/cluster"
	"github.com/karmada-io/karmada/pkg/apis/cluster/mutation"
	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// karmadaAPIServer is an in-memory client that stores Clusters as karmada-aggregated-apiserver v1.17.1
// does: every create and update is canonicalized with Karmada's own mutation.MutateCluster (a NoExecute
// taint without timeAdded gets the current time, the deprecated zone moves into zones). The envtest
// API server serves Clusters from a CRD, which has no such step.
func karmadaAPIServer(t *testing.T) client.Client {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, karmada.AddToScheme(scheme))
	return fake.NewClientBuilder().WithScheme(scheme).WithStatusSubresource(&clusterv1alpha1.Cluster{}).
		WithInterceptorFuncs(interceptor.Funcs{
			Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
				if err := canonicalize(obj); err != nil {
					return err
				}
				return c.Create(ctx, obj, opts...)
			},
			Update: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
				if err := canonicalize(obj); err != nil {
					return err
				}
				return c.Update(ctx, obj, opts...)
			},
		}).Build()
}

// canonicalize applies Karmada's Cluster mutation to a Cluster; other objects pass unchanged.
func canonicalize(obj client.Object) error {
	c, ok := obj.(*clusterv1alpha1.Cluster)
	if !ok {
		return nil
	}
	var internal clusterapi.Cluster
	if err := clusterv1alpha1.Convert_v1alpha1_Cluster_To_cluster_Cluster(c, &internal, nil); err != nil {
		return err
	}
	mutation.MutateCluster(&internal)
	return clusterv1alpha1.Convert_cluster_Cluster_To_v1alpha1_Cluster(&internal, c, nil)
}

// onKarmada is a context bounded to a minute and a Registrar with opts over a fresh karmadaAPIServer.
func onKarmada(t *testing.T, opts karmada.Options) (context.Context, client.Client, *karmada.Registrar) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	api := karmadaAPIServer(t)
	r, err := karmada.New(api, opts)
	require.NoError(t, err)
	return ctx, api, r
}

// register registers m and returns the kubeconfig it registered m with, for registering it again.
func register(ctx context.Context, t *testing.T, r *karmada.Registrar, m fleet.Member) []byte {
	t.Helper()
	kubeconfig := kubeconfigFor(t, m.APIEndpoint, nil)
	_, err := r.Register(ctx, m, kubeconfig)
	require.NoError(t, err)
	return kubeconfig
}
