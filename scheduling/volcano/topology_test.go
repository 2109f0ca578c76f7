package volcano_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
	schedulingv1beta1 "volcano.sh/apis/pkg/apis/scheduling/v1beta1"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// TestFromJobRefusesHardNetworkTopology: a hard network topology confines the job (or each partition) to
// one HyperNode of the allowed tier, which a cluster snapshot does not describe; dropping it reported jobs
// Feasible that Volcano keeps pending. The CRD defaults an empty mode to hard. Soft mode only prefers.
func TestFromJobRefusesHardNetworkTopology(t *testing.T) {
	tier := 1
	tests := []struct {
		name  string
		edit  func(*batchv1alpha1.Job)
		field string // empty: accepted
	}{
		{"hard", func(j *batchv1alpha1.Job) {
			j.Spec.NetworkTopology = &batchv1alpha1.NetworkTopologySpec{Mode: batchv1alpha1.HardNetworkTopologyMode, HighestTierAllowed: &tier}
		}, "spec.networkTopology"},
		{"mode defaults to hard", func(j *batchv1alpha1.Job) {
			j.Spec.NetworkTopology = &batchv1alpha1.NetworkTopologySpec{HighestTierName: "rack"}
		}, "spec.networkTopology"},
		{"hard per partition", func(j *batchv1alpha1.Job) {
			j.Spec.Tasks[0].PartitionPolicy.NetworkTopology = &batchv1alpha1.NetworkTopologySpec{HighestTierAllowed: &tier}
		}, "spec.tasks[0].partitionPolicy.networkTopology"},
		{"soft", func(j *batchv1alpha1.Job) {
			j.Spec.NetworkTopology = &batchv1alpha1.NetworkTopologySpec{Mode: batchv1alpha1.SoftNetworkTopologyMode, HighestTierAllowed: &tier}
			j.Spec.Tasks[0].PartitionPolicy.NetworkTopology = &batchv1alpha1.NetworkTopologySpec{Mode: batchv1alpha1.SoftNetworkTopologyMode}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job := partitioned(2, 2, 1)
			tt.edit(job)
			_, err := volcano.FromJob(job)
			if tt.field == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, volcano.ErrInvalid)
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
		})
	}
}

func TestFromPodGroupRefusesHardNetworkTopology(t *testing.T) {
	tier := 2
	pods := []corev1.Pod{{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c"}}}}}
	pg := &schedulingv1beta1.PodGroup{ObjectMeta: metav1.ObjectMeta{Name: "pg"}, Spec: schedulingv1beta1.PodGroupSpec{MinMember: 1}}
	pg.Spec.NetworkTopology = &schedulingv1beta1.NetworkTopologySpec{HighestTierAllowed: &tier}
	_, err := volcano.FromPodGroup(pg, pods)
	var ve *volcano.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.networkTopology", ve.Field)

	pg.Spec.NetworkTopology = nil
	pg.Spec.SubGroupPolicy = []schedulingv1beta1.SubGroupPolicySpec{{Name: "workers",
		NetworkTopology: &schedulingv1beta1.NetworkTopologySpec{Mode: schedulingv1beta1.HardNetworkTopologyMode, HighestTierAllowed: &tier}}}
	_, err = volcano.FromPodGroup(pg, pods)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.subGroupPolicy[0].networkTopology", ve.Field)
}

// A task's NUMA topology policy restricted or single-numa-node admits a pod only on nodes whose NUMA
// layout fits it (Volcano's numa-aware plugin), which a cluster snapshot does not describe; it was
// dropped, so gang check could call Feasible a job Volcano keeps pending. none and best-effort only prefer.
func TestFromJobRefusesANUMATopologyPolicy(t *testing.T) {
	for policy, refused := range map[batchv1alpha1.NumaPolicy]bool{
		batchv1alpha1.Restricted: true, batchv1alpha1.SingleNumaNode: true,
		batchv1alpha1.BestEffort: false, batchv1alpha1.None: false, "": false,
	} {
		t.Run(string(policy), func(t *testing.T) {
			job := partitioned(2, 2, 1)
			job.Spec.Tasks[0].TopologyPolicy = policy
			_, err := volcano.FromJob(job)
			if !refused {
				assert.NoError(t, err)
				return
			}
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "spec.tasks[0].topologyPolicy", ve.Field)
			assert.Contains(t, ve.Error(), string(policy))
		})
	}
}
