package istio_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

var env *testenv.Env

// TestMain starts a kube-apiserver with Istio's CRDs for the package's tests.
func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Istio}}, &env)
}

var nsCounter atomic.Int32

// namespace creates a fresh namespace so that tests do not share objects.
func namespace(t *testing.T) string {
	t.Helper()
	name := fmt.Sprintf("istio-it-%d", nsCounter.Add(1))
	require.NoError(t, env.Create(context.Background(), &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}))
	return name
}

// TestBuiltObjectsPassTheRealSchema creates every shape the builders emit
// through the strict client: an unknown or misspelt field, or a value the
// CRD's validation refuses, fails here.
func TestBuiltObjectsPassTheRealSchema(t *testing.T) {
	ctx := context.Background()
	cases := map[string]struct {
		svc   traffic.Service
		split traffic.Split
	}{
		"services, primary only":  {podinfo(""), traffic.PrimaryOnly()},
		"services, weighted":      {podinfo(""), traffic.Weighted(30)},
		"subsets, mirrored":       {podinfoSubsets(""), traffic.Mirrored(12.5)},
		"subsets, a/b with port":  {withPort(podinfoSubsets(""), 9898), abSplit()},
		"gateway, weighted match": {withGateway(podinfo("")), traffic.Split{Primary: 50, Canary: 50, Match: abSplit().Match}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ns := namespace(t)
			tc.svc.Namespace = ns
			vs, err := istio.NewVirtualService(tc.svc).WithSplit(tc.split).WithPolicy(fullPolicy()).
				WithLabels(map[string]string{"app.kubernetes.io/managed-by": "fleetkit"}).Build()
			require.NoError(t, err)
			require.NoError(t, env.Create(ctx, vs))
			drs, err := istio.DestinationRules(tc.svc, fullPolicy())
			require.NoError(t, err)
			for _, dr := range drs {
				require.NoError(t, env.Create(ctx, dr), "DestinationRule %s", dr.Name)
			}

			// What the server stored reads back as the same split.
			got := &networkingv1.VirtualService{}
			require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(vs), got))
			split, err := istio.ParseSplit(got, tc.svc)
			require.NoError(t, err)
			assert.True(t, tc.split.Equal(split), "want %s, got %s", tc.split, split)
		})
	}
}

func TestServerRefusesWhatTheSchemaForbids(t *testing.T) {
	// A control: the real schema (CEL rule: durations >= 1ms, which
	// traffic.Policy also enforces) refuses a hand-made timeout the builder
	// would never emit, so the schema test above is not vacuous.
	ns := namespace(t)
	vs, err := istio.NewVirtualService(podinfo(ns)).WithSplit(traffic.Weighted(10)).Build()
	require.NoError(t, err)
	vs.Spec.Http[0].Timeout = durationpb.New(500 * time.Microsecond)
	err = env.Create(context.Background(), vs)
	require.Error(t, err)
	assert.True(t, apierrors.IsInvalid(err), "got %v", err)
}

func TestRouterWalksACanary(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	r, err := istio.New(env.Client, istio.Options{Service: podinfo(ns), Policy: fullPolicy()})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	require.NoError(t, r.Ensure(ctx), "Ensure is idempotent")

	got, err := r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.PrimaryOnly().Equal(got), "got %s", got)

	steps := []traffic.Split{
		traffic.Mirrored(12.5),
		traffic.Weighted(10),
		traffic.Weighted(50),
		abSplit(),
		traffic.PrimaryOnly(),
	}
	for _, want := range steps {
		require.NoError(t, r.SetRoutes(ctx, want))
		got, err := r.GetRoutes(ctx)
		require.NoError(t, err)
		assert.True(t, want.Equal(got), "want %s, got %s", want, got)
	}

	// The policy travels with every write.
	vs := &networkingv1.VirtualService{}
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "podinfo"}, vs))
	assert.Equal(t, int32(3), vs.Spec.Http[0].Retries.GetAttempts())
	assert.Equal(t, 10*time.Second, vs.Spec.Http[0].Timeout.AsDuration())
	dr := &networkingv1.DestinationRule{}
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "podinfo-canary"}, dr))
	assert.Equal(t, uint32(5), dr.Spec.TrafficPolicy.OutlierDetection.Consecutive_5XxErrors.GetValue())
}

func TestRouterReadsBackWhatIsReallyRouted(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	r, err := istio.New(env.Client, istio.Options{Service: podinfo(ns)})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	require.NoError(t, r.SetRoutes(ctx, traffic.Weighted(20)))

	// Someone else moves the weights by hand.
	vs := &networkingv1.VirtualService{}
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "podinfo"}, vs))
	vs.Spec.Http[0].Route[0].Weight, vs.Spec.Http[0].Route[1].Weight = 100, 0
	require.NoError(t, env.Client.Update(ctx, vs))

	got, err := r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.PrimaryOnly().Equal(got), "the router reports the cluster, not its last write: %s", got)

	// A third destination cannot be read as a split.
	require.NoError(t, env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "podinfo"}, vs))
	vs.Spec.Http[0].Route[1].Destination.Host = "someone-else"
	require.NoError(t, env.Client.Update(ctx, vs))
	_, err = r.GetRoutes(ctx)
	assert.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
}

func TestRouterRetriesUpdateConflicts(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	var updates, injected atomic.Int32
	// Before each of the first two updates, another writer changes the
	// object on the real server, so our update carries a stale
	// resourceVersion and the server answers 409 Conflict.
	c, err := client.NewWithWatch(env.Config, client.Options{Scheme: env.Scheme})
	require.NoError(t, err)
	racy := interceptor.NewClient(c, interceptor.Funcs{
		Update: func(ctx context.Context, cl client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			updates.Add(1)
			if injected.Load() < 2 {
				injected.Add(1)
				other := &networkingv1.VirtualService{}
				if err := cl.Get(ctx, client.ObjectKeyFromObject(obj), other); err != nil {
					return err
				}
				other.Annotations = map[string]string{"touched": time.Now().String()}
				if err := cl.Update(ctx, other); err != nil {
					return err
				}
			}
			return cl.Update(ctx, obj, opts...)
		},
	})
	r, err := istio.New(racy, istio.Options{Service: podinfo(ns),
		Backoff: wait.Backoff{Steps: 5, Duration: 5 * time.Millisecond, Factor: 2}})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))

	require.NoError(t, r.SetRoutes(ctx, traffic.Weighted(30)))
	assert.Equal(t, int32(3), updates.Load(), "two conflicts, then success")
	got, err := r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.Weighted(30).Equal(got), "got %s", got)
}

func TestRouterGivesUpOnEndlessConflicts(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	c, err := client.NewWithWatch(env.Config, client.Options{Scheme: env.Scheme})
	require.NoError(t, err)
	var updates atomic.Int32
	racy := interceptor.NewClient(c, interceptor.Funcs{
		Update: func(ctx context.Context, cl client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
			updates.Add(1)
			other := &networkingv1.VirtualService{}
			if err := cl.Get(ctx, client.ObjectKeyFromObject(obj), other); err != nil {
				return err
			}
			other.Annotations = map[string]string{"n": time.Now().String()}
			if err := cl.Update(ctx, other); err != nil {
				return err
			}
			return cl.Update(ctx, obj, opts...)
		},
	})
	r, err := istio.New(racy, istio.Options{Service: podinfo(ns),
		Backoff: wait.Backoff{Steps: 3, Duration: time.Millisecond, Factor: 1}})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	err = r.SetRoutes(ctx, traffic.Weighted(40))
	require.Error(t, err)
	assert.True(t, apierrors.IsConflict(err), "the last conflict is reported: %v", err)
	assert.Equal(t, int32(3), updates.Load())
	assert.Contains(t, err.Error(), "3 attempts")
}

func TestRouterReportsADeletedVirtualService(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	r, err := istio.New(env.Client, istio.Options{Service: podinfo(ns)})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	require.NoError(t, r.SetRoutes(ctx, traffic.Weighted(10)))

	require.NoError(t, env.Client.Delete(ctx, &networkingv1.VirtualService{
		ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "podinfo"}}))

	_, err = r.GetRoutes(ctx)
	assertNotFound(t, err, ns)
	err = r.SetRoutes(ctx, traffic.Weighted(20))
	assertNotFound(t, err, ns)

	// SetRoutes must not have recreated it.
	err = env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "podinfo"}, &networkingv1.VirtualService{})
	assert.True(t, apierrors.IsNotFound(err))
}

func assertNotFound(t *testing.T, err error, ns string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, istio.ErrNotFound)
	var nf *istio.NotFoundError
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, istio.NotFoundError{Kind: "VirtualService", Namespace: ns, Name: "podinfo"}, *nf)
	assert.Contains(t, err.Error(), "deleted")
}

// Issue 13, fault 8, on the real API server: a VirtualService edited by
// hand mid-rollout is never overwritten by a conditional step. Weights
// changed by hand and a route added by hand are refused with an error
// matching traffic.ErrRoutesChanged, and the object keeps the edit.
func TestRouterNeverOverwritesHandEdits(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	r, err := istio.New(env.Client, istio.Options{Service: podinfo(ns), Policy: fullPolicy()})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	require.NoError(t, r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(20)))
	require.NoError(t, r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(20)), "a replayed step is a no-op")
	key := client.ObjectKey{Namespace: ns, Name: "podinfo"}

	// Weights changed by hand.
	vs := &networkingv1.VirtualService{}
	require.NoError(t, env.Client.Get(ctx, key, vs))
	vs.Spec.Http[0].Route[0].Weight, vs.Spec.Http[0].Route[1].Weight = 100, 0
	require.NoError(t, env.Client.Update(ctx, vs))
	err = r.CompareAndSetRoutes(ctx, traffic.Weighted(20), traffic.Weighted(30))
	require.ErrorIs(t, err, traffic.ErrRoutesChanged)
	var changed *traffic.ChangedError
	require.ErrorAs(t, err, &changed)
	assert.True(t, traffic.PrimaryOnly().Equal(changed.Found), "found %s", changed.Found)
	assert.True(t, traffic.Weighted(20).Equal(changed.Expected))
	got, err := r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.PrimaryOnly().Equal(got), "the hand edit stays: %s", got)

	// A route added by hand.
	require.NoError(t, env.Client.Get(ctx, key, vs))
	vs.Spec.Http = append([]*apinet.HTTPRoute{hotfixRoute()}, vs.Spec.Http...)
	require.NoError(t, env.Client.Update(ctx, vs))
	_, err = r.GetRoutes(ctx)
	require.ErrorIs(t, err, traffic.ErrRoutesChanged)
	require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
	err = r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10))
	require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
	require.NoError(t, env.Client.Get(ctx, key, vs))
	assert.Equal(t, "hotfix", vs.Spec.Http[0].Name, "the added route stays")

	// SetRoutes is the explicit overwrite (a runner re-asserting its routes).
	require.NoError(t, r.SetRoutes(ctx, traffic.Weighted(20)))
	got, err = r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.Weighted(20).Equal(got))
}

// A concurrent edit while the Router writes: the update carries the
// resourceVersion it read, the server answers Conflict, and the Router,
// finding the spec changed, reports it instead of writing over it. Both
// SetRoutes and CompareAndSetRoutes; a change to metadata only is retried
// (TestRouterRetriesUpdateConflicts).
func TestRouterReportsAConcurrentEditInsteadOfOverwritingIt(t *testing.T) {
	ctx := context.Background()
	writes := map[string]func(r *istio.Router) error{
		"SetRoutes": func(r *istio.Router) error { return r.SetRoutes(ctx, traffic.Weighted(30)) },
		"CompareAndSetRoutes": func(r *istio.Router) error {
			return r.CompareAndSetRoutes(ctx, traffic.Weighted(20), traffic.Weighted(30))
		},
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			ns := namespace(t)
			c, err := client.NewWithWatch(env.Config, client.Options{Scheme: env.Scheme})
			require.NoError(t, err)
			var armed, updates atomic.Int32
			racy := interceptor.NewClient(c, interceptor.Funcs{
				Update: func(ctx context.Context, cl client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
					updates.Add(1)
					if armed.CompareAndSwap(1, 0) { // someone moves the weights by hand, just before our write
						other := &networkingv1.VirtualService{}
						if err := cl.Get(ctx, client.ObjectKeyFromObject(obj), other); err != nil {
							return err
						}
						other.Spec.Http[0].Route[0].Weight, other.Spec.Http[0].Route[1].Weight = 100, 0
						if err := cl.Update(ctx, other); err != nil {
							return err
						}
					}
					return cl.Update(ctx, obj, opts...)
				},
			})
			r, err := istio.New(racy, istio.Options{Service: podinfo(ns),
				Backoff: wait.Backoff{Steps: 5, Duration: time.Millisecond, Factor: 2}})
			require.NoError(t, err)
			require.NoError(t, r.Ensure(ctx))
			require.NoError(t, r.SetRoutes(ctx, traffic.Weighted(20)))

			armed.Store(1)
			updates.Store(0)
			err = write(r)
			require.ErrorIs(t, err, traffic.ErrRoutesChanged)
			assert.True(t, apierrors.IsConflict(err), "the server's conflict is the cause: %v", err)
			assert.Equal(t, int32(1), updates.Load(), "no second attempt over the edit")
			got, err := r.GetRoutes(ctx)
			require.NoError(t, err)
			assert.True(t, traffic.PrimaryOnly().Equal(got), "the concurrent edit stays: %s", got)
		})
	}
}

// A platform team's VirtualService carries more than the split: exportTo
// restricting who sees it, and on the route request headers, a rewrite and
// a CORS policy, on the canary's destination its own headers (set by hand,
// by GitOps or by a mutating admission policy).
// Moving the weights must keep every one of them; a new A/B route takes
// them from the default route it is carved out of, so that matching
// requests are treated as before.
func TestRouterKeepsWhatItDoesNotWrite(t *testing.T) {
	ctx := context.Background()
	ns := namespace(t)
	r, err := istio.New(env.Client, istio.Options{Service: podinfo(ns), Policy: fullPolicy()})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	key := client.ObjectKey{Namespace: ns, Name: "podinfo"}

	vs := &networkingv1.VirtualService{}
	require.NoError(t, env.Client.Get(ctx, key, vs))
	vs.Spec.ExportTo = []string{"."}
	def := vs.Spec.Http[0]
	def.Headers = &apinet.Headers{Request: &apinet.Headers_HeaderOperations{Set: map[string]string{"x-env": "prod"}}}
	def.Rewrite = &apinet.HTTPRewrite{Uri: "/v1"}
	def.CorsPolicy = &apinet.CorsPolicy{AllowMethods: []string{"GET"}}
	def.Route[1].Headers = setHeader("x-version", "canary")
	require.NoError(t, env.Client.Update(ctx, vs))
	theirs := &networkingv1.VirtualService{}
	require.NoError(t, env.Client.Get(ctx, key, theirs))

	steps := []func() error{
		func() error { return r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10)) },
		func() error { return r.CompareAndSetRoutes(ctx, traffic.Weighted(10), abSplit()) },
		func() error { return r.SetRoutes(ctx, traffic.Weighted(50)) },
	}
	for i, step := range steps {
		require.NoError(t, step(), "step %d", i)
		require.NoError(t, env.Client.Get(ctx, key, vs))
		assert.Equal(t, []string{"."}, vs.Spec.ExportTo, "step %d", i)
		for _, route := range vs.Spec.Http {
			assert.True(t, proto.Equal(theirs.Spec.Http[0].Headers, route.Headers), "step %d, route %s: headers %v", i, route.Name, route.Headers)
			assert.True(t, proto.Equal(theirs.Spec.Http[0].Rewrite, route.Rewrite), "step %d, route %s: rewrite %v", i, route.Name, route.Rewrite)
			assert.True(t, proto.Equal(theirs.Spec.Http[0].CorsPolicy, route.CorsPolicy), "step %d, route %s: corsPolicy %v", i, route.Name, route.CorsPolicy)
			assert.True(t, proto.Equal(theirs.Spec.Http[0].Route[1].Headers, route.Route[1].Headers), "step %d, route %s: canary's headers %v", i, route.Name, route.Route[1].Headers)
		}
	}
	got, err := r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.Weighted(50).Equal(got), "got %s", got)
}

// Ensure leaves an existing DestinationRule alone, but one that lacks a
// subset the routes send traffic to (the bookinfo v1/v2 naming, say), or
// selects other pods under its name, would make Istio answer the canary's
// share with 503s from the first step. Ensure reports it, naming the rule
// and the subset, and changes nothing; a rule with the subsets (plus the
// team's own policy and subsets) is accepted as it is.
func TestEnsureChecksTheSubsetsOfAnExistingDestinationRule(t *testing.T) {
	ctx := context.Background()
	mtls := &apinet.TrafficPolicy{Tls: &apinet.ClientTLSSettings{Mode: apinet.ClientTLSSettings_ISTIO_MUTUAL}}
	cases := map[string]struct {
		subsets []*apinet.Subset
		subset  string // "" when Ensure accepts the rule
	}{
		"canary subset missing": {[]*apinet.Subset{
			{Name: "stable", Labels: map[string]string{"version": "v1"}},
			{Name: "v2", Labels: map[string]string{"version": "v2"}},
		}, "canary"},
		"canary subset selects other pods": {[]*apinet.Subset{
			{Name: "stable", Labels: map[string]string{"version": "v1"}},
			{Name: "canary", Labels: map[string]string{"version": "v3"}},
		}, "canary"},
		"stable subset selects every version": {[]*apinet.Subset{
			{Name: "stable", Labels: map[string]string{"app": "podinfo"}},
			{Name: "canary", Labels: map[string]string{"version": "v2"}},
		}, "stable"},
		"the team's own subsets and labels besides ours": {[]*apinet.Subset{
			{Name: "stable", Labels: map[string]string{"version": "v1", "app": "podinfo"}},
			{Name: "canary", Labels: map[string]string{"version": "v2"}},
			{Name: "debug", Labels: map[string]string{"debug": "true"}},
		}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ns := namespace(t)
			theirs := &networkingv1.DestinationRule{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "podinfo"}}
			theirs.Spec.Host = "podinfo"
			theirs.Spec.TrafficPolicy = mtls
			theirs.Spec.Subsets = tc.subsets
			require.NoError(t, env.Client.Create(ctx, theirs))
			r, err := istio.New(env.Client, istio.Options{Service: podinfoSubsets(ns), Policy: fullPolicy()})
			require.NoError(t, err)

			err = r.Ensure(ctx)
			if tc.subset == "" {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, istio.ErrSubsets)
				var se *istio.SubsetError
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tc.subset, se.Subset)
				assert.Equal(t, "podinfo", se.Name)
				assert.Contains(t, err.Error(), "DestinationRule "+ns+"/podinfo")
				err = env.Client.Get(ctx, client.ObjectKey{Namespace: ns, Name: "podinfo"}, &networkingv1.VirtualService{})
				assert.True(t, apierrors.IsNotFound(err), "no VirtualService routes to the missing subset: %v", err)
			}
			got := &networkingv1.DestinationRule{}
			require.NoError(t, env.Client.Get(ctx, client.ObjectKeyFromObject(theirs), got))
			assert.True(t, proto.Equal(&theirs.Spec, &got.Spec), "the team's rule is left as it was: %v", &got.Spec)
		})
	}
}
