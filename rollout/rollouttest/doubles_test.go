package rollouttest_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

func TestWorkloadPromotesOnlyTheRevisionAsked(t *testing.T) {
	ctx := context.Background()
	w := rollouttest.NewWorkload("r1")
	w.SetRevision("r2")
	require.NoError(t, w.PromoteSpec(ctx, "r2"))
	w.SetRevision("r3")
	err := w.PromoteSpec(ctx, "r2")
	require.ErrorIs(t, err, runner.ErrRevisionChanged, "the canary moved on to r3")
	assert.Equal(t, "r2", w.PrimaryRevision(), "a refused promotion changes nothing")
	assert.Equal(t, []string{"r2"}, w.Promotions())
	st, err := w.Observe(ctx)
	require.NoError(t, err)
	assert.Equal(t, runner.WorkloadState{Revision: "r3", Primary: rollout.Ready, Canary: rollout.Ready}, st)
}

func TestFailNextFailsTheNextCallsOnly(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	tests := []struct {
		name string
		fail func(d *rollouttest.Doubles)
		call func(d *rollouttest.Doubles) error
		op   rollouttest.Op
	}{
		{"observe", func(d *rollouttest.Doubles) { d.Workload.FailNext(rollouttest.OpObserve, boom) },
			func(d *rollouttest.Doubles) error { _, err := d.Workload.Observe(ctx); return err }, rollouttest.OpObserve},
		{"scale", func(d *rollouttest.Doubles) { d.Workload.FailNext(rollouttest.OpScaleCanary, boom) },
			func(d *rollouttest.Doubles) error { return d.Workload.ScaleCanary(ctx, true) }, rollouttest.OpScaleCanary},
		{"promote", func(d *rollouttest.Doubles) { d.Workload.FailNext(rollouttest.OpPromoteSpec, boom) },
			func(d *rollouttest.Doubles) error { return d.Workload.PromoteSpec(ctx, "r1") }, rollouttest.OpPromoteSpec},
		{"get routes", func(d *rollouttest.Doubles) { d.Router.FailNext(rollouttest.OpGetRoutes, boom) },
			func(d *rollouttest.Doubles) error { _, err := d.Router.GetRoutes(ctx); return err }, rollouttest.OpGetRoutes},
		{"set routes", func(d *rollouttest.Doubles) { d.Router.FailNext(rollouttest.OpSetRoutes, boom) },
			func(d *rollouttest.Doubles) error { return d.Router.SetRoutes(ctx, traffic.Weighted(10)) }, rollouttest.OpSetRoutes},
		{"compare and set routes", func(d *rollouttest.Doubles) { d.Router.FailNext(rollouttest.OpCompareAndSetRoutes, boom) },
			func(d *rollouttest.Doubles) error {
				return d.Router.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), traffic.Weighted(10))
			}, rollouttest.OpCompareAndSetRoutes},
		{"load", func(d *rollouttest.Doubles) { d.Store.FailNext(rollouttest.OpLoad, boom) },
			func(d *rollouttest.Doubles) error { _, _, err := d.Store.Load(ctx); return err }, rollouttest.OpLoad},
		{"save", func(d *rollouttest.Doubles) { d.Store.FailNext(rollouttest.OpSave, boom) },
			func(d *rollouttest.Doubles) error { return d.Store.Save(ctx, runner.Record{}) }, rollouttest.OpSave},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := rollouttest.New("r1")
			tt.fail(d)
			err := tt.call(d)
			require.ErrorIs(t, err, boom)
			assert.Contains(t, err.Error(), string(tt.op))
			require.NoError(t, tt.call(d), "one failure per FailNext")
			calls := d.Calls().Of(tt.op)
			require.Len(t, calls, 2)
			assert.ErrorIs(t, calls[0].Err, boom, "the journal records the failure")
			assert.Equal(t, 1, d.Calls().Count(tt.op), "Count counts successes")
		})
	}
}

func TestFailNextWithoutAnErrorInjectsErrInjected(t *testing.T) {
	r := rollouttest.NewRouter()
	r.FailNext(rollouttest.OpSetRoutes, nil)
	r.FailNext(rollouttest.OpSetRoutes, nil)
	for range 2 {
		require.ErrorIs(t, r.SetRoutes(context.Background(), traffic.Weighted(10)), rollouttest.ErrInjected)
	}
	assert.Equal(t, traffic.PrimaryOnly(), r.Routes(), "a failed SetRoutes changes nothing")
	assert.Empty(t, r.History())
}

func TestDoublesHonourACancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := rollouttest.New("r1")
	_, err := d.Workload.Observe(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, d.Router.SetRoutes(ctx, traffic.Weighted(10)), context.Canceled)
	require.ErrorIs(t, d.Store.Save(ctx, runner.Record{}), context.Canceled)
	_, err = d.Hooks.Call(ctx, runner.HookRequest{Webhook: rollout.Webhook{Name: "w"}})
	require.ErrorIs(t, err, context.Canceled)
	s := d.Metrics.Query(ctx, observe.Query{Metric: "m"})
	assert.Equal(t, observe.QueryError, s.Kind, "a metric source fails as a sample, never a Go error")
}

func TestRouterRefusesAnInvalidSplit(t *testing.T) {
	r := rollouttest.NewRouter()
	err := r.SetRoutes(context.Background(), traffic.Split{Primary: 70, Canary: 20})
	require.ErrorIs(t, err, traffic.ErrInvalid)
	assert.Equal(t, traffic.PrimaryOnly(), r.Routes())
	r.Edit(traffic.Weighted(40))
	got, err := r.GetRoutes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, traffic.Weighted(40), got, "an edit outside the port is what GetRoutes reads")
	assert.Empty(t, r.History(), "edits are not SetRoutes calls")
}

func TestStoreKeepsTheRecordAsJSON(t *testing.T) {
	ctx := context.Background()
	s := rollouttest.NewStore()
	_, found, err := s.Load(ctx)
	require.NoError(t, err)
	assert.False(t, found)
	rec := runner.Record{Status: rollout.InitialStatus("r1"),
		Pending: []runner.PendingAction{{Kind: "SetRoutes", Routes: &traffic.Split{Primary: 100}}}}
	require.NoError(t, s.Save(ctx, rec))
	got, found, err := s.Load(ctx)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, rec, got)
	assert.Contains(t, string(s.Raw()), `"pending":[{"kind":"SetRoutes","routes":{"primary":100,"canary":0}}]`, "stored as JSON")

	s.SetRaw([]byte(`{"status":`))
	_, _, err = s.Load(ctx)
	require.Error(t, err, "a corrupt record is an error, as in an annotation")
	s.SetRaw(nil)
	_, found, err = s.Load(ctx)
	require.NoError(t, err)
	assert.False(t, found, "a deleted record is not found")
}

func TestMetricsAndHooksAnswerAsSet(t *testing.T) {
	ctx := context.Background()
	m := rollouttest.NewMetrics(map[string]float64{"a": 1})
	m.SetSample("b", observe.Failure(errors.New("down")))
	assert.Equal(t, observe.Value(1), m.Query(ctx, observe.Query{Metric: "a"}))
	assert.Equal(t, observe.QueryError, m.Query(ctx, observe.Query{Metric: "b"}).Kind)
	assert.Equal(t, observe.NoData, m.Query(ctx, observe.Query{Metric: "c"}).Kind)
	assert.Len(t, m.Queries(), 3)

	h := rollouttest.NewHooks()
	call := func(name string) (rollout.HookResult, error) {
		return h.Call(ctx, runner.HookRequest{Webhook: rollout.Webhook{Name: name}})
	}
	res, err := call("gate")
	require.NoError(t, err)
	assert.Equal(t, rollout.HookPass, res, "webhooks pass by default")
	h.SetResult("gate", rollout.HookFail)
	res, _ = call("gate")
	assert.Equal(t, rollout.HookFail, res)
	h.SetError("load", context.DeadlineExceeded)
	res, err = call("load")
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, rollout.HookFail, res)
	assert.Equal(t, 2, h.Count("gate"))
	assert.Len(t, h.Calls(), 3)
}

// The doubles are shared by concurrent Runners in controllers' tests; run
// with -race.
func TestDoublesAreSafeForConcurrentUse(t *testing.T) {
	ctx := context.Background()
	d := rollouttest.New("r1")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 50 {
				_, _ = d.Workload.Observe(ctx)
				_ = d.Workload.ScaleCanary(ctx, j%2 == 0)
				_ = d.Router.SetRoutes(ctx, traffic.Weighted(10*(i%5)))
				_, _ = d.Router.GetRoutes(ctx)
				_ = d.Metrics.Query(ctx, observe.Query{Metric: "m"})
				_, _ = d.Hooks.Call(ctx, runner.HookRequest{})
				_ = d.Store.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")})
				_, _, _ = d.Store.Load(ctx)
				d.Workload.SetRevision("r2")
				_ = d.Calls()
			}
		})
	}
	wg.Wait()
	assert.Len(t, d.Calls(), 8*50*8)
	assert.Len(t, d.Router.History(), 8*50)
}

func TestRouterCompareAndSetRoutes(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name     string
		inForce  traffic.Split
		from, to traffic.Split
		wantErr  error
		want     traffic.Split
		history  int
	}{
		{"from the expected routes", traffic.Weighted(10), traffic.Weighted(10), traffic.Weighted(20), nil, traffic.Weighted(20), 1},
		{"a replayed step", traffic.Weighted(20), traffic.Weighted(10), traffic.Weighted(20), nil, traffic.Weighted(20), 0},
		{"routes edited by someone else", traffic.Weighted(40), traffic.Weighted(10), traffic.Weighted(20),
			traffic.ErrRoutesChanged, traffic.Weighted(40), 0},
		{"an invalid split", traffic.Weighted(10), traffic.Weighted(10), traffic.Split{Primary: 50}, traffic.ErrInvalid,
			traffic.Weighted(10), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rollouttest.NewRouter()
			r.Edit(tt.inForce)
			err := r.CompareAndSetRoutes(ctx, tt.from, tt.to)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			if errors.Is(tt.wantErr, traffic.ErrRoutesChanged) {
				var ce *traffic.ChangedError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, tt.inForce, ce.Found)
			}
			assert.Equal(t, tt.want, r.Routes())
			assert.Len(t, r.History(), tt.history)
		})
	}
}
