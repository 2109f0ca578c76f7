package runner_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Issue 13, fault 6: after the clock jumps back an hour the next tick was
// due in 1h1m. Due is never more than one interval away; a last tick more
// than an interval in the future means the clock went back, and the target
// is due at once rather than when the clock catches up.
func TestFaultDueToleratesClockJumps(t *testing.T) {
	w, spec := newWorld("r1"), faultSpec() // interval: the default minute
	run := w.runnerFor(t, spec, nil)
	now := time.Date(2026, 3, 29, 2, 0, 0, 0, time.UTC)
	ticked := func(ago time.Duration) runner.Record { return runner.Record{LastTick: now.Add(-ago)} }
	cases := map[string]struct {
		rec  runner.Record
		want func(t *testing.T, due time.Duration)
	}{
		"steady clock": {ticked(10 * time.Second), func(t *testing.T, due time.Duration) {
			assert.Equal(t, 50*time.Second, due)
		}},
		"back an hour": {ticked(-time.Hour + 10*time.Second), func(t *testing.T, due time.Duration) {
			assert.LessOrEqual(t, due, time.Duration(0), "due at once, not in an hour")
		}},
		"back two seconds (a replica whose clock is behind)": {ticked(-2 * time.Second), func(t *testing.T, due time.Duration) {
			assert.Equal(t, time.Minute, due, "one interval at most, and not at once: no second tick right after the first")
		}},
		"forward an hour": {ticked(time.Hour), func(t *testing.T, due time.Duration) {
			assert.LessOrEqual(t, due, time.Duration(0))
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			due := run.Due(tc.rec, now)
			assert.LessOrEqual(t, due, time.Minute, "never more than one interval away")
			tc.want(t, due)
		})
	}
}
