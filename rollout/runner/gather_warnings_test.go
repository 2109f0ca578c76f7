package runner_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// warningMetrics is the rollouttest double with warnings on every answer,
// as observe/prometheus's Source and Global return them.
type warningMetrics struct {
	*rollouttest.Metrics
	warnings []string
}

func (m *warningMetrics) QueryWithWarnings(ctx context.Context, q observe.Query) (observe.Sample, []string) {
	return m.Query(ctx, q), m.warnings
}

// warnedRun drives a canary of v2 to its first analysis tick with the
// given metric answer and warnings, and returns that tick's report.
func warnedRun(t *testing.T, sample observe.Sample, warnings []string) (runner.TickReport, *rollouttest.Doubles) {
	t.Helper()
	spec := rollout.Spec{Threshold: 2, MaxWeight: 30, StepWeight: 10,
		Metrics: []rollout.Metric{{Name: observe.RequestSuccessRate, ThresholdRange: observe.AtLeast(99)}}}
	d := rollouttest.New("v1")
	d.Metrics.SetSample(observe.RequestSuccessRate, sample)
	ports := d.Ports()
	ports.Metrics = &warningMetrics{Metrics: d.Metrics, warnings: warnings}
	run, err := runner.New(spec, runner.Target{Name: "podinfo", Namespace: "test", Provider: observe.Istio}, ports)
	require.NoError(t, err)
	ctx, now := context.Background(), time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var rep runner.TickReport
	for tick := 0; tick < 4; tick++ { // initialise, detect v2, start at 10%, analyse
		if tick == 1 {
			d.Workload.SetRevision("v2")
		}
		rep, err = run.Tick(ctx, now, rollout.Intents{})
		require.NoError(t, err)
		now = now.Add(spec.EffectiveInterval())
	}
	return rep, d
}

func metricWarnings(rep runner.TickReport) []string {
	var out []string
	for _, e := range rep.Events {
		if e.Reason == rollout.ReasonMetricWarning {
			out = append(out, e.Message())
		}
	}
	return out
}

// Issue 13, fault 7: a metric source's warnings are events of the tick,
// not only log lines, and they do not change the analysis of a value.
func TestMetricWarningsAreEventsOfTheTick(t *testing.T) {
	tests := []struct {
		name     string
		sample   observe.Sample
		warnings []string
		want     []string
		canary   int
	}{
		{name: "no warnings", sample: observe.Value(99.9), canary: 20},
		{name: "a warning on a good value", sample: observe.Value(99.9),
			warnings: []string{"partial answer: 2/3 clusters (missing edge)"},
			want:     []string{"metric request-success-rate: the metric source warns: partial answer: 2/3 clusters (missing edge)"},
			canary:   20},
		{name: "a partial answer in strict mode is a failed check", sample: observe.Failure(assert.AnError),
			warnings: []string{"sidecar 10.0.0.3:10901 (cluster=edge) is unhealthy: connection refused"},
			want:     []string{"metric request-success-rate: the metric source warns: sidecar 10.0.0.3:10901 (cluster=edge) is unhealthy: connection refused"},
			canary:   10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, d := warnedRun(t, tt.sample, tt.warnings)
			assert.Equal(t, tt.want, metricWarnings(rep))
			for _, e := range rep.Events {
				if e.Reason == rollout.ReasonMetricWarning {
					assert.Equal(t, rollout.Warning, e.Type)
				}
			}
			assert.Equal(t, tt.canary, d.Router.Routes().Canary)
			if tt.sample.Kind == observe.QueryError {
				assert.Equal(t, 1, rep.Status.FailedChecks, "an untrusted answer never passes")
				assert.Contains(t, reasons(rep), rollout.ReasonMetricError)
			}
		})
	}
}
