package simulate

import (
	"errors"
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// Scenario is a rollout configuration tested against a trace of
// observations: the input of fleetctl rollout simulate. Expect is optional;
// when present, Check compares the trace with it.
type Scenario struct {
	Spec rollout.Spec `json:"spec"`
	// Status defaults to DefaultStatus. Routes default to
	// 100-canaryWeight / canaryWeight when omitted.
	Status *rollout.Status `json:"status,omitempty"`
	Ticks  []Tick          `json:"ticks"`
	Expect []Expectation   `json:"expect,omitempty"`
}

// Tick is one observation in the compact simulate format. Every
// omitted field has a friendly default: revision unchanged, workloads
// ready, webhooks passing (rollback webhooks: no signal), metrics passing.
type Tick struct {
	Revision     string                        `json:"revision,omitempty"`
	CanaryReady  *rollout.Readiness            `json:"canaryReady,omitempty"`
	PrimaryReady *rollout.Readiness            `json:"primaryReady,omitempty"`
	Hooks        map[string]rollout.HookResult `json:"hooks,omitempty"`
	Metrics      map[string]observe.Sample     `json:"metrics,omitempty"`
	// Routes overrides the routes read back from the router, to simulate
	// drift.
	Routes  *traffic.Split  `json:"routes,omitempty"`
	Intents rollout.Intents `json:"intents,omitzero"`
	// After is the time since the previous tick (default: the interval).
	After metav1.Duration `json:"after,omitempty"`
}

// Expectation is the expected state after a tick; omitted fields are not
// checked.
type Expectation struct {
	Phase         rollout.Phase `json:"phase,omitempty"`
	CanaryWeight  *int          `json:"canaryWeight,omitempty"`
	PrimaryWeight *int          `json:"primaryWeight,omitempty"`
	Mirror        *bool         `json:"mirror,omitempty"`
	FailedChecks  *int          `json:"failedChecks,omitempty"`
	Iterations    *int          `json:"iterations,omitempty"`
}

// Record is the state after one tick, the simulate output format.
// CanaryWeight is the weight really routed to the canary.
type Record struct {
	Tick          int              `json:"tick"`
	Phase         rollout.Phase    `json:"phase"`
	CanaryWeight  int              `json:"canaryWeight"`
	PrimaryWeight int              `json:"primaryWeight"`
	Mirror        bool             `json:"mirror"`
	FailedChecks  int              `json:"failedChecks"`
	Iterations    int              `json:"iterations"`
	Actions       []rollout.Action `json:"actions"`
	Events        []rollout.Event  `json:"events"`
	// Status is the full status, for callers that chain runs.
	Status rollout.Status `json:"-"`
}

// epoch is the time of the initial status of a simulation, fixed so that
// traces are reproducible.
func epoch() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }

// DefaultStatus is the simulate starting point: rollout.InitialStatus of
// revision r1 (Initialized, r1 applied and promoted, all traffic on the
// primary), entered at 2025-01-01T00:00:00Z so that traces are
// reproducible.
func DefaultStatus() rollout.Status {
	st := rollout.InitialStatus("r1")
	st.LastTransitionTime = epoch()
	return st
}

// Validate checks the spec, the initial status and the tick list, and
// returns every problem found. A webhook or metric name in a tick that the
// spec does not declare is an error naming it (see rollout.Spec.CheckNames),
// caught before any tick runs.
func (sc *Scenario) Validate() error {
	var ticks error
	if len(sc.Ticks) == 0 {
		ticks = &rollout.ValidationError{Kind: ErrInvalidScenario, Field: "ticks", Reason: "at least one tick is required"}
	}
	var expect error
	if len(sc.Expect) > len(sc.Ticks) {
		expect = &rollout.ValidationError{Kind: ErrInvalidScenario, Field: "expect",
			Reason: fmt.Sprintf("%d expectations for %d ticks", len(sc.Expect), len(sc.Ticks))}
	}
	st := sc.initialStatus()
	return errors.Join(sc.Spec.Validate(), st.Validate(), expect, ticks, sc.checkNames())
}

func (sc *Scenario) initialStatus() rollout.Status {
	if sc.Status == nil {
		return DefaultStatus()
	}
	st := *sc.Status
	if st.Routes.Primary == 0 && st.Routes.Canary == 0 && !st.Routes.Mirrored() {
		st.Routes = traffic.Weighted(st.CanaryWeight)
	}
	if st.LastTransitionTime.IsZero() {
		st.LastTransitionTime = epoch()
	}
	return st
}

// Run steps through every tick and returns the trace.
func (sc *Scenario) Run() ([]Record, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	st := sc.initialStatus()
	rev := st.LastAppliedRevision
	if rev == "" {
		rev = "r1"
	}
	now := st.LastTransitionTime
	out := make([]Record, 0, len(sc.Ticks))
	for i := range sc.Ticks {
		in := &sc.Ticks[i]
		if in.Revision != "" {
			rev = in.Revision
		}
		step := sc.Spec.EffectiveInterval()
		if in.After.Duration > 0 {
			step = in.After.Duration
		}
		now = now.Add(step)
		res, err := rollout.Step(sc.Spec, st, sc.observation(in, rev, now))
		if err != nil {
			return out, fmt.Errorf("tick %d: %w", i+1, err)
		}
		st = res.Status
		out = append(out, record(i+1, res))
	}
	return out, nil
}

func record(n int, res rollout.Result) Record {
	st := res.Status
	actions, events := res.Actions, res.Events
	if actions == nil {
		actions = []rollout.Action{}
	}
	if events == nil {
		events = []rollout.Event{}
	}
	return Record{Tick: n, Phase: st.Phase, CanaryWeight: st.Routes.Canary, PrimaryWeight: st.Routes.Primary,
		Mirror: st.Routes.Mirrored(), FailedChecks: st.FailedChecks, Iterations: st.Iterations,
		Actions: actions, Events: events, Status: st}
}

// observation expands a compact tick into a full Observation.
func (sc *Scenario) observation(in *Tick, rev string, now time.Time) rollout.Observation {
	obs := rollout.Observation{Time: now, Revision: rev, Primary: rollout.Ready, Canary: rollout.Ready, Routes: in.Routes,
		Intents: in.Intents, Hooks: make(map[string]rollout.HookResult), Metrics: make(map[string]observe.Sample)}
	if in.PrimaryReady != nil {
		obs.Primary = *in.PrimaryReady
	}
	if in.CanaryReady != nil {
		obs.Canary = *in.CanaryReady
	}
	for k, v := range in.Hooks {
		obs.Hooks[k] = v
	}
	for _, w := range sc.Spec.Webhooks {
		_, byName := in.Hooks[w.Name]
		_, byType := in.Hooks[string(w.EffectiveType())]
		if !byName && !byType {
			obs.Hooks[w.Name] = rollout.HookPass
			if w.EffectiveType() == rollout.RollbackHook {
				obs.Hooks[w.Name] = rollout.HookFail
			}
		}
	}
	for k, v := range in.Metrics {
		obs.Metrics[k] = v
	}
	for _, m := range sc.Spec.Metrics {
		if _, ok := obs.Metrics[m.Name]; !ok {
			obs.Metrics[m.Name] = observe.Value(passingValue(&m))
		}
	}
	return obs
}

// passingValue is a value that passes the metric's checks.
func passingValue(m *rollout.Metric) float64 {
	if m.SuccessCondition != nil {
		return m.SuccessCondition.Representative()
	}
	return m.ThresholdRange.Representative()
}

// ExpectationError reports a trace that differs from the scenario's
// expectations.
type ExpectationError struct {
	Mismatches []string
}

// Error lists every mismatch.
func (e *ExpectationError) Error() string {
	return "simulate: trace differs from expectations:\n  " + strings.Join(e.Mismatches, "\n  ")
}

// ErrExpectation is matched by *ExpectationError.
var ErrExpectation = errors.New("simulate: trace differs from expectations")

// ErrInvalidScenario is the Kind of the *rollout.ValidationError reported
// for a scenario without ticks or with more expectations than ticks.
var ErrInvalidScenario = errors.New("simulate: invalid scenario")

// Is reports whether target is ErrExpectation.
func (e *ExpectationError) Is(target error) bool { return target == ErrExpectation }

// Check compares a trace with the scenario's expectations.
func (sc *Scenario) Check(trace []Record) error {
	var bad []string
	for i, want := range sc.Expect {
		if i >= len(trace) {
			bad = append(bad, fmt.Sprintf("tick %d: missing from the trace", i+1))
			continue
		}
		bad = append(bad, want.diff(trace[i])...)
	}
	if len(bad) == 0 {
		return nil
	}
	return &ExpectationError{Mismatches: bad}
}

func (x Expectation) diff(got Record) []string {
	var bad []string
	cmp := func(field string, want *int, have int) {
		if want != nil && *want != have {
			bad = append(bad, fmt.Sprintf("tick %d: %s = %d, want %d", got.Tick, field, have, *want))
		}
	}
	if x.Phase != "" && x.Phase != got.Phase {
		bad = append(bad, fmt.Sprintf("tick %d: phase = %s, want %s", got.Tick, got.Phase, x.Phase))
	}
	cmp("canaryWeight", x.CanaryWeight, got.CanaryWeight)
	cmp("primaryWeight", x.PrimaryWeight, got.PrimaryWeight)
	cmp("failedChecks", x.FailedChecks, got.FailedChecks)
	cmp("iterations", x.Iterations, got.Iterations)
	if x.Mirror != nil && *x.Mirror != got.Mirror {
		bad = append(bad, fmt.Sprintf("tick %d: mirror = %t, want %t", got.Tick, got.Mirror, *x.Mirror))
	}
	return bad
}
