package scheduling_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/scheduling"
)

// TestPublicCases are the six worked cases listed in the package documentation.
func TestPublicCases(t *testing.T) {
	gpuTaint := corev1.Taint{Key: "nvidia.com/gpu", Value: "present", Effect: corev1.TaintEffectNoSchedule}
	tainted := func(n scheduling.Node) scheduling.Node { n.Taints = []corev1.Taint{gpuTaint}; return n }
	tolerating := gpuGroup("worker", 1, "2")
	tolerating.Tolerations = []corev1.Toleration{{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}}

	tests := []struct {
		name      string
		gang      scheduling.Gang
		clusters  []scheduling.ClusterSnapshot
		verdicts  map[string]scheduling.Verdict
		check     scheduling.CheckName
		message   string
		placement map[string]scheduling.Placement
	}{
		{
			name:     "4-GPU pod on two nodes with 2 free GPUs each",
			gang:     scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("worker", 1, "4")}},
			clusters: []scheduling.ClusterSnapshot{cluster("c1", gpuNode("n1", "2"), gpuNode("n2", "2"))},
			verdicts: map[string]scheduling.Verdict{"c1": scheduling.Infeasible},
			check:    scheduling.CheckPodFit,
			message:  "Insufficient nvidia.com/gpu: need 4 per pod, largest free 2",
		},
		{
			name:     "group capacity 1 of 2",
			gang:     scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("worker", 2, "2")}},
			clusters: []scheduling.ClusterSnapshot{cluster("c1", gpuNode("n1", "3"), gpuNode("n2", "1"))},
			verdicts: map[string]scheduling.Verdict{"c1": scheduling.Infeasible},
			check:    scheduling.CheckGroupCapacity,
			message:  "group capacity 1 of 2",
		},
		{
			name:      "first fit in task order fails, best fit succeeds",
			gang:      scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("a", 2, "2"), gpuGroup("b", 1, "8")}},
			clusters:  []scheduling.ClusterSnapshot{cluster("c1", gpuNode("n1", "8"), gpuNode("n2", "4"))},
			verdicts:  map[string]scheduling.Verdict{"c1": scheduling.Feasible},
			placement: map[string]scheduling.Placement{"c1": {"n1": {"b": 1}, "n2": {"a": 2}}},
		},
		{
			name:      "minAvailable 6 of 8",
			gang:      scheduling.Gang{MinAvailable: 6, Groups: []scheduling.TaskGroup{gpuGroup("worker", 8, "2")}},
			clusters:  []scheduling.ClusterSnapshot{cluster("c1", gpuNode("n1", "8"), gpuNode("n2", "4"))},
			verdicts:  map[string]scheduling.Verdict{"c1": scheduling.Feasible},
			placement: map[string]scheduling.Placement{"c1": {"n1": {"worker": 4}, "n2": {"worker": 2}}},
		},
		{
			name:     "untolerated GPU taint",
			gang:     scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("worker", 1, "2")}},
			clusters: []scheduling.ClusterSnapshot{cluster("c1", tainted(gpuNode("n1", "4")), tainted(gpuNode("n2", "4")))},
			verdicts: map[string]scheduling.Verdict{"c1": scheduling.Infeasible},
			check:    scheduling.CheckNoEligibleNode,
			message:  "no node is eligible",
		},
		{
			name:      "tolerated GPU taint",
			gang:      scheduling.Gang{Groups: []scheduling.TaskGroup{tolerating}},
			clusters:  []scheduling.ClusterSnapshot{cluster("c1", tainted(gpuNode("n1", "4")), tainted(gpuNode("n2", "3")))},
			verdicts:  map[string]scheduling.Verdict{"c1": scheduling.Feasible},
			placement: map[string]scheduling.Placement{"c1": {"n2": {"worker": 1}}},
		},
		{
			name: "never sum across clusters",
			gang: scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("worker", 10, "1")}},
			clusters: []scheduling.ClusterSnapshot{
				cluster("c1", gpuNode("n1", "4"), gpuNode("n2", "2")),
				cluster("c2", gpuNode("n1", "6")),
			},
			verdicts: map[string]scheduling.Verdict{"c1": scheduling.Infeasible, "c2": scheduling.Infeasible},
			check:    scheduling.CheckGroupCapacity,
			message:  "group capacity 6 of 10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := scheduling.Check(tt.gang, tt.clusters, scheduling.Options{})
			require.NoError(t, err)
			require.Len(t, r.Clusters, len(tt.clusters))
			for _, c := range r.Clusters {
				assert.Equal(t, tt.verdicts[c.Cluster], c.Verdict, c.Message)
				if c.Verdict == scheduling.Infeasible {
					require.NotNil(t, c.Certificate)
					assert.Equal(t, tt.check, c.Certificate.Check)
					assert.Contains(t, c.Message, tt.message)
				}
				if want, ok := tt.placement[c.Cluster]; ok {
					assert.Equal(t, want, c.Placement)
				}
			}
		})
	}
}

func TestPublicCaseCertificates(t *testing.T) {
	r, err := scheduling.Check(scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("worker", 1, "4")}},
		[]scheduling.ClusterSnapshot{cluster("c1", gpuNode("n1", "2"), gpuNode("n2", "2"))}, scheduling.Options{})
	require.NoError(t, err)
	c := r.Clusters[0].Certificate
	assert.Equal(t, gpu, c.Resource)
	assert.Equal(t, "4", c.Need.String())
	assert.Equal(t, "2", c.Have.String())
	assert.Equal(t, "2", c.Short.String())
	assert.Equal(t, "0/2 nodes are available: 2 Insufficient nvidia.com/gpu.", c.Summary())
	assert.Empty(t, r.Best)
}
