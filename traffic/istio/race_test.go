package istio_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/wait"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// Two writers taking the same step at once (a replayed step racing the
// original, two controller replicas during a hand-over): the other one's
// update lands first, ours carries a stale resourceVersion and gets a
// conflict, and the object read again routes exactly what we were about to
// write. That is not an edit to protect: the call succeeds, writing nothing
// more. It used to be an *EditError, which the runner reports as drift and
// holds on, with the routes it wanted in force.
func TestRouterAcceptsTheSameStepWrittenConcurrently(t *testing.T) {
	ctx := context.Background()
	writes := map[string]func(r *istio.Router) error{
		"SetRoutes": func(r *istio.Router) error { return r.SetRoutes(ctx, traffic.Weighted(30)) },
		"CompareAndSetRoutes": func(r *istio.Router) error {
			return r.CompareAndSetRoutes(ctx, traffic.Weighted(20), traffic.Weighted(30))
		},
	}
	for name, write := range writes {
		t.Run(name, func(t *testing.T) {
			var armed, updates atomic.Int32
			racy := interceptor.NewClient(fakeClient(t).(client.WithWatch), interceptor.Funcs{
				Update: func(ctx context.Context, cl client.WithWatch, obj client.Object, opts ...client.UpdateOption) error {
					updates.Add(1)
					if armed.CompareAndSwap(1, 0) { // the other writer's identical update, just before ours
						require.NoError(t, cl.Update(ctx, obj.DeepCopyObject().(client.Object)))
					}
					return cl.Update(ctx, obj, opts...)
				},
			})
			r, err := istio.New(racy, istio.Options{Service: podinfo("shop"),
				Backoff: wait.Backoff{Steps: 5, Duration: time.Millisecond, Factor: 2}})
			require.NoError(t, err)
			require.NoError(t, r.Ensure(ctx))
			require.NoError(t, r.SetRoutes(ctx, traffic.Weighted(20)))

			armed.Store(1)
			updates.Store(0)
			require.NoError(t, write(r))
			assert.Equal(t, int32(1), updates.Load(), "nothing is written again")
			got, err := r.GetRoutes(ctx)
			require.NoError(t, err)
			assert.True(t, traffic.Weighted(30).Equal(got), "got %s", got)
		})
	}
}
