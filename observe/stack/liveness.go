package stack

import (
	"fmt"
	"strings"

	"github.com/fleetkit/fleetkit/observe"
)

// LiveSeries is the kube-state-metrics (v2) gauge of a Deployment's available replicas, labelled
// namespace and deployment. The default liveness of a canary reads it for the canary Deployment.
const LiveSeries = "kube_deployment_status_replicas_available"

// LivenessNoDataAlert fires, at warning severity, when LiveSeries is absent for a canary whose
// CanarySLO.Live is the default: the no-data alerts then cannot tell a live canary from an idle one
// and stay silent, so a Prometheus without kube-state-metrics, or a canary Deployment not named as
// the SLO, would otherwise disable them without a word.
const LivenessNoDataAlert = "CanaryLivenessNoData"

// live is the PromQL expression that has a sample while the canary is live: CanarySLO.Live, or by
// default some available replica of the canary Deployment as kube-state-metrics reports it. max()
// makes one series of the duplicates an HA pair of kube-state-metrics scrapes.
func (c CanarySLO) live() string {
	if c.Live != "" {
		return c.Live
	}
	return "max(" + c.liveSeries() + ") > 0"
}

// liveSeries selects LiveSeries of the canary Deployment, named as the canary. Its matchers are
// equalities, which absent() turns into the labels of its result.
func (c CanarySLO) liveSeries() string {
	return fmt.Sprintf("%s{namespace=%s, deployment=%s}", LiveSeries, quote(c.Namespace), quote(c.Name))
}

// whileLive gates expr, an alert's expression, on the canary being live. "and on()" matches the
// liveness vector whatever its labels, and keeps those of expr, so the alert keeps the labels of
// the canary.
func (c CanarySLO) whileLive(expr string) string {
	return expr + " and on() (" + c.live() + ")"
}

// livenessNoDataAlert is LivenessNoDataAlert for the default liveness, nil with a custom Live (of
// which only the user knows the source). It waits as the no-data alerts do.
func (c CanarySLO) livenessNoDataAlert() *Rule {
	if c.Live != "" {
		return nil
	}
	wait := c.window() + c.For
	r := c.alert(LivenessNoDataAlert, "absent("+c.liveSeries()+")", fmt.Sprintf("%s of Deployment %s absent for %s: "+
		"the no-data alerts cannot tell whether the canary is live and stay silent", LiveSeries, c.Name, observe.FormatDuration(wait)))
	r.For = wait
	r.Labels["severity"] = "warning"
	return &r
}

// liveProblems refuses a Live that is only blanks, which would render an empty operand, and one
// with a PromQL comment, which would swallow the parenthesis that closes it. The package has no
// PromQL parser; `promtool check rules` on the rendered file checks the rest.
func liveProblems(field, live string) []*ValidationError {
	switch {
	case live != "" && strings.TrimSpace(live) == "":
		return []*ValidationError{invalid(field, "must be a PromQL expression or empty (kube-state-metrics' %s of the canary Deployment), got only blanks", LiveSeries)}
	case strings.Contains(live, "#"):
		return []*ValidationError{invalid(field, "must not hold a PromQL comment (#): it would comment out the rest of the alert's expression")}
	}
	return nil
}
