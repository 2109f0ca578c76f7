package podresources_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/internal/podresources"
)

func TestDefault(t *testing.T) {
	q := resource.MustParse
	p := &corev1.Pod{Spec: corev1.PodSpec{
		Resources: &corev1.ResourceRequirements{Limits: corev1.ResourceList{"cpu": q("8"), "memory": q("4Gi")}},
		Containers: []corev1.Container{
			{Name: "a", Resources: corev1.ResourceRequirements{Limits: corev1.ResourceList{"cpu": q("1"), "nvidia.com/gpu": q("1")}}},
			{Name: "b", Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{"cpu": q("500m")}}},
		},
	}}
	podresources.Default(p)
	assert.Equal(t, corev1.ResourceList{"cpu": q("1"), "nvidia.com/gpu": q("1")}, p.Spec.Containers[0].Resources.Requests,
		"a container's limits are its missing requests")
	got := p.Spec.Resources.Requests
	cpu, mem := q("1500m"), q("4Gi")
	assert.Zero(t, cpu.Cmp(got["cpu"]), "pod cpu: the containers' requests, not the pod limit (got %s)", got.Cpu())
	assert.Zero(t, mem.Cmp(got["memory"]), "pod memory: no container requests it, so the pod limit (got %s)", got.Memory())
	_, gpu := got["nvidia.com/gpu"]
	assert.False(t, gpu, "extended resources have no pod-level request")
}
