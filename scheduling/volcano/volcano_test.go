package volcano_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
	schedulingv1beta1 "volcano.sh/apis/pkg/apis/scheduling/v1beta1"

	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

func rl(kv ...string) corev1.ResourceList {
	out := corev1.ResourceList{}
	for i := 0; i+1 < len(kv); i += 2 {
		out[corev1.ResourceName(kv[i])] = resource.MustParse(kv[i+1])
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func task(name string, replicas int32, min *int32, limits corev1.ResourceList) batchv1alpha1.TaskSpec {
	return batchv1alpha1.TaskSpec{Name: name, Replicas: replicas, MinAvailable: min,
		Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{
			Name: "main", Image: "trainer", Resources: corev1.ResourceRequirements{Limits: limits}}}}}}
}

func TestFromJobDefaults(t *testing.T) {
	job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: "train"}, Spec: batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{
		task("", 2, nil, rl("nvidia.com/gpu", "4", "cpu", "8")),
		task("ps", 3, ptr(int32(1)), rl("cpu", "2")),
	}}}
	job.Spec.Tasks[0].Template.Spec.InitContainers = []corev1.Container{{Name: "init", Resources: corev1.ResourceRequirements{Requests: rl("cpu", "16")}}}
	job.Spec.Tasks[0].Template.Spec.Overhead = rl("cpu", "250m")
	gang, err := volcano.FromJob(job)
	require.NoError(t, err)
	assert.Equal(t, "train", gang.Name)
	assert.Equal(t, "default", gang.Queue)
	assert.Equal(t, int32(3), gang.MinAvailable, "Σ task minimums: 2 + 1")
	require.Len(t, gang.Groups, 2)
	g := gang.Groups[0]
	assert.Equal(t, "default0", g.Name)
	assert.Equal(t, int32(2), *g.Min)
	// limits become requests; the init container's 16 cpu dominates; overhead is added.
	assert.Equal(t, "16250m", ptr(g.PodRequests[corev1.ResourceCPU]).String())
	assert.Equal(t, "4", ptr(g.PodRequests["nvidia.com/gpu"]).String())
	assert.Equal(t, int32(1), *gang.Groups[1].Min)
}

func TestFromJobErrors(t *testing.T) {
	tests := []struct {
		name  string
		job   batchv1alpha1.JobSpec
		field string
	}{
		{"no tasks", batchv1alpha1.JobSpec{}, "spec.tasks"},
		{"task min above replicas", batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{task("a", 1, ptr(int32(2)), nil)}}, "spec.tasks[0].minAvailable"},
		{"job min above replicas", batchv1alpha1.JobSpec{MinAvailable: 5, Tasks: []batchv1alpha1.TaskSpec{task("a", 2, nil, nil)}}, "spec.minAvailable"},
		{"negative limit", batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{task("a", 1, nil, rl("cpu", "-1"))}},
			"spec.tasks[0].template.spec.containers[0].resources.limits[cpu]"},
		{"half a GPU", batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{task("a", 1, nil, rl("cpu", "0.5", "nvidia.com/gpu", "0.5"))}},
			"spec.tasks[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]"},
		{"duplicate task", batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{task("a", 1, nil, nil), task("a", 1, nil, nil)}}, "spec.tasks[1].name"},
		{"total replicas above int32", batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{
			task("a", math.MaxInt32, nil, nil), task("b", 1, ptr(int32(0)), nil)}}, "spec.tasks[1].replicas"},
		{"total replicas wrap with a job minimum", batchv1alpha1.JobSpec{MinAvailable: 5, Tasks: []batchv1alpha1.TaskSpec{
			task("a", math.MaxInt32, ptr(int32(0)), nil), task("b", 0, nil, nil), task("c", math.MaxInt32, nil, nil)}}, "spec.tasks[2].replicas"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := volcano.FromJob(&batchv1alpha1.Job{Spec: tt.job})
			require.Error(t, err)
			assert.True(t, errors.Is(err, volcano.ErrInvalid))
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

// TestFromJobLargeTotals checks that totals up to MaxInt32 are summed exactly.
func TestFromJobLargeTotals(t *testing.T) {
	gang, err := volcano.FromJob(&batchv1alpha1.Job{Spec: batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{
		task("a", math.MaxInt32-1, nil, nil), task("b", 1, nil, nil)}}})
	require.NoError(t, err)
	assert.Equal(t, int32(math.MaxInt32), gang.MinAvailable)
}

func TestParseJob(t *testing.T) {
	manifest := `apiVersion: batch.volcano.sh/v1alpha1
kind: Job
metadata: {name: train}
spec:
  minAvailable: 1
  tasks:
  - name: worker
    replicas: 2
    template:
      spec:
        containers:
        - name: main
          image: trainer
          resources:
            limits: {nvidia.com/gpu: %s}
`
	job, err := volcano.ParseJob([]byte(fmt.Sprintf(manifest, "4")))
	require.NoError(t, err)
	assert.Equal(t, int32(2), job.Spec.Tasks[0].Replicas)

	_, err = volcano.ParseJob([]byte(fmt.Sprintf(manifest, "four")))
	var ve *volcano.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.tasks[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]", ve.Field)

	_, err = volcano.ParseJob([]byte("apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nspec: {taskz: []}\n"))
	require.ErrorIs(t, err, volcano.ErrInvalid)
	assert.Contains(t, err.Error(), "taskz")
}

func TestFromPodGroup(t *testing.T) {
	pod := func(name, task string, gpus string) corev1.Pod {
		return corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{batchv1alpha1.TaskSpecKey: task}},
			Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Resources: corev1.ResourceRequirements{Limits: rl("nvidia.com/gpu", gpus)}}}}}
	}
	pg := &schedulingv1beta1.PodGroup{ObjectMeta: metav1.ObjectMeta{Name: "pg"},
		Spec: schedulingv1beta1.PodGroupSpec{MinMember: 3, MinTaskMember: map[string]int32{"worker": 2}, Queue: "research"}}
	gang, err := volcano.FromPodGroup(pg, []corev1.Pod{pod("w0", "worker", "2"), pod("m0", "master", "1"), pod("w1", "worker", "2")})
	require.NoError(t, err)
	assert.Equal(t, "research", gang.Queue)
	assert.Equal(t, int32(3), gang.MinAvailable)
	require.Len(t, gang.Groups, 2)
	assert.Equal(t, "master", gang.Groups[0].Name)
	assert.Nil(t, gang.Groups[0].Min)
	assert.Equal(t, "worker", gang.Groups[1].Name)
	assert.Equal(t, int32(2), gang.Groups[1].Replicas)
	assert.Equal(t, int32(2), *gang.Groups[1].Min)

	_, err = volcano.FromPodGroup(pg, []corev1.Pod{pod("w0", "worker", "2"), pod("w1", "worker", "1"), pod("m0", "master", "1")})
	var ve *volcano.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "pods[1]", ve.Field)
}

func TestBuildSnapshot(t *testing.T) {
	ready := corev1.NodeStatus{Allocatable: rl("cpu", "8", "pods", "110"), Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue}}}
	nodes := []corev1.Node{
		{ObjectMeta: metav1.ObjectMeta{Name: "n1"}, Status: ready},
		{ObjectMeta: metav1.ObjectMeta{Name: "n2"}, Spec: corev1.NodeSpec{Unschedulable: true}},
	}
	pod := func(node string, cpu string, phase corev1.PodPhase, deleting bool) corev1.Pod {
		p := corev1.Pod{Spec: corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Resources: corev1.ResourceRequirements{Requests: rl("cpu", cpu)}}}},
			Status: corev1.PodStatus{Phase: phase}}
		if deleting {
			p.DeletionTimestamp = &metav1.Time{}
		}
		return p
	}
	snap := volcano.BuildSnapshot("c1", nodes, []corev1.Pod{
		pod("n1", "1", corev1.PodRunning, false), pod("n1", "2", corev1.PodRunning, true),
		pod("n1", "4", corev1.PodSucceeded, false), pod("", "4", corev1.PodPending, false),
	})
	require.Len(t, snap.Nodes, 2)
	n1 := snap.Nodes[0]
	assert.False(t, n1.NotReady)
	assert.Equal(t, "3", ptr(n1.Requested[corev1.ResourceCPU]).String())
	assert.Equal(t, "2", ptr(n1.Requested[corev1.ResourcePods]).String())
	assert.Equal(t, "2", ptr(n1.Releasing[corev1.ResourceCPU]).String())
	assert.True(t, snap.Nodes[1].NotReady)
	assert.True(t, snap.Nodes[1].Unschedulable)

	r, err := scheduling.Check(scheduling.Gang{Groups: []scheduling.TaskGroup{{Name: "w", Replicas: 1, PodRequests: rl("cpu", "6")}}},
		[]scheduling.ClusterSnapshot{snap}, scheduling.Options{Pipelined: true})
	require.NoError(t, err)
	assert.Equal(t, scheduling.Feasible, r.Clusters[0].Verdict, "5 free + 2 releasing")
}
