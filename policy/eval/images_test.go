package eval_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// imageEvaluator judges images with disallowLatestTag and restrictImageRegistries, in Audit mode so that both
// rules always report.
func imageEvaluator(t testing.TB) *eval.Evaluator {
	p, err := policy.Load([]byte(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: images}
spec:
  action: Audit
  rules:
    - disallowLatestTag: {}
    - restrictImageRegistries: {allowed: ["docker.io/library/", "registry.local:5000/"]}
`))
	require.NoError(t, err)
	ev, err := eval.ForPolicy(p, eval.Options{})
	require.NoError(t, err)
	return ev
}

// checkImageAgainstParser asserts that the compiled CEL judges image exactly as policy.ParseImage does.
func checkImageAgainstParser(t *testing.T, ev *eval.Evaluator, image string) {
	ref, err := policy.ParseImage(image)
	if err != nil {
		return
	}
	pod := &corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "default"},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: image}}}}
	r, err := ev.Evaluate(context.Background(), pod)
	require.NoError(t, err)
	rules := map[string]bool{}
	for _, v := range r.Violations {
		require.False(t, v.EvaluationError, v.Message)
		rules[v.Rule] = true
	}
	full := ref.String()
	allowed := strings.HasPrefix(full, "docker.io/library/") || strings.HasPrefix(full, "registry.local:5000/")
	assert.Equal(t, ref.IsLatest(), rules["disallowLatestTag"], "latest: %q parsed as %+v", image, ref)
	assert.Equal(t, !allowed, rules["restrictImageRegistries"], "registry: %q qualified as %q", image, full)
}

func TestImageRulesAgreeWithTheParser(t *testing.T) {
	ev := imageEvaluator(t)
	hosts := []string{"", "docker.io/", "registry.local:5000/", "registry.local/", "localhost/", "localhost:5000/",
		"registry.local:5000.evil.io/", "docker.io.evil.io/"}
	paths := []string{"nginx", "library/nginx", "team/app", "a/b/c"}
	suffixes := []string{"", ":1.25", ":latest", "@" + digest, ":latest@" + digest, ":v1@" + digest}
	for _, h := range hosts {
		for _, p := range paths {
			for _, s := range suffixes {
				image := h + p + s
				t.Run(image, func(t *testing.T) { checkImageAgainstParser(t, ev, image) })
			}
		}
	}
}

// FuzzImageRules runs the compiled CEL of both image rules against the Go parser on arbitrary references.
func FuzzImageRules(f *testing.F) {
	for _, seed := range []string{"nginx", "registry.local:5000/app", "nginx@" + digest, "x.io/y:latest", "localhost/a:b"} {
		f.Add(seed)
	}
	ev := imageEvaluator(f)
	f.Fuzz(func(t *testing.T, image string) { checkImageAgainstParser(t, ev, image) })
}
