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
	r := c.alert(LivenessNoDataAlert, "absent("+c.liveSeries()+")", fmt.Sprintf("%s of Deployment %s absent for %s: "+
		"the no-data alerts cannot tell whether the canary is live and stay silent", LiveSeries, c.Name, observe.FormatDuration(c.noDataWait())))
	r.For = c.noDataWait()
	r.Labels["severity"] = "warning"
	return &r
}

// liveProblems refuses a Live that is only blanks, which would render an empty operand, and one
// that is not a single operand of the "and on() (...)" it is rendered in. The package has no PromQL
// parser; `promtool check rules` on the rendered file checks the rest.
func liveProblems(field, live string) []*ValidationError {
	if live != "" && strings.TrimSpace(live) == "" {
		return []*ValidationError{invalid(field, "must be a PromQL expression or empty (kube-state-metrics' %s of the canary Deployment), got only blanks", LiveSeries)}
	}
	if reason := unbalanced(live); reason != "" {
		return []*ValidationError{invalid(field, "must be one PromQL expression: %s", reason)}
	}
	return nil
}

// unbalanced scans expr as PromQL's lexer would, skipping string literals ("..." and '...' with
// backslash escapes, `...` without), and says why expr would not stay inside the parenthesis it is
// rendered in: a parenthesis, bracket or brace closed without being opened (at depth zero a ")"
// would close the gate's own and let the rest escape it, as in "vector(1)) or (vector(1)") or
// closed by the wrong kind, one left open, a string never closed, or a "#" outside strings, which
// starts a comment that would swallow the closing parenthesis. Positions are 1-based bytes. Empty
// means balanced.
func unbalanced(expr string) string {
	var stack []opened
	for i := 0; i < len(expr); i++ {
		switch c := expr[i]; c {
		case '"', '\'', '`':
			end := stringEnd(expr, i)
			if end < 0 {
				return fmt.Sprintf("string literal at byte %d is never closed", i+1)
			}
			i = end
		case '#':
			return fmt.Sprintf("%q at byte %d starts a PromQL comment, which would comment out the rest of the alert's expression", "#", i+1)
		case '(', '[', '{':
			stack = append(stack, opened{c, i + 1})
		case ')', ']', '}':
			if reason := closes(stack, c, i+1); reason != "" {
				return reason
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return fmt.Sprintf("%q at byte %d is never closed", string(top.c), top.pos)
	}
	return ""
}

// opened is a parenthesis, bracket or brace not yet closed, at its 1-based byte position.
type opened struct {
	c   byte
	pos int
}

// openerOf and kindOf name the opener and the kind of each closer.
var (
	openerOf = map[byte]byte{')': '(', ']': '[', '}': '{'}
	kindOf   = map[byte]string{')': "parenthesis", ']': "bracket", '}': "brace"}
)

// stringEnd is the index of the quote that closes the string literal opening at expr[start]
// (backslash escapes in "..." and '...', none in `...`), or -1.
func stringEnd(expr string, start int) int {
	q := expr[start]
	for i := start + 1; i < len(expr); i++ {
		switch {
		case expr[i] == q:
			return i
		case expr[i] == '\\' && q != '`':
			i++
		}
	}
	return -1
}

// closes says why closer c at pos cannot close the top of stack, or "" when it can.
func closes(stack []opened, c byte, pos int) string {
	if len(stack) == 0 {
		if c == ')' {
			return fmt.Sprintf("%q at byte %d closes a parenthesis it did not open: "+
				"Live is rendered inside \"and on() (...)\", which it must not close", ")", pos)
		}
		return fmt.Sprintf("%q at byte %d closes a %s it did not open", string(c), pos, kindOf[c])
	}
	if top := stack[len(stack)-1]; top.c != openerOf[c] {
		return fmt.Sprintf("%q at byte %d closes %q at byte %d", string(c), pos, string(top.c), top.pos)
	}
	return ""
}
