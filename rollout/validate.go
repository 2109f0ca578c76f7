package rollout

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/traffic"
)

// Validate checks the whole spec and returns every problem found, each a
// *ValidationError naming its field and matching ErrInvalidSpec. The A/B
// match rules are checked by traffic.ValidateMatches, the code every router
// validates a split with, so a spec that validates can be routed: a header
// written "X-Canary" is refused here (write "x-canary"), not at the first
// SetRoutes. Call Validate once when a spec is loaded; Step re-checks only
// what the state machine relies on, so that a tick does not compile the
// rules' regular expressions again.
//
// Validate also refuses a spec that can never advance, which Step would
// run without complaint, at weight 0 for ever: a canary needs stepWeight or
// stepWeights, A/B testing (match) and blue/green need iterations, unless
// skipAnalysis promotes at once.
func (s *Spec) Validate() error {
	return errors.Join(s.validateEngine(), s.validateAdvance(),
		fromTraffic(ErrInvalidSpec, traffic.ValidateMatches("match", s.Match)))
}

// validateAdvance refuses a spec whose strategy has nothing to advance
// with (see Strategy and NextStepWeight).
func (s *Spec) validateAdvance() error {
	if s.SkipAnalysis || s.Iterations > 0 || s.StepWeight > 0 || len(s.StepWeights) > 0 {
		return nil
	}
	if len(s.Match) > 0 {
		return specError("iterations", "A/B testing (match is set) never advances without iterations; "+
			"set iterations, or stepWeight or stepWeights for a canary")
	}
	return specError("stepWeight", "the canary never advances: set stepWeight or stepWeights "+
		"(or iterations, for blue/green; with match, for A/B testing)")
}

// validateEngine checks what Step depends on. It allocates only when it
// reports an error: field names are built on the error path.
func (s *Spec) validateEngine() error {
	if err := s.validateScalars(); err != nil {
		return err
	}
	if err := s.validateStepWeights(); err != nil {
		return err
	}
	if err := s.validateMetrics(); err != nil {
		return err
	}
	if err := s.validateWebhooks(); err != nil {
		return err
	}
	return s.Options.validate()
}

func (s *Spec) validateScalars() error {
	switch {
	case s.Interval.Duration < 0:
		return specError("interval", "must not be negative")
	case s.Threshold < 0:
		return specError("threshold", "must not be negative")
	case outOfPercent(s.MaxWeight):
		return specError("maxWeight", fmt.Sprintf("%d is outside 0..100", s.MaxWeight))
	case outOfPercent(s.StepWeight):
		return specError("stepWeight", fmt.Sprintf("%d is outside 0..100", s.StepWeight))
	case outOfPercent(s.StepWeightPromotion):
		return specError("stepWeightPromotion", fmt.Sprintf("%d is outside 0..100", s.StepWeightPromotion))
	case s.Iterations < 0:
		return specError("iterations", "must not be negative")
	case outOfPercent(s.MirrorWeight):
		return specError("mirrorWeight", fmt.Sprintf("%d is outside 0..100", s.MirrorWeight))
	case s.ProgressDeadline.Duration < 0:
		return specError("progressDeadline", "must not be negative")
	}
	return nil
}

func outOfPercent(v int) bool { return v < 0 || v > totalWeight }

// validateStepWeights requires a strictly increasing list within 1..100:
// Flagger would silently stall on a decreasing list (a negative step).
func (s *Spec) validateStepWeights() error {
	prev := 0
	for i, w := range s.StepWeights {
		if w < 1 || w > totalWeight {
			return specError(indexed("stepWeights", i, ""), fmt.Sprintf("%d is outside 1..100", w))
		}
		if w <= prev {
			return specError(indexed("stepWeights", i, ""), fmt.Sprintf("%d is not greater than the previous entry %d", w, prev))
		}
		prev = w
	}
	return nil
}

func (s *Spec) validateMetrics() error {
	for i := range s.Metrics {
		m := &s.Metrics[i]
		if m.Name == "" {
			return specError(indexed("metrics", i, ".name"), "is required")
		}
		for j := range i {
			if s.Metrics[j].Name == m.Name {
				return specError(indexed("metrics", i, ".name"), fmt.Sprintf("duplicate metric %q", m.Name))
			}
		}
		if sub, reason := m.problem(); reason != "" {
			return specError(indexed("metrics", i, sub), reason)
		}
	}
	return nil
}

// problem returns the sub-field and reason of the first problem, or "".
func (m *Metric) problem() (string, string) {
	switch {
	case m.Interval.Duration < 0:
		return ".interval", "must not be negative"
	case m.Query != "" && m.Template != "":
		return ".template", "set either query or template, not both"
	case m.Template != "" && !observe.IsBuiltin(m.Template):
		return ".template", fmt.Sprintf("unknown built-in template %q", m.Template)
	}
	if reason := rangeProblem(&m.ThresholdRange); reason != "" {
		return ".thresholdRange", reason
	}
	if reason := rangeProblem(m.SuccessCondition); reason != "" {
		return ".successCondition", reason
	}
	if reason := rangeProblem(m.FailureCondition); reason != "" {
		return ".failureCondition", reason
	}
	switch {
	case m.FailureLimit != nil && *m.FailureLimit < 0:
		return ".failureLimit", "must not be negative"
	case m.InconclusiveLimit != nil && *m.InconclusiveLimit < 0:
		return ".inconclusiveLimit", "must not be negative"
	case m.ConsecutiveErrorLimit != nil && *m.ConsecutiveErrorLimit < 0:
		return ".consecutiveErrorLimit", "must not be negative"
	}
	return "", ""
}

func rangeProblem(r *observe.Range) string {
	if r == nil {
		return ""
	}
	finite := func(p *float64) bool { return p == nil || !(math.IsNaN(*p) || math.IsInf(*p, 0)) }
	if !finite(r.Min) || !finite(r.Max) {
		return "bounds must be finite numbers"
	}
	if r.Min != nil && r.Max != nil && *r.Min > *r.Max {
		return "min " + strconv.FormatFloat(*r.Min, 'g', -1, 64) + " is greater than max " + strconv.FormatFloat(*r.Max, 'g', -1, 64)
	}
	return ""
}

func (s *Spec) validateWebhooks() error {
	for i := range s.Webhooks {
		w := &s.Webhooks[i]
		if w.Name == "" {
			return specError(indexed("webhooks", i, ".name"), "is required")
		}
		for j := range i {
			if s.Webhooks[j].Name == w.Name {
				return specError(indexed("webhooks", i, ".name"), fmt.Sprintf("duplicate webhook %q", w.Name))
			}
		}
		if !w.EffectiveType().known() {
			return specError(indexed("webhooks", i, ".type"), fmt.Sprintf("unknown webhook type %q", w.Type))
		}
		if w.Timeout.Duration < 0 {
			return specError(indexed("webhooks", i, ".timeout"), "must not be negative")
		}
	}
	return nil
}

func indexed(list string, i int, sub string) string {
	return list + "[" + strconv.Itoa(i) + "]" + sub
}

func (t HookType) known() bool {
	switch t {
	case ConfirmRollout, PreRollout, RolloutHook, ConfirmTrafficIncrease, ConfirmPromotion,
		PostRollout, RollbackHook, EventHook:
		return true
	}
	return false
}

func (o *Options) validate() error {
	switch o.NoData {
	case "", NoDataFail, NoDataHold, NoDataPass:
	default:
		return specError("options.noData", fmt.Sprintf("unknown policy %q (want Fail, Hold or Pass)", o.NoData))
	}
	switch o.Mode {
	case "", ThresholdMode, MeasurementMode:
	default:
		return specError("options.mode", fmt.Sprintf("unknown mode %q (want Threshold or Measurement)", o.Mode))
	}
	switch o.RouteDrift {
	case "", RouteDriftHold, RouteDriftReassert:
	default:
		return specError("options.routeDrift", fmt.Sprintf("unknown policy %q (want Hold or Reassert)", o.RouteDrift))
	}
	if o.GateTimeout.Duration < 0 {
		return specError("options.gateTimeout", "must not be negative")
	}
	return nil
}
