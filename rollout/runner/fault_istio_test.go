package runner_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

var cartService = traffic.Service{Name: "cart", Namespace: "shop", Hosts: []string{"cart"},
	Primary: traffic.Backend{Host: "cart-primary"}, Canary: traffic.Backend{Host: "cart-canary"}}

var cartKey = client.ObjectKey{Namespace: "shop", Name: "cart"}

var _ runner.ConditionalRouter = (*istio.Router)(nil)

// istioRouter is traffic/istio's Router over an in-memory client; funcs
// intercept the client's calls when set.
func istioRouter(t *testing.T, funcs *interceptor.Funcs) (*istio.Router, client.Client) {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, networkingv1.AddToScheme(scheme))
	c := fake.NewClientBuilder().WithScheme(scheme).Build()
	raw := c
	if funcs != nil {
		c = interceptor.NewClient(c, *funcs)
	}
	r, err := istio.New(c, istio.Options{Service: cartService})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(context.Background()))
	return r, raw
}

// addHotfixRoute adds a route by hand in front of the rollout's.
func addHotfixRoute(t *testing.T, c client.Client) {
	t.Helper()
	ctx := context.Background()
	vs := &networkingv1.VirtualService{}
	require.NoError(t, c.Get(ctx, cartKey, vs))
	vs.Spec.Http = append([]*apinet.HTTPRoute{{Name: "hotfix",
		Match: []*apinet.HTTPMatchRequest{{Uri: &apinet.StringMatch{MatchType: &apinet.StringMatch_Prefix{Prefix: "/hotfix"}}}},
		Route: []*apinet.HTTPRouteDestination{{Destination: &apinet.Destination{Host: "hotfix"}}}}}, vs.Spec.Http...)
	require.NoError(t, c.Update(ctx, vs))
}

func routeNames(t *testing.T, c client.Client) []string {
	t.Helper()
	vs := &networkingv1.VirtualService{}
	require.NoError(t, c.Get(context.Background(), cartKey, vs))
	var names []string
	for _, r := range vs.Spec.Http {
		names = append(names, r.Name)
	}
	return names
}

// Issue 13, fault 8, with the Istio router: a route added by hand to the
// VirtualService mid-rollout is a layout the rollout does not own. The
// Runner holds and the route stays; with Reassert it writes its own layout
// back and says so.
func TestFaultRouteAddedByHand(t *testing.T) {
	t.Run("hold", func(t *testing.T) {
		router, c := istioRouter(t, nil)
		w, spec := newWorld("r1"), faultSpec()
		toQuarter(t, w, spec, router)
		addHotfixRoute(t, c)
		for range 2 {
			rep, err := w.tick(t, w.runnerFor(t, spec, router), rollout.Intents{})
			requireHeld(t, rep, err, traffic.Weighted(25))
			require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
		}
		assert.Equal(t, []string{"hotfix", istio.RouteDefault}, routeNames(t, c), "the added route stays")
	})
	t.Run("reassert", func(t *testing.T) {
		router, c := istioRouter(t, nil)
		w, spec := newWorld("r1"), faultSpec()
		spec.Options.RouteDrift = rollout.RouteDriftReassert
		toQuarter(t, w, spec, router)
		addHotfixRoute(t, c)
		rep := w.tickOK(t, w.runnerFor(t, spec, router))
		assert.Contains(t, reasons(rep), rollout.ReasonRoutesReasserted)
		assert.Equal(t, []string{istio.RouteDefault}, routeNames(t, c))
		got, err := router.GetRoutes(context.Background())
		require.NoError(t, err)
		assert.True(t, traffic.Weighted(50).Equal(got), "re-asserted, then the next step: %s", got)
	})
}

// An edit that lands while the Istio router writes a step (between its read
// and its update) is refused by the API server's resourceVersion check,
// and the Router reports it instead of writing again over it.
func TestFaultConcurrentEditDuringTheStepIsNotOverwritten(t *testing.T) {
	var armed atomic.Bool
	var router *istio.Router
	var raw client.Client
	router, raw = istioRouter(t, &interceptor.Funcs{
		Update: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			if armed.CompareAndSwap(true, false) {
				other := &networkingv1.VirtualService{}
				if err := c.Get(ctx, cartKey, other); err != nil {
					return err
				}
				other.Spec.Http[0].Route[0].Weight, other.Spec.Http[0].Route[1].Weight = 100, 0
				if err := c.Update(ctx, other); err != nil {
					return err
				}
			}
			return c.Update(ctx, obj, opts...)
		},
	})
	w, spec := newWorld("r1"), faultSpec()
	toQuarter(t, w, spec, router)
	armed.Store(true)
	rep, err := w.tick(t, w.runnerFor(t, spec, router), rollout.Intents{})
	requireHeld(t, rep, err, traffic.Weighted(25))
	var edit *istio.EditError
	require.ErrorAs(t, err, &edit)
	got, err := istio.New(raw, istio.Options{Service: cartService})
	require.NoError(t, err)
	routes, err := got.GetRoutes(context.Background())
	require.NoError(t, err)
	assert.True(t, traffic.PrimaryOnly().Equal(routes), "the concurrent edit stays: %s", routes)
}
