package istio_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/durationpb"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// The Router writes its Policy's timeout and retries on every step, so a timeout or retry policy
// changed by hand (or by GitOps) would be replaced silently: reading it back is a changed layout
// (the runner holds or re-asserts as the spec says), and a conditional step writes nothing.
func TestRouterReportsHandEditsOfItsTimeoutAndRetries(t *testing.T) {
	edits := map[string]func(r *apinet.HTTPRoute){
		"timeout": func(r *apinet.HTTPRoute) { r.Timeout = durationpb.New(30 * time.Second) },
		"retries": func(r *apinet.HTTPRoute) { r.Retries = &apinet.HTTPRetry{Attempts: 9} },
	}
	for field, edit := range edits {
		t.Run(field, func(t *testing.T) {
			ctx := context.Background()
			ns := namespace(t)
			r, err := istio.New(env.Client, istio.Options{Service: podinfo(ns), Policy: fullPolicy()})
			require.NoError(t, err)
			require.NoError(t, r.Ensure(ctx))
			require.NoError(t, r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10)))
			got, err := r.GetRoutes(ctx)
			require.NoError(t, err, "the policy the Router wrote reads back as its own")
			require.Equal(t, traffic.Weighted(10), got)

			key := client.ObjectKey{Namespace: ns, Name: "podinfo"}
			vs := &networkingv1.VirtualService{}
			require.NoError(t, env.Client.Get(ctx, key, vs))
			edit(vs.Spec.Http[0])
			require.NoError(t, env.Client.Update(ctx, vs))
			edited := &networkingv1.VirtualService{}
			require.NoError(t, env.Client.Get(ctx, key, edited))

			_, err = r.GetRoutes(ctx)
			require.ErrorIs(t, err, traffic.ErrRoutesChanged)
			assert.Contains(t, err.Error(), field)
			err = r.CompareAndSetRoutes(ctx, traffic.Weighted(10), traffic.Weighted(20))
			require.ErrorIs(t, err, traffic.ErrRoutesChanged)
			after := &networkingv1.VirtualService{}
			require.NoError(t, env.Client.Get(ctx, key, after))
			assert.Equal(t, edited.ResourceVersion, after.ResourceVersion, "nothing was written over the edit")
		})
	}
}
