package runner_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// toQuarter initialises the world at r1, pushes r2 and ticks until 25% of
// the requests reach r2's canary.
func toQuarter(t *testing.T, w *world, spec rollout.Spec, router runner.TrafficRouter) {
	t.Helper()
	w.tickOK(t, w.runnerFor(t, spec, router)) // r1 initialised
	w.push("r2")
	w.tickOK(t, w.runnerFor(t, spec, router)) // the run starts
	rep := w.tickOK(t, w.runnerFor(t, spec, router))
	require.Equal(t, traffic.Weighted(25), rep.Status.Routes)
}

// requireHeld checks that a tick held because the routes were changed by
// someone else.
func requireHeld(t *testing.T, rep runner.TickReport, err error, expected traffic.Split) {
	t.Helper()
	require.ErrorIs(t, err, runner.ErrRoutesDrifted)
	require.ErrorIs(t, err, traffic.ErrRoutesChanged, "the router's report is kept as the cause")
	var drift *runner.DriftError
	require.ErrorAs(t, err, &drift)
	assert.True(t, expected.Equal(drift.Expected), "expected %s, got %s", expected, drift.Expected)
	assert.Contains(t, reasons(rep), rollout.ReasonRoutesDrifted)
}

// Issue 13, fault 8: weights edited by hand mid-rollout. By default the
// Runner holds: it reports the drift (a typed error and an event), writes
// nothing over the edit, and continues once the routes are restored.
func TestFaultHandEditedWeightsHoldTheRollout(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	toQuarter(t, w, spec, nil)
	w.edit(traffic.PrimaryOnly()) // someone sends everything back to the primary
	sets := len(w.sets)
	for range 3 {
		rep, err := w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
		requireHeld(t, rep, err, traffic.Weighted(25))
		var changed *traffic.ChangedError
		require.ErrorAs(t, err, &changed)
		assert.Equal(t, traffic.PrimaryOnly(), changed.Found)
	}
	assert.Len(t, w.sets, sets, "nothing is written over the edit")
	assert.Equal(t, traffic.PrimaryOnly(), w.routes)

	w.edit(traffic.Weighted(25)) // restored
	w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Equal(t, traffic.Weighted(50), w.routes, "the rollout continues where it was")
}

// With options.routeDrift: Reassert the Runner sets its routes again, says
// so, and continues.
func TestFaultHandEditedWeightsAreReassertedWhenTheSpecSaysSo(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	spec.Options.RouteDrift = rollout.RouteDriftReassert
	toQuarter(t, w, spec, nil)
	w.edit(traffic.Weighted(90))
	sets := len(w.sets)
	rep := w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Contains(t, reasons(rep), rollout.ReasonRoutesReasserted)
	assert.Equal(t, []traffic.Split{traffic.Weighted(25), traffic.Weighted(50)}, w.sets[sets:],
		"the rollout's routes first, then its next step")
}

// An edit made while a tick decides (between reading the routes and setting
// the next step) is not overwritten: the decided step stays pending and is
// carried out once the routes are restored.
func TestFaultEditDuringATickIsNotOverwritten(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	toQuarter(t, w, spec, nil)
	w.onQuery = func() { w.edit(traffic.PrimaryOnly()); w.onQuery = nil }
	rep, err := w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
	requireHeld(t, rep, err, traffic.Weighted(25))
	assert.Equal(t, traffic.PrimaryOnly(), w.routes)
	rec := w.stored(t)
	require.Len(t, rec.Pending, 1)
	assert.Equal(t, traffic.Weighted(50), *rec.Pending[0].Routes, "the decided step waits")

	rep, err = w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
	requireHeld(t, rep, err, traffic.Weighted(25))
	assert.Equal(t, traffic.PrimaryOnly(), w.routes)

	w.edit(traffic.Weighted(25))
	rep = w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Equal(t, 1, rep.Replayed)
	assert.Contains(t, w.sets, traffic.Weighted(50))
}

// A step decided before a crash is not replayed over an edit made while the
// controller was down.
func TestFaultReplayAfterACrashDoesNotOverwriteAnEdit(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	toQuarter(t, w, spec, nil)
	w.failSet = 1
	_, err := w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
	require.ErrorIs(t, err, runner.ErrPort)
	w.edit(traffic.PrimaryOnly())
	sets := len(w.sets)
	rep, err := w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
	requireHeld(t, rep, err, traffic.Weighted(25))
	assert.Len(t, w.sets, sets)
	assert.Equal(t, traffic.PrimaryOnly(), w.routes)
}

// A router that can change routes on a condition (traffic/istio's) is asked
// to; the Runner does not read and write in two steps then.
func TestFaultConditionalRouterIsUsed(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	cas := &casRouter{world: w}
	toQuarter(t, w, spec, cas)
	w.tickOK(t, w.runnerFor(t, spec, cas))
	assert.Equal(t, traffic.Weighted(50), w.routes)
	assert.Equal(t, []traffic.Split{traffic.PrimaryOnly(), traffic.Weighted(25)}, cas.from,
		"each step is conditioned on the routes it was decided on")
}

// casRouter is the world's router with a CompareAndSetRoutes that records
// its conditions.
type casRouter struct {
	*world
	from []traffic.Split
}

func (c *casRouter) CompareAndSetRoutes(ctx context.Context, from, to traffic.Split) error {
	c.from = append(c.from, from)
	current, _ := c.GetRoutes(ctx)
	switch {
	case current.Equal(to):
		return nil
	case !current.Equal(from):
		return &traffic.ChangedError{Object: "test", Expected: from, Found: current}
	}
	return c.SetRoutes(ctx, to)
}
