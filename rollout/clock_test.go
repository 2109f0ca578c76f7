package rollout_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/rollout"
)

// Issue 13, fault 6: a clock jump must not decide a gate timeout. The wait
// at a gate grows by the time between ticks, at most one interval per tick
// and never less than zero, so a jump forward counts as one interval and a
// jump back as none; the gate times out after the ticks a steady clock
// would need, give or take one.
func TestGateTimeoutToleratesClockJumps(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10,
		Webhooks: []rollout.Webhook{{Name: "approve", Type: rollout.ConfirmRollout}},
		Options:  rollout.Options{GateTimeout: metav1.Duration{Duration: 5 * time.Minute}}}
	t0 := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)
	cases := map[string]struct {
		jump time.Duration
		// waitingAfterJump is how many one-minute ticks after the jump
		// still wait; the next one rolls back.
		waitingAfterJump int
	}{
		"forward an hour": {jump: time.Hour, waitingAfterJump: 3},  // 1m (capped) + 1+1+1 = 4m < 5m
		"back an hour":    {jump: -time.Hour, waitingAfterJump: 4}, // 0 + 1+1+1+1 = 4m < 5m
		"forward a day":   {jump: 24 * time.Hour, waitingAfterJump: 3},
		"steady":          {jump: time.Minute, waitingAfterJump: 3}, // control: 1m + 3m = 4m
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			st := rollout.InitialStatus("r1")
			st.LastTransitionTime = t0
			gateFails := func(at time.Time) rollout.Observation {
				return rollout.Observation{Time: at, Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready,
					Hooks: map[string]rollout.HookResult{"approve": rollout.HookFail}}
			}
			now := t0.Add(time.Minute)
			res, err := rollout.Step(spec, st, gateFails(now))
			require.NoError(t, err)
			require.Equal(t, rollout.Waiting, res.Status.Phase)

			now = now.Add(tc.jump)
			for i := 0; i <= tc.waitingAfterJump; i++ {
				res, err = rollout.Step(spec, res.Status, gateFails(now))
				require.NoError(t, err)
				require.Equal(t, rollout.Waiting, res.Status.Phase, "tick %d after the jump, waited %s", i, res.Status.GateWait.Duration)
				now = now.Add(time.Minute)
			}
			res, err = rollout.Step(spec, res.Status, gateFails(now))
			require.NoError(t, err)
			assert.Equal(t, rollout.Failed, res.Status.Phase, "five minutes of ticks at the gate time out")
			require.NotEmpty(t, res.Events)
			assert.Equal(t, rollout.ReasonGateTimeout, res.Events[0].Reason)
		})
	}
}
