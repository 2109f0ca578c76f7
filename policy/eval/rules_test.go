package eval_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

func loadPolicy(t testing.TB, key string, extraRules ...string) policy.FleetPolicy {
	t.Helper()
	p, err := policy.Load([]byte(policyYAML(key, extraRules...)))
	require.NoError(t, err)
	return p
}

func evaluateCase(t testing.TB, ev *eval.Evaluator, c ruleCase) eval.Result {
	t.Helper()
	results, err := ev.EvaluateManifests(context.Background(), []byte(c.manifest))
	require.NoError(t, err)
	require.Len(t, results, 1)
	return results[0]
}

func violatedRules(r eval.Result) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range r.Violations {
		if !seen[v.Rule] {
			seen[v.Rule] = true
			out = append(out, v.Rule)
		}
	}
	return out
}

func TestRulesOffline(t *testing.T) {
	evaluators := map[string]*eval.Evaluator{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev, ok := evaluators[c.policy]
			if !ok {
				var err error
				ev, err = eval.ForPolicy(loadPolicy(t, c.policy), eval.Options{})
				require.NoError(t, err)
				evaluators[c.policy] = ev
			}
			r := evaluateCase(t, ev, c)
			assert.Equal(t, c.allowed, r.Allowed, "violations: %+v", r.Violations)
			assert.Equal(t, c.rules, violatedRules(r))
			if c.message != "" {
				var messages []string
				for _, v := range r.Violations {
					messages = append(messages, v.Message)
				}
				assert.Contains(t, strings.Join(messages, "\n"), c.message)
			}
			if !c.allowed {
				assert.Contains(t, r.Denial, "denied request: "+r.Violations[0].Message)
			}
		})
	}
}

func TestAuditAndWarnNeverDenyButReport(t *testing.T) {
	manifest := pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n"))
	for key, want := range map[string][]admissionregistrationv1.ValidationAction{
		"audit": {admissionregistrationv1.Audit, admissionregistrationv1.Warn},
		"warn":  {admissionregistrationv1.Warn},
	} {
		t.Run(key, func(t *testing.T) {
			ev, err := eval.ForPolicy(loadPolicy(t, key), eval.Options{})
			require.NoError(t, err)
			r := evaluateCase(t, ev, ruleCase{manifest: manifest})
			assert.True(t, r.Allowed)
			assert.Empty(t, r.Denial)
			require.Len(t, r.Violations, 1)
			assert.Equal(t, want, r.Violations[0].Actions)
			assert.False(t, r.Violations[0].Denies())
			require.Len(t, r.Warnings, 1)
			assert.Contains(t, r.Warnings[0], "disallowPrivileged: containers [app] must not be privileged")
		})
	}
}
