package rollout_test

import (
	"testing"

	"github.com/stretchr/testify/require"

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
	return s
}

// fuzzObservation builds one tick from three bytes.
func fuzzObservation(r *byteReader, rev string) rollout.Observation {
	a, b, c := r.next(), r.next(), r.next()
	readiness := func(v byte) rollout.Readiness {
		return [...]rollout.Readiness{rollout.Ready, rollout.Ready, rollout.Ready, rollout.NotReady, rollout.Fatal}[v%5]
	}
	hook := func(bit byte) rollout.HookResult {
		if c&bit != 0 {
			return rollout.HookFail
		}
		return rollout.HookPass
	}
	sample := func(v byte) observe.Sample {
		switch v % 6 {
		case 0:
			return observe.Empty()
		case 1:
			return observe.Failure(nil)
		case 2:
			return observe.Value(90)
		}
		return observe.Value(99.5)
	}
	rb := rollout.HookFail
	if a%23 == 0 {
		rb = rollout.HookPass
	}
	return rollout.Observation{
		Revision: rev, Primary: readiness(a), Canary: readiness(a / 5),
		Hooks: map[string]rollout.HookResult{"cr": hook(1), "pre": hook(2), "load": hook(4), "cti": hook(8),
			"cp": hook(16), "rb": rb},
		Metrics: map[string]observe.Sample{"request-success-rate": sample(b), "request-duration": sample(b / 6)},
		Intents: rollout.Intents{Promote: c == 0xff, Abort: c == 0xfe, Retry: c == 0xfd, Skip: c == 0xfc},
	}
}

// FuzzStep drives random specs through random observation sequences and
// checks the engine's invariants after every tick.
func FuzzStep(f *testing.F) {
	f.Add([]byte{0, 2, 50, 10, 0, 0, 0, 1, 0, 0, 3, 3, 0, 3, 3, 0})
	f.Add([]byte{1, 1, 30, 10, 10, 0, 0, 7, 0, 0, 3, 2, 0, 3, 3, 16, 0, 3, 0, 4, 5, 0})
	f.Add([]byte{8, 3, 0, 0, 0, 2, 1, 1, 1, 1, 2, 2, 2, 0, 0, 0})
	f.Add([]byte{16, 0, 0, 0, 20, 2, 3, 0, 0, 0, 2, 4, 8, 0, 0, 16, 0, 0, 0})
	f.Add([]byte{255, 4, 100, 59, 39, 3, 2, 22, 1, 255, 0, 0, 254, 0, 0, 253, 9, 9, 252})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &byteReader{data: data}
		spec := fuzzSpec(r)
		require.NoError(t, spec.Validate())
		st := rollout.InitialStatus("r1")
		revs := []string{"r1", "r2", "r3"}
		for tick := 0; !r.empty() && tick < 200; tick++ {
			rev := revs[int(r.next())%len(revs)]
			obs := fuzzObservation(r, rev)
			res, err := rollout.Step(spec, st, obs)
			require.NoError(t, err)
			checkInvariants(t, spec, st, obs, res)
			st = res.Status
		}
	})
}

func checkInvariants(t *testing.T, spec rollout.Spec, in rollout.Status, obs rollout.Observation, res rollout.Result) {
	t.Helper()
	out := res.Status
	for _, w := range []int{out.CanaryWeight, out.Routes.Canary, out.Routes.Primary} {
		require.True(t, w >= 0 && w <= 100, "weight %d outside 0..100: %+v", w, out)
	}
	for _, a := range res.Actions {
		if a.Kind == rollout.SetRoutes {
			require.True(t, a.Routes.Canary >= 0 && a.Routes.Canary <= 100 && a.Routes.Primary >= 0 && a.Routes.Primary <= 100)
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
