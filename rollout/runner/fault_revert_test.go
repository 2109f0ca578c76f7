package runner_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// Issue 13, fault 4, through the Runner: r1 promoted, r2 analysing, the
// user reverts the template to r1. The run ends without a promotion and the
// record says the primary runs r1; applying r2 again analyses and ships it.
func TestFaultRevertMidRunEndsTheRunAndTheNextApplyShips(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec()
	w.tickOK(t, w.runnerFor(t, spec, nil))
	w.push("r2")
	w.tickOK(t, w.runnerFor(t, spec, nil)) // the run starts
	w.tickOK(t, w.runnerFor(t, spec, nil)) // 25% to r2
	require.Equal(t, traffic.Weighted(25), w.routes)

	w.push("r1")
	rep := w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Equal(t, rollout.Initialized, rep.Status.Phase)
	assert.Contains(t, reasons(rep), rollout.ReasonReverted)
	assert.Equal(t, traffic.PrimaryOnly(), w.routes)
	assert.False(t, w.canaryUp)
	for i := 0; i < 5; i++ {
		rep = w.tickOK(t, w.runnerFor(t, spec, nil))
		assert.Empty(t, rep.Actions, "nothing to do at r1")
	}
	assert.Empty(t, w.promotions)
	rec := w.stored(t)
	assert.Equal(t, "r1", rec.Status.LastPromotedRevision, "the record says what the primary runs")
	assert.Equal(t, "r1", rec.Status.LastAppliedRevision)

	w.push("r2")
	rep = w.tickOK(t, w.runnerFor(t, spec, nil))
	assert.Equal(t, rollout.Progressing, rep.Status.Phase, "r2 applied again is a new run")
	shipsAfterAnalysis(t, w, spec, "r2")
}
