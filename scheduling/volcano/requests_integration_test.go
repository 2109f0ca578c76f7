package volcano_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	resourcehelper "k8s.io/component-helpers/resource"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// What a task's pod is charged is what kube-apiserver's defaulting makes of its template: each
// template is created as a Pod on the real API server, and the requests fleetkit reads from the Job
// must equal the pod's requests as stored. Pod-level resources (on by default since 1.34) used to
// be charged their limits even where the containers request less.
func TestTaskRequestsAreWhatTheAPIServerDefaults(t *testing.T) {
	ctx := context.Background()
	ns := "volcano-requests"
	require.NoError(t, env.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	q := resource.MustParse
	container := func(name string, req, lim corev1.ResourceList) corev1.Container {
		return corev1.Container{Name: name, Image: "trainer:1", Resources: corev1.ResourceRequirements{Requests: req, Limits: lim}}
	}
	cases := map[string]corev1.PodSpec{
		"pod limits, containers request less": {
			Resources:  &corev1.ResourceRequirements{Limits: corev1.ResourceList{"cpu": q("8"), "memory": q("16Gi")}},
			Containers: []corev1.Container{container("main", corev1.ResourceList{"cpu": q("1")}, nil)},
		},
		"pod limits, containers request nothing": {
			Resources:  &corev1.ResourceRequirements{Limits: corev1.ResourceList{"cpu": q("4")}},
			Containers: []corev1.Container{container("main", nil, nil)},
		},
		"pod requests and limits": {
			Resources: &corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": q("2")},
				Limits: corev1.ResourceList{"cpu": q("8"), "memory": q("8Gi")}},
			Containers: []corev1.Container{container("main", corev1.ResourceList{"cpu": q("1"), "memory": q("1Gi")}, nil)},
		},
		"container limits only, with a sidecar and an init container": {
			InitContainers: []corev1.Container{
				container("setup", nil, corev1.ResourceList{"cpu": q("3")}),
				func() corev1.Container {
					c := container("proxy", corev1.ResourceList{"cpu": q("250m")}, nil)
					always := corev1.ContainerRestartPolicyAlways
					c.RestartPolicy = &always
					return c
				}(),
			},
			Containers: []corev1.Container{container("main", nil, corev1.ResourceList{"cpu": q("2"), "nvidia.com/gpu": q("1")})},
		},
	}
	i := 0
	for name, spec := range cases {
		t.Run(name, func(t *testing.T) {
			i++
			job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: "train", Namespace: ns},
				Spec: batchv1alpha1.JobSpec{MinAvailable: 1, Tasks: []batchv1alpha1.TaskSpec{{Name: "worker", Replicas: 1,
					Template: corev1.PodTemplateSpec{Spec: spec}}}}}
			gang, err := volcano.FromJob(job)
			require.NoError(t, err)

			pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("pod-%d", i), Namespace: ns}, Spec: *spec.DeepCopy()}
			require.NoError(t, env.Create(ctx, pod))
			want := resourcehelper.PodRequests(pod, resourcehelper.PodResourcesOptions{})
			got := gang.Groups[0].PodRequests
			for res, w := range want {
				g := got[res]
				assert.Zero(t, w.Cmp(g), "%s: the API server charges %s, fleetkit %s", res, w.String(), g.String())
			}
			assert.Len(t, got, len(want), "got %v, want %v", got, want)
		})
	}
}
