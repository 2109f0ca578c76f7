package istio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// notServed answers like a controller-runtime client on a cluster without
// Istio's networking.istio.io/v1 CRDs (no Istio, or one older than 1.22):
// a read fails discovery, a create finds no kind.
func notServed(t *testing.T) client.Client {
	gv := schema.GroupVersion{Group: "networking.istio.io", Version: "v1"}
	return interceptor.NewClient(fakeClient(t).(client.WithWatch), interceptor.Funcs{
		Get: func(context.Context, client.WithWatch, client.ObjectKey, client.Object, ...client.GetOption) error {
			return &apiutil.ErrResourceDiscoveryFailed{gv: apierrors.NewNotFound(gv.WithResource("").GroupResource(), "")}
		},
		Create: func(_ context.Context, _ client.WithWatch, obj client.Object, _ ...client.CreateOption) error {
			return &meta.NoKindMatchError{GroupKind: obj.GetObjectKind().GroupVersionKind().GroupKind(), SearchedVersions: []string{"v1"}}
		},
	})
}

// Without Istio's CRDs, the rollout's first read used to fail with
// "unable to retrieve the complete list of server APIs: networking.istio.io/v1:
// no matches for networking.istio.io/v1, Resource=", naming neither the kind
// nor what to install. Every call now says which kind the cluster does not
// serve and matches ErrNotInstalled.
func TestRouterNamesTheIstioAPIWhenItIsNotInstalled(t *testing.T) {
	ctx := context.Background()
	r, err := istio.New(notServed(t), istio.Options{Service: podinfoSubsets("shop")})
	require.NoError(t, err)
	_, getErr := r.GetRoutes(ctx)
	calls := map[string]struct {
		err  error
		kind string
	}{
		"GetRoutes":           {getErr, "VirtualService"},
		"SetRoutes":           {r.SetRoutes(ctx, traffic.Weighted(10)), "VirtualService"},
		"CompareAndSetRoutes": {r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10)), "VirtualService"},
		"Ensure":              {r.Ensure(ctx), "DestinationRule"},
	}
	for name, c := range calls {
		t.Run(name, func(t *testing.T) {
			require.ErrorIs(t, c.err, istio.ErrNotInstalled)
			assert.True(t, meta.IsNoMatchError(c.err), "the client's error is kept: %v", c.err)
			var ni *istio.NotInstalledError
			require.ErrorAs(t, c.err, &ni)
			assert.Equal(t, c.kind, ni.Kind)
			assert.Contains(t, c.err.Error(), "the cluster does not serve "+c.kind+" (networking.istio.io/v1)")
			assert.Contains(t, c.err.Error(), "Istio 1.22")
		})
	}
}
