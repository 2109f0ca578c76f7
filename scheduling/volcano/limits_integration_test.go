package volcano_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// Volcano's job admission validates every task template as kube-apiserver validates a Pod
// (volcano-sh/volcano pkg/webhooks/admission/jobs/validate validateTaskTemplate, ValidatePodTemplate),
// so a template the API server refuses as a Pod never becomes a running gang. Each template here is
// created as a Pod on the real API server, which refuses it, and FromJob must refuse it too, naming
// the field, instead of reporting the gang Feasible on what it requests.
func TestFromJobRefusesRequestsTheAPIServerRefuses(t *testing.T) {
	ctx := context.Background()
	ns := "volcano-limits"
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	res := func(cpu, gpu string) corev1.ResourceList {
		var kv []string
		if cpu != "" {
			kv = append(kv, "cpu", cpu)
		}
		if gpu != "" {
			kv = append(kv, "nvidia.com/gpu", gpu)
		}
		return rl(kv...)
	}
	c := func(req, lim corev1.ResourceList) corev1.Container {
		return corev1.Container{Name: "main", Image: "trainer:1", Resources: corev1.ResourceRequirements{Requests: req, Limits: lim}}
	}
	const f = "spec.tasks[0].template.spec."
	cases := []struct {
		name  string
		spec  corev1.PodSpec
		field string
	}{
		{"gpu requested without a limit", corev1.PodSpec{Containers: []corev1.Container{c(res("1", "4"), nil)}},
			f + "containers[0].resources.limits[nvidia.com/gpu]"},
		{"gpu requested below its limit", corev1.PodSpec{Containers: []corev1.Container{c(res("", "1"), res("", "2"))}},
			f + "containers[0].resources.requests[nvidia.com/gpu]"},
		{"cpu requested above its limit", corev1.PodSpec{Containers: []corev1.Container{c(res("2", ""), res("1", ""))}},
			f + "containers[0].resources.requests[cpu]"},
		{"init container gpu without a limit", corev1.PodSpec{InitContainers: []corev1.Container{c(res("", "1"), nil)},
			Containers: []corev1.Container{{Name: "app", Image: "trainer:1", Resources: corev1.ResourceRequirements{Limits: res("1", "")}}}}, f + "initContainers[0].resources.limits[nvidia.com/gpu]"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("pod-%d", i), Namespace: ns}, Spec: *tc.spec.DeepCopy()}
			apiErr := env.Create(ctx, pod)
			require.True(t, apierrors.IsInvalid(apiErr), "the API server refuses the task's pod: %v", apiErr)

			job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: "train", Namespace: ns},
				Spec: batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{{Name: "worker", Replicas: 2,
					Template: corev1.PodTemplateSpec{Spec: tc.spec}}}}}
			_, err := volcano.FromJob(job)
			require.ErrorIs(t, err, volcano.ErrInvalid, "the API server says: %v", apiErr)
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field, "%v", err)
		})
	}
}
