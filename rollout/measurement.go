package rollout

import "github.com/fleetkit/fleetkit/observe"

// Outcome classifies one measurement in measurement mode.
type Outcome uint8

// Measurement outcomes, Argo Rollouts' names.
const (
	MeasuredSuccessful Outcome = iota + 1
	MeasuredFailed
	MeasuredInconclusive
	MeasuredError
)

// Measure classifies a sample for m the way Argo Rollouts does: an error or
// missing data is an Error (with Options.NoData Hold it is Inconclusive,
// with Pass Successful); otherwise the failure condition wins, then the
// success condition; with only one condition its negation decides the
// other; with neither, every value succeeds.
func (m *Metric) Measure(s observe.Sample, noData NoDataPolicy) Outcome {
	switch s.Kind {
	case observe.QueryError:
		return MeasuredError
	case observe.NoData:
		switch noData {
		case NoDataHold:
			return MeasuredInconclusive
		case NoDataPass:
			return MeasuredSuccessful
		}
		return MeasuredError
	}
	success := m.SuccessCondition
	if success == nil && !m.ThresholdRange.IsZero() {
		success = &m.ThresholdRange
	}
	fail := m.FailureCondition
	var passed, failed bool
	switch {
	case success == nil && fail == nil:
		return MeasuredSuccessful
	case fail == nil:
		passed = success.Contains(s.Value)
		failed = !passed
	case success == nil:
		failed = fail.Contains(s.Value)
		passed = !failed
	default:
		passed, failed = success.Contains(s.Value), fail.Contains(s.Value)
	}
	switch {
	case failed:
		return MeasuredFailed
	case passed:
		return MeasuredSuccessful
	default:
		return MeasuredInconclusive
	}
}

// measure is the measurement-mode check: every metric is measured and
// counted; a limit exceeded rolls back or pauses; any unsuccessful
// measurement holds the tick.
func (t *tick) measure() bool {
	t.ensureMeasurements()
	held := -1
	for i := range t.spec.Metrics {
		m := &t.spec.Metrics[i]
		out := m.Measure(t.sample(m.Name), t.spec.Options.noData())
		t.st.Measurements[i].count(out)
		if out != MeasuredSuccessful && held < 0 {
			held = i
		}
	}
	if t.measurementVerdict() {
		return true
	}
	if held >= 0 {
		m := &t.spec.Metrics[held]
		t.emit(Event{Type: Normal, Reason: ReasonMeasurementHold, Subject: m.Name, Sample: t.sample(m.Name)})
		return true
	}
	return false
}

// measurementVerdict applies the limits, strictly greater as in Argo.
func (t *tick) measurementVerdict() bool {
	for i := range t.spec.Metrics {
		m, c := &t.spec.Metrics[i], t.st.Measurements[i]
		if lim := limitOr(m.FailureLimit, DefaultFailureLimit); c.Failed > lim {
			t.rollback(Event{Type: Warning, Reason: ReasonMeasurementFailed, Subject: m.Name, Count: c.Failed, Limit: lim}, SeverityError)
			return true
		}
		if lim := limitOr(m.ConsecutiveErrorLimit, DefaultConsecutiveErrorLimit); c.ConsecutiveError > lim {
			t.rollback(Event{Type: Warning, Reason: ReasonMeasurementErrored, Subject: m.Name, Count: c.ConsecutiveError, Limit: lim}, SeverityError)
			return true
		}
	}
	for i := range t.spec.Metrics {
		m, c := &t.spec.Metrics[i], t.st.Measurements[i]
		if lim := limitOr(m.InconclusiveLimit, DefaultInconclusiveLimit); c.Inconclusive > lim {
			e := Event{Type: Warning, Reason: ReasonInconclusive, Subject: m.Name, Count: c.Inconclusive, Limit: lim}
			t.setPhase(Inconclusive)
			t.emitAlert(SeverityWarn, e)
			return true
		}
	}
	return false
}

// ensureMeasurements gives the tick its own counters, one per metric in
// spec order, carrying over counts by metric name. The input status is
// never written through.
func (t *tick) ensureMeasurements() {
	old := t.st.Measurements
	fresh := make([]MeasurementStatus, len(t.spec.Metrics))
	for i := range t.spec.Metrics {
		fresh[i].Metric = t.spec.Metrics[i].Name
		for j := range old {
			if old[j].Metric == fresh[i].Metric {
				fresh[i] = old[j]
			}
		}
	}
	t.st.Measurements = fresh
}

func (c *MeasurementStatus) count(o Outcome) {
	switch o {
	case MeasuredSuccessful:
		c.Successful++
	case MeasuredFailed:
		c.Failed++
	case MeasuredInconclusive:
		c.Inconclusive++
	case MeasuredError:
		c.Error++
		c.ConsecutiveError++
		return
	}
	c.ConsecutiveError = 0
}
