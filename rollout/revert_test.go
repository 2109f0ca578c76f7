package rollout_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// Issue 13, fault 4: r1 is promoted, r2 is in a run, and the user reverts
// the template to r1. The run must end without promoting anything and
// record that the primary runs r1, so that applying r2 again starts a new
// run (Flagger keeps analysing r1 under r2's name, records r2 as promoted
// and then never ships r2).
func TestRevertToThePromotedRevisionEndsTheRun(t *testing.T) {
	spec := rollout.Spec{StepWeight: 25, MaxWeight: 50,
		Webhooks: []rollout.Webhook{{Name: "gate", Type: rollout.ConfirmPromotion}}}
	inRun := func(phase rollout.Phase, canary int) rollout.Status {
		return rollout.Status{Phase: phase, Routes: traffic.Weighted(canary), LastAppliedRevision: "r2",
			LastPromotedRevision: "r1", FailedChecks: 1}
	}
	cases := map[string]rollout.Status{
		"progressing":       inRun(rollout.Progressing, 25),
		"waiting promotion": inRun(rollout.WaitingPromotion, 50),
		"waiting approval":  inRun(rollout.Waiting, 0),
	}
	for name, st := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := rollout.Step(spec, st, seen("r1", nil))
			require.NoError(t, err)
			out := res.Status
			assert.Equal(t, rollout.Initialized, out.Phase, "the run is over; nothing is analysed")
			assert.Equal(t, "r1", out.LastAppliedRevision)
			assert.Equal(t, "r1", out.LastPromotedRevision, "the primary runs r1")
			assert.Equal(t, traffic.PrimaryOnly(), out.Routes)
			assert.Zero(t, out.FailedChecks)
			assert.Equal(t, []rollout.ActionKind{rollout.SetRoutes, rollout.ScaleCanaryToZero, rollout.Alert}, kinds(res.Actions))
			require.NotEmpty(t, res.Events)
			assert.Equal(t, rollout.ReasonReverted, res.Events[0].Reason)
			assert.Contains(t, res.Events[0].Message(), "r1")

			// Nothing happens at r1; r2 applied again is a new run.
			res, err = rollout.Step(spec, out, seen("r1", nil))
			require.NoError(t, err)
			assert.Empty(t, res.Actions)
			res, err = rollout.Step(spec, res.Status, seen("r2", nil))
			require.NoError(t, err)
			assert.Equal(t, rollout.Progressing, res.Status.Phase)
			assert.Equal(t, []rollout.ActionKind{rollout.ScaleCanaryUp, rollout.Alert}, kinds(res.Actions))
		})
	}
}

func seen(rev string, routes *traffic.Split) rollout.Observation {
	return rollout.Observation{Revision: rev, Primary: rollout.Ready, Canary: rollout.Ready, Routes: routes,
		Hooks: map[string]rollout.HookResult{"gate": rollout.HookFail}}
}
