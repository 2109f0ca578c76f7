package stack_test

import (
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// rolloutCanaries are the canaries of testdata/rollout-rules_test.yml.
var rolloutCanaries = []stack.CanarySLO{
	{Namespace: "shop", Name: "checkout", Provider: observe.Istio, MinSuccessRate: 99, MaxLatency: 500 * time.Millisecond, For: time.Minute},
	{Namespace: "shop", Name: "cart", Provider: observe.Istio, MinSuccessRate: 99.5, MaxLatency: 300 * time.Millisecond, For: time.Minute},
	{Namespace: "shop", Name: "storefront", Provider: observe.NGINX, Ingress: "storefront-canary", MinSuccessRate: 99, MaxLatency: 300 * time.Millisecond, For: time.Minute},
}

// TestRolloutRulesPassPromtool renders the rule file, compares it with the golden copy, and runs
// Prometheus' own checker and unit-test runner on it. promtool is part of the test environment
// (hack/setup-testenv.sh installs Debian's prometheus package): a missing promtool fails the test.
func TestRolloutRulesPassPromtool(t *testing.T) {
	groups, err := stack.RolloutRules(rolloutCanaries)
	require.NoError(t, err)
	rendered := stack.RuleFile(groups)
	golden := filepath.Join("testdata", "rollout-rules.yml")
	if *update {
		require.NoError(t, os.WriteFile(golden, rendered, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(rendered), "rerun with -update to accept the new rule file")

	promtool, err := exec.LookPath("promtool")
	require.NoError(t, err, "promtool is needed (Debian package prometheus; hack/setup-testenv.sh installs it)")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rollout-rules.yml"), rendered, 0o644))
	unit, err := os.ReadFile(filepath.Join("testdata", "rollout-rules_test.yml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rollout-rules_test.yml"), unit, 0o644))
	for _, args := range [][]string{{"check", "rules", "rollout-rules.yml"}, {"test", "rules", "rollout-rules_test.yml"}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "promtool %v:\n%s", args, out)
	}
}

// A unit test that expects nothing would pass against any rules; this one must fail when an
// alert's bound is wrong.
func TestPromtoolCatchesAWrongBound(t *testing.T) {
	wrong := append([]stack.CanarySLO(nil), rolloutCanaries...)
	wrong[0].MinSuccessRate = 90 // 95% no longer breaches
	groups, err := stack.RolloutRules(wrong)
	require.NoError(t, err)
	promtool, err := exec.LookPath("promtool")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rollout-rules.yml"), stack.RuleFile(groups), 0o644))
	unit, err := os.ReadFile(filepath.Join("testdata", "rollout-rules_test.yml"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rollout-rules_test.yml"), unit, 0o644))
	cmd := exec.Command(promtool, "test", "rules", "rollout-rules_test.yml")
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "promtool test rules should fail:\n%s", out)
	assert.Contains(t, string(out), "CanarySuccessRateLow")
}

// Group names join namespace and name with "/", which no DNS label holds: a-b/c and a/b-c, one
// group name when joined with "-", get two, and promtool (which refuses a repeated group name, as
// Prometheus does) accepts the file.
func TestRuleGroupNamesAreUnambiguous(t *testing.T) {
	groups, err := stack.RolloutRules([]stack.CanarySLO{
		{Namespace: "a-b", Name: "c", Provider: observe.Istio, MinSuccessRate: 99},
		{Namespace: "a", Name: "b-c", Provider: observe.Istio, MinSuccessRate: 99},
	})
	require.NoError(t, err)
	require.Len(t, groups, 2)
	assert.Equal(t, "fleetkit-canary/a-b/c", groups[0].Name)
	assert.Equal(t, "fleetkit-canary/a/b-c", groups[1].Name)
	promtool, err := exec.LookPath("promtool")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules.yml"), stack.RuleFile(groups), 0o644))
	out, err := exec.Command(promtool, "check", "rules", filepath.Join(dir, "rules.yml")).CombinedOutput()
	require.NoError(t, err, "%s", out)
}

// A no-data alert carries the labels of the bound alert whose series it watches, so it is routed
// the same way and the HA pair's labeldrop (alert_relabel_configs) applies to it as to every alert;
// a bound that is not set has neither alert.
func TestNoDataAlertsFollowTheBoundAlerts(t *testing.T) {
	slo := rolloutCanaries[0]
	slo.MaxLatency = 0
	groups, err := stack.RolloutRules([]stack.CanarySLO{slo})
	require.NoError(t, err)
	alerts := map[string]stack.Rule{}
	for _, r := range groups[0].Rules {
		if r.Alert != "" {
			alerts[r.Alert] = r
		}
	}
	require.Len(t, alerts, 3, "no latency alerts without maxLatency")
	low, noData := alerts[stack.SuccessRateAlert], alerts[stack.SuccessRateNoDataAlert]
	assert.Equal(t, low.Labels, noData.Labels)
	assert.Equal(t, `absent(fleetkit:canary_request_success_rate:percent{namespace="shop", canary="checkout"})`+
		` and on() (max(kube_deployment_status_replicas_available{namespace="shop", deployment="checkout"}) > 0)`, noData.Expr)
	assert.Equal(t, 2*time.Minute, noData.For, "the rate window (1m by default) plus the SLO's for")
	liveness := alerts[stack.LivenessNoDataAlert]
	assert.Equal(t, `absent(kube_deployment_status_replicas_available{namespace="shop", deployment="checkout"})`, liveness.Expr)
	assert.Equal(t, "warning", liveness.Labels["severity"], "a missing liveness source disables a guard; it breaks no canary")
	assert.Equal(t, 2*time.Minute, liveness.For)
}

// A custom liveness replaces the kube-state-metrics default in every no-data alert, and takes the
// liveness no-data alert with it: only the user knows the source of their expression. promtool
// accepts the rules it renders, and runs them: with vector(1) the no-data alerts fire whenever
// nothing is recorded, as before the liveness gate.
func TestCustomLivenessGatesTheNoDataAlerts(t *testing.T) {
	slo := rolloutCanaries[0]
	slo.Live = `vector(1)`
	groups, err := stack.RolloutRules([]stack.CanarySLO{slo})
	require.NoError(t, err)
	var alerts []string
	for _, r := range groups[0].Rules {
		if r.Alert == stack.SuccessRateNoDataAlert || r.Alert == stack.LatencyNoDataAlert {
			assert.True(t, strings.HasSuffix(r.Expr, ` and on() (vector(1))`), r.Expr)
		}
		if r.Alert != "" {
			alerts = append(alerts, r.Alert)
		}
	}
	assert.NotContains(t, alerts, stack.LivenessNoDataAlert)
	promtool, err := exec.LookPath("promtool")
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules.yml"), stack.RuleFile(groups), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rules_test.yml"), []byte(customLivenessTest), 0o644))
	for _, args := range [][]string{{"check", "rules", "rules.yml"}, {"test", "rules", "rules_test.yml"}} {
		cmd := exec.Command(promtool, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "promtool %v:\n%s", args, out)
	}
}

// customLivenessTest has no series at all: with Live vector(1), shop/checkout's no-data alerts fire
// although kube-state-metrics reports nothing, and no liveness alert is rendered to warn of it.
const customLivenessTest = `rule_files: [rules.yml]
evaluation_interval: 15s
tests:
- interval: 15s
  external_labels: {cluster: serving-sh}
  input_series:
  - series: 'up{job="other"}'
    values: '1x20'
  alert_rule_test:
  - eval_time: 3m
    alertname: CanaryLatencyNoData
    exp_alerts:
    - exp_labels: {severity: critical, namespace: shop, canary: checkout}
      exp_annotations:
        summary: 'Canary shop/checkout on serving-sh: no latency recorded for 2m: its input series are absent (a renamed metric, a target not scraped, a wrong workload or ingress label) or too sparse for a 1m rate'
  - eval_time: 3m
    alertname: CanaryLivenessNoData
    exp_alerts: []
`

// Live is spliced into "absent(...) and on() (<live>)": a parenthesis it closes early lets the rest
// escape the gate ("vector(1)) or (vector(1)" renders "... and on() (vector(1)) or (vector(1))", an
// alert that fires forever), and a comment would swallow the closing parenthesis. The scanner skips
// string literals, so a label value may hold any of these characters.
func TestLivenessMustBeOneBalancedExpression(t *testing.T) {
	for _, tt := range []struct{ live, reason string }{
		{"vector(1)) or (vector(1)", `")" at byte 10 closes a parenthesis it did not open: Live is rendered inside "and on() (...)", which it must not close`},
		{")", `")" at byte 1 closes a parenthesis it did not open: Live is rendered inside "and on() (...)", which it must not close`},
		{"max(up", `"(" at byte 4 is never closed`},
		{`up{job="a"`, `"{" at byte 3 is never closed`},
		{`sum(up{job="a"]) > 0`, `"]" at byte 15 closes "{" at byte 7`},
		{`up{job="a}`, `string literal at byte 8 is never closed`},
		{`up{job="a\"} > 0`, `string literal at byte 8 is never closed`},
		{"up{job=`a} > 0", "string literal at byte 8 is never closed"},
		{"up > 0 # canary pods", `"#" at byte 8 starts a PromQL comment, which would comment out the rest of the alert's expression`},
		{`up{job="a"} # ")"`, `"#" at byte 13 starts a PromQL comment, which would comment out the rest of the alert's expression`},
	} {
		slo := rolloutCanaries[0]
		slo.Live = tt.live
		groups, err := stack.RolloutRules([]stack.CanarySLO{slo})
		assert.Nil(t, groups, "%q", tt.live)
		assert.EqualError(t, err, "stack: invalid canaries[0].live: must be one PromQL expression: "+tt.reason, "%q", tt.live)
	}
	for _, live := range []string{
		`up{job="a#b"} > 0`,
		`up{job='a#b'} > 0`,
		"up{job=`a#(b`} > 0",
		`sum(up{job="a)\"#"}) > 0`,
		`max(up{job='it\'s'}) > 0`,
		"sum(rate(up{job=\"a\\\\\"}[5m])) > 0", // an escaped backslash ends the literal
		"max by (job) (up{job=~\"a|b\"}[1m:] offset 1m)",
	} {
		slo := rolloutCanaries[0]
		slo.Live = live
		_, err := stack.RolloutRules([]stack.CanarySLO{slo})
		assert.NoError(t, err, "%q", live)
	}
}
