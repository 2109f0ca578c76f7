package rollout_test

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// byteReader hands out fuzz bytes, zero when exhausted.
type byteReader struct{ data []byte }

func (r *byteReader) next() byte {
	if len(r.data) == 0 {
		return 0
	}
	b := r.data[0]
	r.data = r.data[1:]
	return b
}

func (r *byteReader) empty() bool { return len(r.data) == 0 }

// fuzzSpec builds a valid spec from the first bytes.
func fuzzSpec(r *byteReader) rollout.Spec {
	flags := r.next()
	s := rollout.Spec{
		Threshold:           int(r.next() % 5),
		MaxWeight:           int(r.next() % 101),
		StepWeight:          int(r.next() % 60),
		StepWeightPromotion: int(r.next() % 40),
		Iterations:          int(r.next() % 4),
		Mirror:              flags&1 != 0,
		SkipAnalysis:        flags&2 != 0 && flags&4 != 0,
		Metrics: []rollout.Metric{
			{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)},
			{Name: "request-duration", ThresholdRange: observe.AtMost(500)},
		},
		Webhooks: []rollout.Webhook{
			{Name: "cr", Type: rollout.ConfirmRollout}, {Name: "pre", Type: rollout.PreRollout},
			{Name: "load", Type: rollout.RolloutHook}, {Name: "cti", Type: rollout.ConfirmTrafficIncrease},
			{Name: "cp", Type: rollout.ConfirmPromotion}, {Name: "rb", Type: rollout.RollbackHook},
		},
	}
	if flags&8 != 0 {
		s.StepWeights = []int{5, 20, 40, 80}
	}
	if flags&16 != 0 {
		s.Match = []traffic.Match{{Cookie: "canary=always"}}
	}
	if s.StepWeight == 0 && len(s.StepWeights) == 0 && s.Iterations == 0 {
		s.StepWeight = 10 // a spec that can never advance is refused by Validate
	}
	s.Options.ConsecutiveFailures = flags&32 != 0
	s.Options.ClampToMaxWeight = flags&64 != 0
	s.Options.TruthfulWeight = flags&128 != 0
	switch r.next() % 4 {
	case 1:
		s.Options.NoData = rollout.NoDataHold
	case 2:
		s.Options.NoData = rollout.NoDataPass
	case 3:
		s.Options.Mode = rollout.MeasurementMode
	}
	switch r.next() % 3 {
	case 1:
		s.Options.GateTimeout = metav1.Duration{Duration: 3 * time.Minute}
	case 2:
		s.Options.GateTimeout = metav1.Duration{Duration: 90 * time.Second}
	}
	return s
}

// fuzzObservation builds one tick from four bytes: readiness, metrics
// (with NaN and infinities among the values), webhooks and intents, and the
// routes read back (mostly what was set; sometimes a hand edit). The last
// byte is returned too: it also says whether the clock jumps after the tick
// and whether the workload refuses a promotion.
func fuzzObservation(r *byteReader, spec *rollout.Spec, rev string, now time.Time) (rollout.Observation, byte) {
	a, b, c, d := r.next(), r.next(), r.next(), r.next()
	readiness := func(v byte) rollout.Readiness {
		return [...]rollout.Readiness{rollout.Ready, rollout.Ready, rollout.Ready, rollout.NotReady, rollout.Fatal}[v%5]
	}
	hook := func(bit byte) rollout.HookResult {
		if c&bit != 0 {
			return rollout.HookFail
		}
		return rollout.HookPass
	}
	rb := rollout.HookFail
	if a%23 == 0 {
		rb = rollout.HookPass
	}
	obs := rollout.Observation{
		Time: now, Revision: rev, Primary: readiness(a), Canary: readiness(a / 5), Routes: readBack(d, spec),
		Hooks: map[string]rollout.HookResult{"cr": hook(1), "pre": hook(2), "load": hook(4), "cti": hook(8),
			"cp": hook(16), "rb": rb},
		Metrics: map[string]observe.Sample{"request-success-rate": fuzzSample(b), "request-duration": fuzzSample(b / 10)},
		Intents: rollout.Intents{Promote: c == 0xff, Abort: c == 0xfe, Retry: c == 0xfd, Skip: c == 0xfc},
	}
	return obs, d
}

// fuzzSample is a metric reading: no data, an error, a failing or passing
// value, NaN (as a source should report it, and raw, as a careless one
// might), or an infinity.
func fuzzSample(v byte) observe.Sample {
	switch v % 10 {
	case 0:
		return observe.Empty()
	case 1:
		return observe.Failure(nil)
	case 2:
		return observe.Value(90)
	case 3:
		return observe.Value(math.NaN())
	case 4:
		return observe.Sample{Kind: observe.HasValue, Value: math.NaN()}
	case 5:
		return observe.Value(math.Inf(1))
	case 6:
		return observe.Value(math.Inf(-1))
	}
	return observe.Value(99.5)
}

// readBack is what the router reports: half the time nothing new (nil: the
// routes set last), otherwise routes someone edited by hand.
func readBack(d byte, spec *rollout.Spec) *traffic.Split {
	var s traffic.Split
	switch d % 8 {
	case 4:
		s = traffic.Weighted(int(d) % 101)
	case 5:
		s = traffic.Mirrored(float64(d%100) + 0.5)
	case 6:
		s = traffic.PrimaryOnly()
	case 7:
		s = traffic.Split{Canary: 100, Match: spec.Match}
	default:
		return nil
	}
	return &s
}

// fuzzClock advances the clock one interval, or jumps it an hour either way.
func fuzzClock(now time.Time, d byte, interval time.Duration) time.Time {
	switch (d >> 3) % 16 {
	case 14:
		return now.Add(time.Hour)
	case 15:
		return now.Add(-time.Hour)
	}
	return now.Add(interval)
}

// FuzzStep drives random specs through random observation sequences —
// failing and NaN metrics, hand-edited routes, clock jumps, operator
// intents, and promotions a workload refuses — and checks the engine's
// invariants after every tick.
func FuzzStep(f *testing.F) {
	f.Add([]byte{0, 2, 50, 10, 0, 0, 0, 1, 0, 0, 0, 3, 3, 0, 3, 3, 0, 0})
	f.Add([]byte{1, 1, 30, 10, 10, 0, 0, 7, 1, 0, 0, 3, 2, 0, 4, 3, 3, 16, 5, 0, 3, 0, 6, 4, 5, 0, 7})
	f.Add([]byte{8, 3, 0, 0, 0, 2, 1, 1, 2, 1, 1, 2, 2, 2, 0, 0, 0, 0})
	f.Add([]byte{16, 0, 0, 0, 20, 2, 3, 0, 0, 0, 0, 2, 4, 8, 0, 0, 16, 0, 0, 0, 0})
	f.Add([]byte{255, 4, 100, 59, 39, 3, 2, 1, 22, 1, 255, 0, 0, 0, 254, 0, 0, 0, 253, 9, 9, 0, 252, 0})
	f.Add([]byte{64, 1, 50, 30, 0, 0, 0, 0, 1, 7, 7, 0, 4, 1, 7, 7, 0, 84, 1, 7, 7, 0, 0}) // clamped, hand edits
	f.Add([]byte{0, 1, 0, 10, 0, 0, 0, 1, 1, 7, 0, 1, 0, 1, 7, 0, 1, 120, 1, 7, 0, 1, 112, 1, 7, 0, 1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{data: data}
		spec := fuzzSpec(r)
		require.NoError(t, spec.Validate())
		st := rollout.InitialStatus("r1")
		now := time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)
		st.LastTransitionTime = now
		revs := []string{"r1", "r2", "r3"}
		var inv invariants
		for tick := 0; !r.empty() && tick < 200; tick++ {
			rev := revs[int(r.next())%len(revs)]
			obs, extra := fuzzObservation(r, &spec, rev, now)
			res, err := rollout.Step(spec, st, obs)
			require.NoError(t, err)
			checkInvariants(t, spec, st, obs, res)
			inv.check(t, spec, st, obs, res)
			st = res.Status
			if promotes(res) && extra&0xc0 == 0xc0 {
				st = rollout.RefusedPromotion(st) // the workload's template moved on
			} else if promotes(res) {
				inv.promoted = true
			}
			now = fuzzClock(now, extra, spec.EffectiveInterval())
		}
	})
}

func promotes(res rollout.Result) bool {
	for _, a := range res.Actions {
		if a.Kind == rollout.PromoteCanarySpec {
			return true
		}
	}
	return false
}

// invariants holds what FuzzStep tracks across ticks.
type invariants struct {
	// rolledBack is set by a rollback and cleared when a new run starts.
	rolledBack bool
	// gateTicks counts the ticks that started at the current gate.
	gateTicks int
	// promoted is set by a promotion the workload carried out and cleared when a new run starts:
	// a run promotes its revision at most once (a refused promotion does not count).
	promoted bool
}

func (v *invariants) check(t *testing.T, spec rollout.Spec, in rollout.Status, obs rollout.Observation, res rollout.Result) {
	t.Helper()
	out := res.Status
	require.NoError(t, out.Validate(), "Step returned a status it would refuse")
	newRun := (in.Phase == rollout.Initialized || in.Phase == rollout.Succeeded || in.Phase == rollout.Failed) && out.Phase != in.Phase
	if newRun {
		v.rolledBack, v.promoted = false, false
	}
	for _, a := range res.Actions {
		if a.Kind != rollout.PromoteCanarySpec {
			continue
		}
		require.False(t, v.rolledBack, "promotion after a rollback, without a new run: %+v", in)
		// With skipAnalysis a run promoted by an operator's intent is promoted again by the skip rule
		// on its next tick, as in Flagger (flagger pkg/controller/scheduler.go: shouldSkipAnalysis runs
		// before the Promoting phase); the second copy is of the same revision and changes nothing.
		require.False(t, v.promoted && !spec.SkipAnalysis, "a second promotion in one run: %+v", in)
		require.Equal(t, obs.Revision, a.Revision, "a promotion names the revision observed")
		require.Equal(t, a.Revision, out.LastAppliedRevision, "a promotion is of the run's revision")
		if !spec.SkipAnalysis {
			require.True(t, in.Phase == rollout.Progressing || in.Phase == rollout.WaitingPromotion || in.Phase == rollout.Inconclusive,
				"promotion from %s", in.Phase)
			require.Equal(t, in.LastAppliedRevision, a.Revision, "only the revision analysed is promoted")
		}
	}
	if out.Phase == rollout.Failed && in.Phase != rollout.Failed {
		v.rolledBack = true
	}
	checkClamp(t, spec, in, obs, res)
	v.checkGate(t, spec, in, res)
}

// checkClamp: with ClampToMaxWeight a canary step never raises the canary
// above maxWeight, whatever was routed by hand (moving traffic back, or
// failing forward to a canary that outlived its primary, may).
func checkClamp(t *testing.T, spec rollout.Spec, in rollout.Status, obs rollout.Observation, res rollout.Result) {
	t.Helper()
	if !spec.Options.ClampToMaxWeight || spec.Strategy() != rollout.Canary {
		return
	}
	inForce := in.Routes
	if obs.Routes != nil {
		inForce = *obs.Routes
	}
	for _, a := range res.Actions {
		if a.Kind != rollout.SetRoutes || a.Routes.Canary <= spec.EffectiveMaxWeight() || a.Routes.Canary <= inForce.Canary {
			continue
		}
		require.True(t, hasReason(res, rollout.ReasonPrimaryFailedLate), "canary raised to %d above maxWeight %d",
			a.Routes.Canary, spec.EffectiveMaxWeight())
	}
}

// checkGate: a gate times out only after enough ticks at it: each counts
// one interval at most, whatever the clock did.
func (v *invariants) checkGate(t *testing.T, spec rollout.Spec, in rollout.Status, res rollout.Result) {
	t.Helper()
	if in.Phase != rollout.Waiting && in.Phase != rollout.WaitingPromotion {
		v.gateTicks = 0
		return
	}
	v.gateTicks++
	if hasReason(res, rollout.ReasonGateTimeout) {
		require.GreaterOrEqual(t, time.Duration(v.gateTicks)*spec.EffectiveInterval(), spec.Options.GateTimeout.Duration,
			"gate timed out after %d ticks", v.gateTicks)
	}
}

func hasReason(res rollout.Result, reason rollout.Reason) bool {
	for _, e := range res.Events {
		if e.Reason == reason {
			return true
		}
	}
	return false
}

func checkInvariants(t *testing.T, spec rollout.Spec, in rollout.Status, obs rollout.Observation, res rollout.Result) {
	t.Helper()
	out := res.Status
	for _, w := range []int{out.CanaryWeight, out.Routes.Canary, out.Routes.Primary} {
		require.True(t, w >= 0 && w <= 100, "weight %d outside 0..100: %+v", w, out)
	}
	require.Equal(t, 100, out.Routes.Primary+out.Routes.Canary, "status routes do not add up to 100: %+v", out.Routes)
	for _, a := range res.Actions {
		if a.Kind == rollout.SetRoutes {
			require.True(t, a.Routes.Canary >= 0 && a.Routes.Canary <= 100 && a.Routes.Primary >= 0 && a.Routes.Primary <= 100)
			require.Equal(t, 100, a.Routes.Primary+a.Routes.Canary, "routes set do not add up to 100: %s", a.Routes)
		}
	}
	require.LessOrEqual(t, out.FailedChecks, spec.EffectiveThreshold()+1, "failed checks overshoot the threshold")
	require.LessOrEqual(t, out.FailedChecks, in.FailedChecks+1, "more than one failed check in a tick")
	if in.Phase == rollout.Failed || in.Phase == rollout.Succeeded {
		fresh := obs.Revision != in.LastAppliedRevision && obs.Revision != in.LastPromotedRevision
		retried := in.Phase == rollout.Failed && obs.Intents.Retry
		if !fresh && !retried {
			require.Equal(t, in.Phase, out.Phase, "an idle run moved without a new revision")
			require.Empty(t, res.Actions, "an idle run acted without a new revision")
		}
	}
}
