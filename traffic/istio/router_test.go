package istio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

func TestNewRejectsBadOptions(t *testing.T) {
	_, err := istio.New(nil, istio.Options{Service: podinfo("t")})
	assert.ErrorIs(t, err, istio.ErrInvalid)

	bad := podinfo("t")
	bad.Namespace = ""
	_, err = istio.New(env.Client, istio.Options{Service: bad})
	assert.ErrorIs(t, err, traffic.ErrInvalid)
	assert.Contains(t, err.Error(), "service.namespace")

	_, err = istio.New(env.Client, istio.Options{Service: podinfo("t"),
		Policy: traffic.Policy{Retries: &traffic.Retries{Attempts: -1}}})
	assert.Contains(t, err.Error(), "policy.retries.attempts")
}

func TestSetRoutesRefusesInvalidRoutesBeforeCallingTheServer(t *testing.T) {
	r, err := istio.New(env.Client, istio.Options{Service: podinfo("never-created")})
	assert.NoError(t, err)
	err = r.SetRoutes(t.Context(), traffic.Split{Primary: 30, Canary: 30})
	assert.ErrorIs(t, err, traffic.ErrInvalid, "an invalid split is refused, not reported as a missing object")
	assert.NotErrorIs(t, err, istio.ErrNotFound)

	err = r.SetRoutes(t.Context(), traffic.Split{Canary: 100, Match: []traffic.Match{
		{Headers: map[string]traffic.StringMatch{"X-Canary": traffic.Exact("insider")}}}})
	assert.ErrorIs(t, err, traffic.ErrInvalid, "header names are lower case, as rollout.Spec.Validate also demands")
}

// What the cluster routes reaches the engine unchanged: a fractional mirror
// percentage and method and query-parameter matches survive a write and a
// read (they used to be rounded and dropped on the way to the engine).
func TestRouterReturnsTheSplitItWrote(t *testing.T) {
	scheme := runtime.NewScheme()
	require.NoError(t, networkingv1.AddToScheme(scheme))
	c := fake.NewClientBuilder().WithScheme(scheme).Build()
	ctx := context.Background()
	r, err := istio.New(c, istio.Options{Service: podinfoSubsets("test")})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	for _, want := range []traffic.Split{traffic.Mirrored(12.5), abSplit(), traffic.Mirrored(0.1)} {
		require.NoError(t, r.SetRoutes(ctx, want))
		got, err := r.GetRoutes(ctx)
		require.NoError(t, err)
		assert.True(t, want.Equal(got), "want %s, got %s", want, got)
	}
}
