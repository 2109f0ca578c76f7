package runner_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// toMaxWeight initialises the world at r1, pushes r2 and ticks until r2's
// canary has the max weight (the next tick decides the promotion).
func toMaxWeight(t *testing.T, w *world, spec rollout.Spec) {
	t.Helper()
	w.tickOK(t, w.runnerFor(t, spec, nil))
	w.push("r2")
	for w.routes.Canary < spec.MaxWeight {
		w.tickOK(t, w.runnerFor(t, spec, nil))
	}
}

// shipsAfterAnalysis drives the world to the end of the run and checks that
// rev was promoted exactly once, after its canary had the max weight.
func shipsAfterAnalysis(t *testing.T, w *world, spec rollout.Spec, rev string) {
	t.Helper()
	from := len(w.sets)
	var rep runner.TickReport
	for i := 0; i < 10 && rep.Status.Phase != rollout.Succeeded; i++ {
		rep = w.tickOK(t, w.runnerFor(t, spec, nil))
	}
	require.Equal(t, rollout.Succeeded, rep.Status.Phase)
	assert.Equal(t, []string{rev}, w.promotions, "only %s is promoted", rev)
	assert.Contains(t, w.sets[from:], traffic.Weighted(spec.MaxWeight), "%s was analysed at the max weight", rev)
	assert.Equal(t, rev, rep.Status.LastPromotedRevision)
	assert.Equal(t, rev, w.primaryRev)
}

// Issue 13, fault 1: the promotion of r2 is decided, the promote call fails,
// the developer pushes r3, and the next tick replays the promotion. The
// primary must never get r3 unanalysed: the workload refuses (the template
// moved on) and the Runner restarts the analysis for r3.
func TestFaultReplayedPromotionNeverShipsANewerRevision(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	toMaxWeight(t, w, spec)
	w.failPromote = 1
	_, err := w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
	require.ErrorIs(t, err, runner.ErrPort, "the promote call fails after the decision was saved")
	require.Equal(t, "r2", w.stored(t).Pending[0].Revision, "the pending promotion names the revision analysed")

	w.push("r3")
	rep := w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Empty(t, w.promotions, "r3 was not analysed: it must not reach the primary")
	assert.Equal(t, "r1", w.primaryRev)
	assert.Contains(t, reasons(rep), rollout.ReasonPromotionRefused)
	assert.Contains(t, reasons(rep), rollout.ReasonRestart)
	assert.Equal(t, rollout.Progressing, rep.Status.Phase)
	assert.Equal(t, "r3", rep.Status.LastAppliedRevision)
	assert.Equal(t, traffic.PrimaryOnly(), w.routes, "the restart routes everything to the primary")

	shipsAfterAnalysis(t, w, spec, "r3")
}

// The same fault without a crash: r3 is pushed while the promotion tick
// queries its metrics, so the promotion decided for r2 reaches a workload
// that already runs r3.
func TestFaultPushDuringThePromotionTickIsNotPromoted(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	toMaxWeight(t, w, spec)
	w.onQuery = func() { w.push("r3"); w.onQuery = nil }
	rep, err := w.tick(t, w.runnerFor(t, spec, nil), rollout.Intents{})
	require.NoError(t, err, "a refused promotion is an outcome, not a port failure")
	assert.Empty(t, w.promotions)
	assert.Contains(t, reasons(rep), rollout.ReasonPromotionRefused)
	rec := w.stored(t)
	assert.Empty(t, rec.Pending, "nothing of the refused promotion is replayed")
	assert.True(t, rec.Status.Phase == rollout.Progressing, "the run is analysing again, got %s", rec.Status.Phase)
	assert.Equal(t, rec.Status, rep.Status, "the report says what was stored")

	rep = w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Contains(t, reasons(rep), rollout.ReasonRestart)
	assert.Equal(t, "r3", rep.Status.LastAppliedRevision)
	shipsAfterAnalysis(t, w, spec, "r3")
}

// A record written before pending actions carried their revision has no
// revision on its pending promotion: it is never replayed blindly (the
// template may have moved on), but decided again from the world.
func TestFaultLegacyPendingPromotionIsDecidedAgain(t *testing.T) {
	legacy := `{"status":{"phase":"Promoting","routes":{"primary":50,"canary":50},` +
		`"lastAppliedRevision":"r2","lastPromotedRevision":"r1"},"pending":[{"kind":"PromoteCanarySpec"}]}`
	spec := faultSpec()

	t.Run("template moved on", func(t *testing.T) {
		w := newWorld("r3")
		w.primaryRev, w.routes, w.record = "r1", traffic.Weighted(50), []byte(legacy)
		rep := w.tickOK(t, w.runnerFor(t, spec, nil))
		assert.Empty(t, w.promotions)
		assert.Equal(t, "r3", rep.Status.LastAppliedRevision)
		assert.Equal(t, rollout.Progressing, rep.Status.Phase)
		shipsAfterAnalysis(t, w, spec, "r3")
	})
	t.Run("template unchanged", func(t *testing.T) {
		w := newWorld("r2")
		w.primaryRev, w.routes, w.record = "r1", traffic.Weighted(50), []byte(legacy)
		rep := w.tickOK(t, w.runnerFor(t, spec, nil))
		assert.Zero(t, rep.Replayed, "not replayed")
		assert.Contains(t, reasons(rep), rollout.ReasonPromote, "decided again, after this tick's checks")
		assert.Equal(t, []string{"r2"}, w.promotions)
	})
}
