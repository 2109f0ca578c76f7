package kube_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// The adapter under a Runner, restarted every tick as a controller is, on the API server: a
// canary walks to promotion, the primary gets the template once, the canary ends at zero. The
// Runner's own writes to the target (scaling) between its record saves are not conflicts.
func TestRunnerPromotesThroughTheAdapter(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-runner", "podinfo:1.0")
	spec := rollout.Spec{Threshold: 1, StepWeight: 25, MaxWeight: 50,
		Metrics: []rollout.Metric{{Name: observe.RequestSuccessRate, ThresholdRange: observe.AtLeast(99)}}}
	router, metrics := rollouttest.NewRouter(), rollouttest.NewMetrics(map[string]float64{observe.RequestSuccessRate: 99.9})
	newRunner := func() *runner.Runner {
		w, err := kube.NewWorkload(env.Client, opts)
		require.NoError(t, err)
		store, err := kube.NewStore(env.Client, opts)
		require.NoError(t, err)
		if _, found, err := store.Load(ctx); err == nil && !found {
			_, err := kube.Prepare(ctx, w, router, store)
			require.NoError(t, err)
		}
		run, err := runner.New(spec, runner.Target{Name: key.Name, Namespace: key.Namespace, Provider: observe.Istio},
			runner.Ports{Workload: w, Router: router, Metrics: metrics, Store: store})
		require.NoError(t, err)
		return run
	}
	tick := func(now time.Time) rollout.Phase {
		rep, err := newRunner().Tick(ctx, now, rollout.Intents{})
		require.NoError(t, err)
		markReady(t, key.Namespace, key.Name)
		markReady(t, key.Namespace, "podinfo-primary")
		return rep.Status.Phase
	}
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	assert.Equal(t, rollout.Initialized, tick(now))
	setImage(t, key, "podinfo:2.0")
	var phases []rollout.Phase
	for i := 0; i < 10 && (len(phases) == 0 || phases[len(phases)-1] != rollout.Succeeded); i++ {
		now = now.Add(time.Minute)
		phases = append(phases, tick(now))
	}
	assert.Equal(t, []rollout.Phase{rollout.Progressing, rollout.Progressing, rollout.Progressing, rollout.Promoting,
		rollout.Finalising, rollout.Succeeded}, phases)
	assert.Equal(t, []int{25, 50, 0}, router.CanaryWeights())
	primary := get(t, key.Namespace, "podinfo-primary")
	assert.Equal(t, "podinfo:2.0", primary.Spec.Template.Spec.Containers[0].Image)
	assert.Equal(t, int64(2), primary.Generation, "created, then promoted once")
	assert.Equal(t, int32(0), ptr.Deref(get(t, key.Namespace, key.Name).Spec.Replicas, 1))
}
