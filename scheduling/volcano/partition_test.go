package volcano_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

func partitioned(total, size, min int32) *batchv1alpha1.Job {
	worker := task("worker", total*size, nil, rl("nvidia.com/gpu", "1"))
	worker.PartitionPolicy = &batchv1alpha1.PartitionPolicySpec{TotalPartitions: total, PartitionSize: size, MinPartitions: min}
	return &batchv1alpha1.Job{Spec: batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{worker}}}
}

// TestFromJobPartitionMinimum: Volcano's admission defaults the minimum of a task with a partition policy
// to minPartitions × partitionSize, not to its replicas. Taking the replicas made gang check call a job
// Infeasible that Volcano starts: 2 partitions of 2 one-GPU workers fit the 4 free GPUs.
func TestFromJobPartitionMinimum(t *testing.T) {
	gang, err := volcano.FromJob(partitioned(4, 2, 2))
	require.NoError(t, err)
	require.Len(t, gang.Groups, 1)
	assert.Equal(t, int32(8), gang.Groups[0].Replicas)
	assert.Equal(t, int32(4), *gang.Groups[0].Min)
	assert.Equal(t, int32(4), gang.MinAvailable)

	node := scheduling.Node{Name: "n1", Allocatable: rl("nvidia.com/gpu", "4", "pods", "110")}
	r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{{Name: "c1", Nodes: []scheduling.Node{node}}}, scheduling.Options{})
	require.NoError(t, err)
	assert.Equal(t, scheduling.Feasible, r.Clusters[0].Verdict)

	// Without minPartitions the minimum stays the replicas (v1.14.4: a zero would drop the gang).
	gang, err = volcano.FromJob(partitioned(4, 2, 0))
	require.NoError(t, err)
	assert.Equal(t, int32(8), *gang.Groups[0].Min)
}

// TestFromJobPartitionErrors mirrors the partition checks of Volcano's job admission.
func TestFromJobPartitionErrors(t *testing.T) {
	const at = "spec.tasks[0]."
	tests := []struct {
		name  string
		edit  func(*batchv1alpha1.TaskSpec)
		field string
	}{
		{"no partitions", func(t *batchv1alpha1.TaskSpec) { t.PartitionPolicy.TotalPartitions = 0 }, at + "partitionPolicy.totalPartitions"},
		{"empty partitions", func(t *batchv1alpha1.TaskSpec) { t.PartitionPolicy.PartitionSize = 0 }, at + "partitionPolicy.partitionSize"},
		{"replicas not partitioned", func(t *batchv1alpha1.TaskSpec) { t.Replicas = 7 }, at + "replicas"},
		{"more partitions required than exist", func(t *batchv1alpha1.TaskSpec) { t.PartitionPolicy.MinPartitions = 5 }, at + "partitionPolicy.minPartitions"},
		{"minAvailable off the partitions", func(t *batchv1alpha1.TaskSpec) { t.MinAvailable = ptr(int32(3)) }, at + "minAvailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job := partitioned(4, 2, 2)
			tt.edit(&job.Spec.Tasks[0])
			_, err := volcano.FromJob(job)
			require.ErrorIs(t, err, volcano.ErrInvalid)
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}
