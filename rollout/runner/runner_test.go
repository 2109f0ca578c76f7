package runner_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

func canarySpec() rollout.Spec {
	minRate := 99.0
	return rollout.Spec{
		Threshold: 2, MaxWeight: 50, StepWeight: 10,
		Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.Range{Min: &minRate}}},
		Webhooks: []rollout.Webhook{
			{Name: "load-test", Type: rollout.PreRollout, URL: "http://loadtester/"},
			{Name: "smoke", Type: rollout.RolloutHook, URL: "http://smoke/"},
			{Name: "notify", Type: rollout.PostRollout, URL: "http://notify/"},
		},
	}
}

// rig is one target's in-memory ports (rollout/rollouttest) and the spec and clock of its rollout.
type rig struct {
	*rollouttest.Doubles
	spec rollout.Spec
	now  time.Time
}

func newRig(spec rollout.Spec) *rig {
	r := &rig{Doubles: rollouttest.New("r1"), spec: spec, now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
	r.Metrics.Set("request-success-rate", 99.9)
	return r
}

// runner builds a fresh Runner over the rig's ports, as a restarted controller would.
func (r *rig) runner(t *testing.T) *runner.Runner {
	t.Helper()
	run, err := runner.New(r.spec, runner.Target{Name: "recommender", Namespace: "shop", Provider: observe.Istio},
		r.Ports())
	require.NoError(t, err)
	return run
}

func (r *rig) tick(t *testing.T, run *runner.Runner) (runner.TickReport, error) {
	r.now = r.now.Add(time.Minute)
	return run.Tick(context.Background(), r.now, rollout.Intents{})
}

// drive ticks until the rollout is idle in a final phase, a fresh Runner per tick when restart is set.
func (r *rig) drive(t *testing.T, restart bool, maxTicks int) []rollout.Phase {
	t.Helper()
	run := r.runner(t)
	var phases []rollout.Phase
	for i := 0; i < maxTicks; i++ {
		if restart {
			run = r.runner(t)
		}
		rep, err := r.tick(t, run)
		require.NoError(t, err)
		phases = append(phases, rep.Status.Phase)
		if i > 0 && (rep.Status.Phase == rollout.Succeeded || rep.Status.Phase == rollout.Failed) {
			return phases
		}
	}
	return phases
}

func TestRunnerPromotesAGoodCanary(t *testing.T) {
	r := newRig(canarySpec())
	rep, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	assert.Equal(t, rollout.Initialized, rep.Status.Phase, "first sight of r1 initialises")
	assert.Empty(t, rep.Actions)

	r.Workload.SetRevision("r2")
	phases := r.drive(t, false, 20)
	assert.Equal(t, rollout.Succeeded, phases[len(phases)-1])
	assert.Equal(t, []int{10, 20, 30, 40, 50, 0}, r.Router.CanaryWeights(), "weights walk 10→50, then all traffic back to the primary")
	assert.Equal(t, []string{"r2"}, r.Workload.Promotions())
	assert.False(t, r.Workload.CanaryUp(), "the canary is scaled to zero after promotion")
	assert.Equal(t, 1, r.Hooks.Count("load-test"), "pre-rollout runs once, on the tick at weight 0")
	assert.Equal(t, 5, r.Hooks.Count("smoke"), "rollout hooks run on every analysis tick")
	assert.Equal(t, 1, r.Hooks.Count("notify"), "post-rollout runs once, after promotion")
	assert.Len(t, r.Metrics.Queries(), 5, "metrics are queried only on analysis ticks")
	assert.Contains(t, r.Metrics.Queries()[0].Expr, `destination_workload_namespace="shop"`)
	assert.Contains(t, r.Metrics.Queries()[0].Expr, `destination_workload=~"recommender"`)
}

func TestRunnerRollsBackABadCanary(t *testing.T) {
	r := newRig(canarySpec())
	_, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	r.Workload.SetRevision("r2")
	r.Metrics.Set("request-success-rate", 80)
	phases := r.drive(t, false, 10)
	assert.Equal(t, rollout.Failed, phases[len(phases)-1])
	assert.Equal(t, traffic.PrimaryOnly(), r.Router.Routes())
	assert.Empty(t, r.Workload.Promotions())
	assert.False(t, r.Workload.CanaryUp())
	reqs := r.Hooks.Requests()
	last := reqs[len(reqs)-1]
	assert.Equal(t, "notify", last.Webhook.Name)
	assert.Equal(t, rollout.Failed, last.Phase, "post-rollout hooks report the failed phase")
}

func TestRunnerRestartedEveryTickFollowsTheSameTrace(t *testing.T) {
	straight, restarted := newRig(canarySpec()), newRig(canarySpec())
	for _, r := range []*rig{straight, restarted} {
		_, err := r.tick(t, r.runner(t))
		require.NoError(t, err)
		r.Workload.SetRevision("r2")
	}
	want := straight.drive(t, false, 20)
	got := restarted.drive(t, true, 20)
	assert.Equal(t, want, got)
	assert.Equal(t, straight.Router.History(), restarted.Router.History())
	assert.Equal(t, []string{"r2"}, restarted.Workload.Promotions())
}

func TestRunnerReplaysActionsInterruptedByACrash(t *testing.T) {
	r := newRig(canarySpec())
	_, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	r.Workload.SetRevision("r2")
	for r.Router.Routes().Canary < 50 {
		_, err := r.tick(t, r.runner(t))
		require.NoError(t, err)
	}
	r.Workload.FailNext(rollouttest.OpPromoteSpec, nil)
	_, err = r.tick(t, r.runner(t))
	require.ErrorIs(t, err, runner.ErrPort, "the promotion fails mid-tick")
	assert.Empty(t, r.Workload.Promotions())

	rep, err := r.tick(t, r.runner(t)) // a restarted controller
	require.NoError(t, err)
	assert.Equal(t, 1, rep.Replayed, "the decided promotion is carried out, not decided again")
	assert.Equal(t, []string{"r2"}, r.Workload.Promotions())
	phases := r.drive(t, true, 10)
	assert.Equal(t, rollout.Succeeded, phases[len(phases)-1])
	assert.Equal(t, []string{"r2"}, r.Workload.Promotions(), "no double promotion")
	weights := r.Router.CanaryWeights()
	for i := 1; i < len(weights)-1; i++ {
		assert.GreaterOrEqual(t, weights[i], weights[i-1], "no weight regression before promotion")
	}
}

func TestRunnerPortFailuresKeepTheStatus(t *testing.T) {
	r := newRig(canarySpec())
	_, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	saves := r.Store.Calls().Count(rollouttest.OpSave)
	r.Workload.FailNext(rollouttest.OpObserve, nil)
	r.Router.FailNext(rollouttest.OpGetRoutes, nil)
	for range 2 {
		_, err := r.tick(t, r.runner(t))
		require.ErrorIs(t, err, runner.ErrPort)
		require.ErrorIs(t, err, rollouttest.ErrInjected)
		assert.Contains(t, err.Error(), "shop/recommender")
	}
	assert.Equal(t, saves, r.Store.Calls().Count(rollouttest.OpSave), "a tick that could not observe decides nothing")
}

// A port's own error reaches the caller through the Runner: it matches
// ErrPort, and errors.As and errors.Is find the adapter's typed error and
// the context's error under it.
func TestRunnerWrapsPortErrorsWithTheirCause(t *testing.T) {
	r := newRig(canarySpec())
	scheme := runtime.NewScheme()
	require.NoError(t, networkingv1.AddToScheme(scheme))
	router, err := istio.New(fake.NewClientBuilder().WithScheme(scheme).Build(), istio.Options{Service: services["services"]})
	require.NoError(t, err)
	run, err := runner.New(r.spec, runner.Target{Name: "recommender", Namespace: "shop", Provider: observe.Istio},
		runner.Ports{Workload: r.Workload, Router: router, Metrics: r.Metrics, Hooks: r.Hooks, Store: r.Store})
	require.NoError(t, err)
	_, err = run.Tick(context.Background(), r.now, rollout.Intents{})
	require.ErrorIs(t, err, runner.ErrPort)
	require.ErrorIs(t, err, istio.ErrNotFound)
	var nf *istio.NotFoundError
	require.ErrorAs(t, err, &nf, "the VirtualService was never created")
	assert.Equal(t, "VirtualService", nf.Kind)

	ctx, cancel := context.WithDeadline(context.Background(), r.now.Add(-time.Second))
	defer cancel()
	_, err = r.runner(t).Tick(ctx, r.now, rollout.Intents{})
	require.ErrorIs(t, err, runner.ErrPort)
	require.ErrorIs(t, err, context.DeadlineExceeded)

	_, err = r.tick(t, r.runner(t))
	require.NoError(t, err)
	r.Workload.SetRevision("r2")
	errInjected := errors.New("scale refused")
	r.Workload.FailNext(rollouttest.OpScaleCanary, errInjected)
	_, err = r.tick(t, r.runner(t))
	require.ErrorIs(t, err, runner.ErrPort)
	require.ErrorIs(t, err, errInjected, "an action's error keeps its cause")
	assert.Contains(t, err.Error(), "ScaleCanaryUp on shop/recommender")
}

func TestRunnerRefusesAnInvalidStoredRecord(t *testing.T) {
	r := newRig(canarySpec())
	r.Store.SetRaw([]byte(`{"status":{"phase":"Progressing","routes":{"primary":70,"canary":20}}}`))
	_, err := r.tick(t, r.runner(t))
	require.ErrorIs(t, err, runner.ErrInvalidRecord)
	require.ErrorIs(t, err, rollout.ErrInvalidStatus)
	require.ErrorIs(t, err, traffic.ErrInvalid, "routes that do not add up to 100 are refused by the traffic rules")

	r.Store.SetRaw([]byte(`{"status":{"phase":"Progressing","routes":{"primary":100}},"pending":[{"kind":"Teleport"}]}`))
	_, err = r.tick(t, r.runner(t))
	require.ErrorIs(t, err, runner.ErrInvalidRecord)
	assert.Contains(t, err.Error(), "unknown action Teleport")
}

func TestRunnerReportsFailingWebhooks(t *testing.T) {
	r := newRig(canarySpec())
	_, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	r.Workload.SetRevision("r2")
	_, err = r.tick(t, r.runner(t)) // starts the run
	require.NoError(t, err)
	r.Hooks.SetError("load-test", context.DeadlineExceeded)
	rep, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	assert.Contains(t, rep.HookErrors["load-test"], "deadline exceeded")
	assert.Equal(t, 1, rep.Status.FailedChecks, "a webhook that times out fails the check")
	assert.Equal(t, 0, r.Router.Routes().Canary)
}

func TestNewValidatesSpecAndPorts(t *testing.T) {
	d := rollouttest.New("r1")
	_, err := runner.New(canarySpec(), runner.Target{Name: "x"}, runner.Ports{Workload: d.Workload, Router: d.Router, Store: d.Store})
	require.ErrorIs(t, err, runner.ErrInvalidPorts)
	var ve *rollout.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ports.metrics", ve.Field)
	_, err = runner.New(rollout.Spec{StepWeight: 10}, runner.Target{Name: "x"}, runner.Ports{Workload: d.Workload, Store: d.Store})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "ports.router", ve.Field)
	_, err = runner.New(rollout.Spec{StepWeight: 10, Iterations: 1, Match: []traffic.Match{{Cookie: "("}}},
		runner.Target{Name: "x"}, runner.Ports{Workload: d.Workload, Router: d.Router, Store: d.Store})
	require.ErrorIs(t, err, rollout.ErrInvalidSpec, "a spec no router could route is refused up front")
}

func TestRunnerIsDueAtOnceWithPendingActions(t *testing.T) {
	r := newRig(canarySpec())
	run := r.runner(t)
	now := time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	assert.Zero(t, run.Due(runner.Record{}, now), "a target never ticked is due")
	ticked := runner.Record{LastTick: now.Add(-10 * time.Second)}
	assert.Equal(t, 50*time.Second, run.Due(ticked, now), "the default interval is a minute")
	ticked.Pending = []runner.PendingAction{{Kind: "SetRoutes", Routes: &traffic.Split{Primary: 100}}}
	assert.Zero(t, run.Due(ticked, now), "an interrupted rollback is finished at once, not an interval later")
}

func TestRunnerGathersEveryInputOfATickAtMaxWeight(t *testing.T) {
	spec := canarySpec()
	spec.Webhooks = append(spec.Webhooks,
		rollout.Webhook{Name: "traffic-gate", Type: rollout.ConfirmTrafficIncrease, URL: "http://gate/"},
		rollout.Webhook{Name: "promotion-gate", Type: rollout.ConfirmPromotion, URL: "http://gate/"},
		rollout.Webhook{Name: "abort", Type: rollout.RollbackHook, URL: "http://abort/"})
	r := newRig(spec)
	r.Hooks.SetResult("abort", rollout.HookFail)
	_, err := r.tick(t, r.runner(t))
	require.NoError(t, err)
	r.Workload.SetRevision("r2")
	phases := r.drive(t, false, 20)
	assert.Equal(t, rollout.Succeeded, phases[len(phases)-1], "every gate was asked and passed")
	assert.Equal(t, 1, r.Hooks.Count("promotion-gate"))
	assert.Equal(t, []string{"r2"}, r.Workload.Promotions())
}

// A record stored before routes were traffic.Split values still loads, so
// a controller upgraded mid-rollout continues where it stopped.
func TestRecordReadsLegacyRoutes(t *testing.T) {
	var rec runner.Record
	require.NoError(t, json.Unmarshal([]byte(`{"status":{"phase":"Progressing","routes":{"primary":100,"canary":0,"mirror":true}},
		"pending":[{"kind":"SetRoutes","routes":{"primary":100,"canary":0,"mirror":true,"mirrorWeight":25}},
		{"kind":"SetRoutes","routes":{"primary":90,"canary":10,"mirror":false}}]}`), &rec))
	assert.True(t, traffic.Mirrored(100).Equal(rec.Status.Routes), "mirror weight 0 meant everything: %s", rec.Status.Routes)
	require.Len(t, rec.Pending, 2)
	assert.True(t, traffic.Mirrored(25).Equal(*rec.Pending[0].Routes))
	assert.True(t, traffic.Weighted(10).Equal(*rec.Pending[1].Routes))

	data, err := json.Marshal(rec)
	require.NoError(t, err)
	var again runner.Record
	require.NoError(t, json.Unmarshal(data, &again))
	assert.Equal(t, rec, again, "a record round-trips in the current form")

	assert.Error(t, json.Unmarshal([]byte(`{"status":{"phase":7}}`), &again), "other errors are still errors")
}

// A rollout at rest (initialised, or finished and waiting for a new revision) decides nothing new
// tick after tick: those ticks write nothing, so a fleet of idle rollouts costs no writes. The
// next revision is still seen on the next tick, and its run saves as before.
func TestRunnerSavesNothingOnTicksAtRest(t *testing.T) {
	r := newRig(canarySpec())
	run := r.runner(t)
	_, err := r.tick(t, run)
	require.NoError(t, err)
	saved := r.Store.Calls().Count(rollouttest.OpSave)
	for range 3 {
		rep, err := r.tick(t, run)
		require.NoError(t, err)
		assert.Equal(t, rollout.Initialized, rep.Status.Phase)
	}
	assert.Equal(t, saved, r.Store.Calls().Count(rollouttest.OpSave), "ticks at rest save nothing")
	assert.LessOrEqual(t, run.Due(mustRecord(t, r), r.now), time.Duration(0), "a target at rest is due at every wake-up: a tick there only reads")

	r.Workload.SetRevision("r2")
	rep, err := r.tick(t, run)
	require.NoError(t, err)
	assert.Equal(t, rollout.Progressing, rep.Status.Phase, "the new revision is seen at once")
	assert.Greater(t, r.Store.Calls().Count(rollouttest.OpSave), saved)
}

func mustRecord(t *testing.T, r *rig) runner.Record {
	t.Helper()
	rec, found, err := r.Store.Record()
	require.NoError(t, err)
	require.True(t, found)
	return rec
}
