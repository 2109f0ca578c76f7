package istio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

func setHeader(name, value string) *apinet.Headers {
	return &apinet.Headers{Request: &apinet.Headers_HeaderOperations{Set: map[string]string{name: value}}}
}

// A platform team tags each destination's requests (Istio's
// route[].headers, commonly x-version for telemetry or a backend's own
// routing). The headers belong to the destination, not to the weights, so
// moving the weights must keep them on the same backend; a new A/B route
// takes them from the default route, like the route's own headers. They used
// to vanish at the first step.
func TestRouterKeepsEachDestinationsHeaders(t *testing.T) {
	ctx := context.Background()
	c := fakeClient(t)
	r, err := istio.New(c, istio.Options{Service: podinfo("shop")})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	key := client.ObjectKey{Namespace: "shop", Name: "podinfo"}

	vs := &networkingv1.VirtualService{}
	require.NoError(t, c.Get(ctx, key, vs))
	primary, canary := setHeader("x-version", "stable"), setHeader("x-version", "canary")
	vs.Spec.Http[0].Route[0].Headers = primary
	vs.Spec.Http[0].Route[1].Headers = canary
	require.NoError(t, c.Update(ctx, vs))

	steps := []func() error{
		func() error { return r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10)) },
		func() error { return r.CompareAndSetRoutes(ctx, traffic.Weighted(10), abSplit()) },
		func() error { return r.SetRoutes(ctx, traffic.Weighted(50)) },
	}
	for i, step := range steps {
		require.NoError(t, step(), "step %d", i)
		require.NoError(t, c.Get(ctx, key, vs))
		for _, route := range vs.Spec.Http {
			require.Len(t, route.Route, 2)
			assert.True(t, proto.Equal(primary, route.Route[0].Headers), "step %d, route %s: primary's headers %v", i, route.Name, route.Route[0].Headers)
			assert.True(t, proto.Equal(canary, route.Route[1].Headers), "step %d, route %s: canary's headers %v", i, route.Name, route.Route[1].Headers)
		}
	}
}
