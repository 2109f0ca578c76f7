package eval_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	batchv1 "k8s.io/api/batch/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

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

// jobOf is the Job the CronJob controller creates from cj (kubernetes v1.35 pkg/controller/cronjob
// getJobFromTemplate2): the job template's labels and annotations copied into fresh maps, its spec as is.
func jobOf(cj *batchv1.CronJob) *batchv1.Job {
	labels := make(map[string]string, len(cj.Spec.JobTemplate.Labels))
	for k, v := range cj.Spec.JobTemplate.Labels {
		labels[k] = v
	}
	annotations := make(map[string]string, len(cj.Spec.JobTemplate.Annotations))
	for k, v := range cj.Spec.JobTemplate.Annotations {
		annotations[k] = v
	}
	return &batchv1.Job{
		TypeMeta: metav1.TypeMeta{APIVersion: "batch/v1", Kind: "Job"},
		ObjectMeta: metav1.ObjectMeta{Name: cj.Name + "-29000000", Namespace: cj.Namespace, Labels: labels,
			Annotations: annotations},
		Spec: *cj.Spec.JobTemplate.Spec.DeepCopy(),
	}
}

// TestAdmittedCronJobsCreateAdmittedJobs: a CronJob the policy admits must not create Jobs the policy
// denies, or it is admitted and never runs.
func TestAdmittedCronJobsCreateAdmittedJobs(t *testing.T) {
	ctx := context.Background()
	for _, c := range cases {
		objs, err := eval.Decode([]byte(c.manifest))
		require.NoError(t, err, c.name)
		cj, ok := objs[0].(*batchv1.CronJob)
		if !ok {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			ev, err := eval.ForPolicy(loadPolicy(t, c.policy), eval.Options{})
			require.NoError(t, err)
			r, err := ev.Evaluate(ctx, cj)
			require.NoError(t, err)
			if !r.Allowed {
				return
			}
			job, err := ev.Evaluate(ctx, jobOf(cj))
			require.NoError(t, err)
			assert.True(t, job.Allowed, "the CronJob is admitted, its Jobs are denied: %s", job.Denial)
		})
	}
}
