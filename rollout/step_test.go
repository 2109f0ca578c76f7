package rollout_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

func ready(rev string) rollout.Observation {
	return rollout.Observation{Revision: rev, Primary: rollout.Ready, Canary: rollout.Ready}
}

func kinds(actions []rollout.Action) []rollout.ActionKind {
	out := make([]rollout.ActionKind, 0, len(actions))
	for _, a := range actions {
		out = append(out, a.Kind)
	}
	return out
}

// run steps through observations and returns every result.
func run(t *testing.T, spec rollout.Spec, st rollout.Status, obs ...rollout.Observation) []rollout.Result {
	t.Helper()
	var out []rollout.Result
	for i, o := range obs {
		res, err := rollout.Step(spec, st, o)
		require.NoError(t, err, "tick %d", i+1)
		out = append(out, res)
		st = res.Status
	}
	return out
}

func TestStepRejectsBadInput(t *testing.T) {
	good := rollout.InitialStatus("r1")
	tests := []struct {
		name     string
		spec     rollout.Spec
		status   rollout.Status
		obs      rollout.Observation
		sentinel error
		field    string
	}{
		{"spec", rollout.Spec{MaxWeight: -1}, good, ready("r2"), rollout.ErrInvalidSpec, "maxWeight"},
		{"status phase", rollout.Spec{}, rollout.Status{Phase: "Dancing"}, ready("r2"), rollout.ErrInvalidStatus, "phase"},
		{"status routes", rollout.Spec{}, rollout.Status{Phase: rollout.Progressing, Routes: traffic.Split{Primary: 120}}, ready("r2"), rollout.ErrInvalidStatus, "routes.primary"},
		{"no revision", rollout.Spec{}, good, ready(""), rollout.ErrInvalidObservation, "revision"},
		{"observed routes", rollout.Spec{}, good, rollout.Observation{Revision: "r2", Routes: &traffic.Split{Canary: -3}}, rollout.ErrInvalidObservation, "routes.canary"},
		{"observed routes not adding up", rollout.Spec{}, good, rollout.Observation{Revision: "r2", Routes: &traffic.Split{Primary: 50, Canary: 40}}, rollout.ErrInvalidObservation, "routes"},
		{"status mirror", rollout.Spec{}, rollout.Status{Phase: rollout.Progressing, Routes: traffic.Split{Primary: 100, Mirror: &traffic.Mirror{Percent: 120}}}, ready("r2"), rollout.ErrInvalidStatus, "routes.mirror.percent"},
		{"time for gate timeout", rollout.Spec{Options: rollout.Options{GateTimeout: metav1.Duration{Duration: time.Minute}}}, good, ready("r2"), rollout.ErrInvalidObservation, "time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := rollout.Step(tt.spec, tt.status, tt.obs)
			require.ErrorIs(t, err, tt.sentinel)
			var ve *rollout.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Equal(t, tt.status, res.Status, "the status is returned unchanged")
			assert.Empty(t, res.Actions)
		})
	}
}

func TestStepInitializesAZeroStatus(t *testing.T) {
	res, err := rollout.Step(rollout.Spec{StepWeight: 10}, rollout.Status{}, ready("r1"))
	require.NoError(t, err)
	assert.Equal(t, rollout.Initialized, res.Status.Phase)
	assert.Equal(t, "r1", res.Status.LastAppliedRevision)
	assert.Equal(t, "r1", res.Status.LastPromotedRevision)
	assert.Equal(t, traffic.PrimaryOnly(), res.Status.Routes)
	assert.Equal(t, []rollout.ActionKind{rollout.SetRoutes, rollout.ScaleCanaryToZero}, kinds(res.Actions))
}

func TestReportedWeightIsFlaggersUnlessTruthful(t *testing.T) {
	spec := rollout.Spec{MaxWeight: 20, StepWeight: 20,
		Webhooks: []rollout.Webhook{{Name: "approve", Type: rollout.ConfirmPromotion}}}
	closed := ready("r2")
	closed.Hooks = map[string]rollout.HookResult{"approve": rollout.HookFail}
	trace := []rollout.Observation{ready("r2"), closed, closed}

	res := run(t, spec, rollout.InitialStatus("r1"), trace...)
	last := res[2].Status
	assert.Equal(t, rollout.WaitingPromotion, last.Phase)
	assert.Equal(t, 20, last.Routes.Canary, "traffic really goes to the canary")
	assert.Equal(t, 0, last.CanaryWeight, "Flagger reports 0 while waiting for promotion")

	spec.Options.TruthfulWeight = true
	res = run(t, spec, rollout.InitialStatus("r1"), trace...)
	assert.Equal(t, 20, res[2].Status.CanaryWeight)
}

func TestWaitingAlertsOnce(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10, Webhooks: []rollout.Webhook{{Name: "gate", Type: rollout.ConfirmRollout}}}
	obs := ready("r2")
	obs.Hooks = map[string]rollout.HookResult{"gate": rollout.HookFail}
	res := run(t, spec, rollout.InitialStatus("r1"), obs, obs, obs)
	assert.Equal(t, []rollout.ActionKind{rollout.Alert}, kinds(res[0].Actions))
	assert.Empty(t, res[1].Actions)
	assert.Empty(t, res[2].Actions)
	assert.Equal(t, rollout.Waiting, res[2].Status.Phase)
	assert.Equal(t, "r2", res[2].Status.LastAppliedRevision)
}

func TestRollbackActionsAndBookkeeping(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10, Webhooks: []rollout.Webhook{{Name: "notify", Type: rollout.PostRollout}},
		Metrics: []rollout.Metric{{Name: "rate", ThresholdRange: observe.AtLeast(99)}}}
	bad := ready("r2")
	bad.Metrics = map[string]observe.Sample{"rate": observe.Value(1)}
	good := ready("r2")
	good.Metrics = map[string]observe.Sample{"rate": observe.Value(100)}
	res := run(t, spec, rollout.InitialStatus("r1"), good, good, bad, bad)
	rb := res[3]
	require.Equal(t, rollout.Failed, rb.Status.Phase)
	assert.Equal(t, []rollout.ActionKind{rollout.SetRoutes, rollout.ScaleCanaryToZero, rollout.RunHooks, rollout.Alert}, kinds(rb.Actions))
	assert.Equal(t, traffic.PrimaryOnly(), rb.Actions[0].Routes)
	assert.Equal(t, rollout.PostRollout, rb.Actions[2].Hooks)
	assert.Equal(t, rollout.Failed, rb.Actions[2].Phase)
	assert.Equal(t, rollout.SeverityError, rb.Actions[3].Severity)
	assert.Equal(t, "r2", rb.Status.LastAppliedRevision)
	assert.Equal(t, "r1", rb.Status.LastPromotedRevision, "a failed run does not promote")
	assert.Zero(t, rb.Status.FailedChecks)
	assert.Zero(t, rb.Status.Iterations)
}

func TestSucceededRecordsPromotedRevision(t *testing.T) {
	spec := rollout.Spec{StepWeight: 100}
	res := run(t, spec, rollout.InitialStatus("r1"), ready("r2"), ready("r2"), ready("r2"), ready("r2"), ready("r2"))
	last := res[4].Status
	require.Equal(t, rollout.Succeeded, last.Phase)
	assert.Equal(t, "r2", last.LastPromotedRevision)
	assert.Equal(t, "r2", last.LastAppliedRevision)
	assert.Equal(t, []rollout.ActionKind{rollout.ScaleCanaryToZero, rollout.Alert}, kinds(res[4].Actions))
}

// Reverting to the promoted pod template is not a new rollout: the revision
// of the reverted template equals the promoted one.
func TestRevertingToThePromotedTemplateIsNotARollout(t *testing.T) {
	tmpl := func(image string) corev1.PodTemplateSpec {
		return corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: image}}}}
	}
	v1, err := rollout.RevisionOf(tmpl("recommender:1.0"))
	require.NoError(t, err)
	v2, err := rollout.RevisionOf(tmpl("recommender:2.0"))
	require.NoError(t, err)
	require.NotEqual(t, v1, v2)

	spec := rollout.Spec{StepWeight: 10, Metrics: []rollout.Metric{{Name: "rate", ThresholdRange: observe.AtLeast(99)}}}
	st := rollout.Status{Phase: rollout.Succeeded, LastAppliedRevision: v1, LastPromotedRevision: v1, Routes: traffic.PrimaryOnly()}
	res := run(t, spec, st, ready(v2))
	require.Equal(t, rollout.Progressing, res[0].Status.Phase)

	failed := rollout.Status{Phase: rollout.Failed, LastAppliedRevision: v2, LastPromotedRevision: v1, Routes: traffic.PrimaryOnly()}
	res = run(t, spec, failed, ready(v1))
	assert.Equal(t, rollout.Failed, res[0].Status.Phase)
	assert.Empty(t, res[0].Actions)
	assert.Equal(t, v1, res[0].Status.LastAppliedRevision, "the applied revision follows while Failed")

	progressing := rollout.Status{Phase: rollout.Progressing, Routes: traffic.Split{Primary: 80, Canary: 20},
		LastAppliedRevision: v2, LastPromotedRevision: v1}
	revert := ready(v1)
	revert.Metrics = map[string]observe.Sample{"rate": observe.Value(100)}
	res = run(t, spec, progressing, revert)
	// Flagger keeps analysing (the weight would go to 30) and later records
	// v2 as promoted; fleetkit ends the run (issue 13, fault 4).
	assert.Equal(t, rollout.Initialized, res[0].Status.Phase, "a revert mid-run ends the run instead of analysing v1 as v2")
	assert.Equal(t, traffic.PrimaryOnly(), res[0].Status.Routes)
}

func TestMeasurementCountersDoNotAliasTheInput(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10, Options: rollout.Options{Mode: rollout.MeasurementMode},
		Metrics: []rollout.Metric{{Name: "rate", ThresholdRange: observe.AtLeast(99)}}}
	in := rollout.Status{Phase: rollout.Progressing, Routes: traffic.Split{Primary: 90, Canary: 10},
		LastAppliedRevision: "r2", LastPromotedRevision: "r1",
		Measurements: []rollout.MeasurementStatus{{Metric: "rate", Successful: 3}}}
	obs := ready("r2")
	obs.Metrics = map[string]observe.Sample{"rate": observe.Value(99.5)}
	res, err := rollout.Step(spec, in, obs)
	require.NoError(t, err)
	assert.Equal(t, 4, res.Status.Measurements[0].Successful)
	assert.Equal(t, 3, in.Measurements[0].Successful, "the caller's status is not written through")
	assert.Equal(t, 20, res.Status.Routes.Canary)
}

func TestMeasure(t *testing.T) {
	success, failure := observe.AtLeast(99), observe.AtMost(95)
	both := rollout.Metric{Name: "m", SuccessCondition: &success, FailureCondition: &failure}
	onlySuccess := rollout.Metric{Name: "m", ThresholdRange: success}
	onlyFailure := rollout.Metric{Name: "m", FailureCondition: &failure}
	neither := rollout.Metric{Name: "m"}
	tests := []struct {
		name   string
		metric rollout.Metric
		sample observe.Sample
		policy rollout.NoDataPolicy
		want   rollout.Outcome
	}{
		{"success", both, observe.Value(99.5), "", rollout.MeasuredSuccessful},
		{"failure", both, observe.Value(90), "", rollout.MeasuredFailed},
		{"between", both, observe.Value(97), "", rollout.MeasuredInconclusive},
		{"only success: miss fails", onlySuccess, observe.Value(97), "", rollout.MeasuredFailed},
		{"only failure: miss succeeds", onlyFailure, observe.Value(97), "", rollout.MeasuredSuccessful},
		{"neither", neither, observe.Value(-1), "", rollout.MeasuredSuccessful},
		{"error", both, observe.Failure(nil), "", rollout.MeasuredError},
		{"no data", both, observe.Empty(), "", rollout.MeasuredError},
		{"no data hold", both, observe.Empty(), rollout.NoDataHold, rollout.MeasuredInconclusive},
		{"no data pass", both, observe.Empty(), rollout.NoDataPass, rollout.MeasuredSuccessful},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.metric.Measure(tt.sample, tt.policy))
		})
	}
}

func TestActionAndEventJSON(t *testing.T) {
	e := rollout.Event{Type: rollout.Warning, Reason: rollout.ReasonMetricFailed, Subject: "rate",
		Sample: observe.Value(90), Range: observe.AtLeast(99), Count: 1}
	data, err := json.Marshal(e)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"Warning","reason":"MetricFailed","message":"halt advancement: metric rate 90 outside [99, +inf] (failed checks 1)"}`, string(data))

	tests := []struct {
		action rollout.Action
		want   string
	}{
		{rollout.Action{Kind: rollout.SetRoutes, Routes: traffic.Split{Primary: 90, Canary: 10}}, `{"type":"SetRoutes","primary":90,"canary":10}`},
		{rollout.Action{Kind: rollout.SetRoutes, Routes: traffic.Mirrored(50)}, `{"type":"SetRoutes","primary":100,"canary":0,"mirror":{"percent":50}}`},
		{rollout.Action{Kind: rollout.RunHooks, Hooks: rollout.PostRollout, Phase: rollout.Succeeded}, `{"type":"RunHooks","hooks":"post-rollout","phase":"Succeeded"}`},
		{rollout.Action{Kind: rollout.PromoteCanarySpec}, `{"type":"PromoteCanarySpec"}`},
		{rollout.Action{Kind: rollout.Alert, Severity: rollout.SeverityWarn, Event: &rollout.Event{Reason: rollout.ReasonAborted}},
			`{"type":"Alert","severity":"warn","reason":"Aborted","message":"rolling back: aborted by the operator"}`},
	}
	for _, tt := range tests {
		data, err := json.Marshal(tt.action)
		require.NoError(t, err)
		assert.JSONEq(t, tt.want, string(data))
	}
}

func TestEveryReasonHasAMessage(t *testing.T) {
	reasons := []rollout.Reason{rollout.ReasonSuspended, rollout.ReasonInitialized, rollout.ReasonPrimaryNotReady,
		rollout.ReasonCanaryNotReady, rollout.ReasonWaitingForApproval, rollout.ReasonNewRevision, rollout.ReasonRestart,
		rollout.ReasonHookFailed, rollout.ReasonMetricFailed, rollout.ReasonMetricNoData, rollout.ReasonMetricError,
		rollout.ReasonNoDataHold, rollout.ReasonTrafficIncreaseHeld, rollout.ReasonWaitingPromotion, rollout.ReasonAdvance,
		rollout.ReasonMirror, rollout.ReasonIteration, rollout.ReasonRouteToCanary, rollout.ReasonPromote,
		rollout.ReasonAdvancePrimary, rollout.ReasonRouteToPrimary, rollout.ReasonSucceeded, rollout.ReasonSkipAnalysis,
		rollout.ReasonThresholdReached, rollout.ReasonRollbackHook, rollout.ReasonCanaryFailed, rollout.ReasonPrimaryFailed,
		rollout.ReasonPrimaryFailedLate, rollout.ReasonAborted, rollout.ReasonGateTimeout, rollout.ReasonMeasurementFailed,
		rollout.ReasonMeasurementErrored, rollout.ReasonInconclusive, rollout.ReasonMeasurementHold,
		rollout.ReasonOperatorPromote, rollout.ReasonOperatorSkip, rollout.ReasonOperatorRetry}
	seen := map[string]rollout.Reason{}
	for _, r := range reasons {
		msg := rollout.Event{Reason: r, Subject: "x"}.Message()
		assert.NotEqual(t, string(r), msg, "reason %s has no message", r)
		if prev, dup := seen[msg]; dup {
			t.Errorf("reasons %s and %s share the message %q", prev, r, msg)
		}
		seen[msg] = r
	}
}

func TestPassFromStatus(t *testing.T) {
	assert.Equal(t, rollout.HookPass, rollout.PassFromStatus(200, false))
	assert.Equal(t, rollout.HookPass, rollout.PassFromStatus(202, false))
	assert.Equal(t, rollout.HookFail, rollout.PassFromStatus(203, false))
	assert.Equal(t, rollout.HookFail, rollout.PassFromStatus(500, false))
	assert.Equal(t, rollout.HookFail, rollout.PassFromStatus(200, true), "a timeout fails")
}

func TestMissingHookResultFailsClosed(t *testing.T) {
	spec := rollout.Spec{StepWeight: 10, Webhooks: []rollout.Webhook{{Name: "grow", Type: rollout.ConfirmTrafficIncrease}}}
	res := run(t, spec, rollout.InitialStatus("r1"), ready("r2"), ready("r2"))
	assert.Equal(t, 0, res[1].Status.Routes.Canary, "an unobserved gate stays closed")
	assert.Zero(t, res[1].Status.FailedChecks)
}

func TestNeedsListWhatATickConsulted(t *testing.T) {
	spec := rollout.Spec{
		Threshold: 2, MaxWeight: 50, StepWeight: 10,
		Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}},
		Webhooks: []rollout.Webhook{
			{Name: "load-test", Type: rollout.PreRollout}, {Name: "smoke", Type: rollout.RolloutHook},
			{Name: "notify", Type: rollout.PostRollout},
		},
	}
	st := rollout.InitialStatus("r1")
	res, err := rollout.Step(spec, st, rollout.Observation{Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready})
	require.NoError(t, err)
	assert.True(t, res.Needs.Empty(), "starting a run with no confirm-rollout webhook consults nothing")

	res, err = rollout.Step(spec, res.Status, rollout.Observation{Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready})
	require.NoError(t, err)
	assert.Equal(t, []rollout.HookType{rollout.PreRollout}, res.Needs.Hooks.Types())
	assert.False(t, res.Needs.Metrics, "the pre-rollout tick reads no metrics")

	res, err = rollout.Step(spec, res.Status, rollout.Observation{Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready,
		Hooks: map[string]rollout.HookResult{"load-test": rollout.HookPass}})
	require.NoError(t, err)
	assert.Equal(t, 10, res.Status.Routes.Canary)
	assert.True(t, res.Needs.Empty(), "with the pre-rollout result the tick needs nothing more")
}
