package volcano

import (
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
)

// taskMin is the minimum Volcano's job admission gives a task without minAvailable, after checking its
// partition policy as the admission does (volcano-sh/volcano v1.14.4,
// pkg/webhooks/admission/jobs/validate/admit_job.go validatePartitionPolicy, and
// pkg/webhooks/admission/jobs/mutate/mutate_job.go mutateSpec): the replicas must be totalPartitions ×
// partitionSize, and with minPartitions set the minimum is minPartitions × partitionSize, else the
// replicas. A task's given minAvailable must then equal that product. Sizes are multiplied in int64. A
// hard network topology per partition is refused (hardTopology).
func taskMin(field string, t *batchv1alpha1.TaskSpec) (int32, error) {
	p := t.PartitionPolicy
	if p == nil {
		return t.Replicas, nil
	}
	pf := field + ".partitionPolicy"
	switch {
	case p.TotalPartitions <= 0:
		return 0, invalid(pf+".totalPartitions", "must be greater than 0, got %d", p.TotalPartitions)
	case p.PartitionSize <= 0:
		return 0, invalid(pf+".partitionSize", "must be greater than 0, got %d", p.PartitionSize)
	case int64(t.Replicas) != int64(p.TotalPartitions)*int64(p.PartitionSize):
		return 0, invalid(field+".replicas", "%d is not totalPartitions × partitionSize = %d × %d", t.Replicas, p.TotalPartitions, p.PartitionSize)
	case p.MinPartitions < 0 || p.MinPartitions > p.TotalPartitions:
		return 0, invalid(pf+".minPartitions", "%d must be between 0 and totalPartitions %d", p.MinPartitions, p.TotalPartitions)
	}
	if err := jobTopology(pf+".networkTopology", p.NetworkTopology); err != nil {
		return 0, err
	}
	if p.MinPartitions == 0 {
		return t.Replicas, nil
	}
	// MinPartitions <= TotalPartitions, so the product is at most the replicas.
	min := p.MinPartitions * p.PartitionSize
	if t.MinAvailable != nil && *t.MinAvailable != min {
		return 0, invalid(field+".minAvailable", "%d is not minPartitions × partitionSize = %d", *t.MinAvailable, min)
	}
	return min, nil
}
