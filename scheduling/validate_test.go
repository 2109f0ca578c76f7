package scheduling_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

// fields lists the Field of every *ValidationError in err, in order.
func fields(t *testing.T, err error) []string {
	t.Helper()
	joined, ok := err.(interface{ Unwrap() []error })
	if !ok {
		var ve *scheduling.ValidationError
		require.ErrorAs(t, err, &ve)
		return []string{ve.Field}
	}
	var out []string
	for _, e := range joined.Unwrap() {
		var ve *scheduling.ValidationError
		require.ErrorAs(t, e, &ve)
		out = append(out, ve.Field)
	}
	return out
}

// TestZeroNodeIsReady: a Node built in Go without saying anything about readiness used to be skipped as
// not ready, while the same node in a file was ready. The zero value is now the file default.
func TestZeroNodeIsReady(t *testing.T) {
	node := scheduling.Node{Name: "n1", Allocatable: rl(string(gpu), "4")}
	r, err := scheduling.Check(one(gpuGroup("w", 1, "4")), []scheduling.ClusterSnapshot{cluster("c", node)}, scheduling.Options{})
	require.NoError(t, err)
	assert.Equal(t, scheduling.Feasible, r.Clusters[0].Verdict, r.Clusters[0].Message)
}

// TestCheckRefusesWhatItUsedToPass: each of these was a silent pass; each is now an error naming its field.
func TestCheckRefusesWhatItUsedToPass(t *testing.T) {
	snaps := []scheduling.ClusterSnapshot{cluster("c", gpuNode("n1", "4"))}
	tests := []struct {
		name   string
		gang   scheduling.Gang
		snaps  []scheduling.ClusterSnapshot
		field  string
		reason string
	}{
		{"no clusters", one(gpuGroup("w", 1, "1")), nil, "clusters", "at least one cluster snapshot is required"},
		{"half a GPU per pod", one(gpuGroup("w", 1, "0.5")), snaps, "groups[0].podRequests[nvidia.com/gpu]",
			"500m: must be an integer: nvidia.com/gpu is an extended resource"},
		{"half a GPU on a node", one(gpuGroup("w", 1, "1")), []scheduling.ClusterSnapshot{cluster("c", gpuNode("n1", "2.5"))},
			"clusters[0].nodes[0].allocatable[nvidia.com/gpu]", "2500m: must be an integer"},
		{"a fraction of a pod slot", one(gpuGroup("w", 1, "1")), []scheduling.ClusterSnapshot{cluster("c",
			scheduling.Node{Name: "n1", Allocatable: rl(string(gpu), "4", "pods", "1500m")})},
			"clusters[0].nodes[0].allocatable[pods]", "must be an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scheduling.Check(tt.gang, tt.snaps, scheduling.Options{})
			require.ErrorIs(t, err, scheduling.ErrInvalid)
			var ve *scheduling.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, tt.reason)
		})
	}
	_, err := scheduling.Check(one(scheduling.TaskGroup{Name: "w", Replicas: 1, PodRequests: rl("cpu", "0.5", "memory", "1.5Gi")}), snaps, scheduling.Options{})
	require.NoError(t, err, "fractions of native resources are fine")
}

// TestValidateReportsEveryProblemSortedByField: Check used to stop at the first problem; Validate (and
// Check, when the input is bad) report all of them, sorted by field, indexes in numeric order.
func TestValidateReportsEveryProblemSortedByField(t *testing.T) {
	gang := scheduling.Gang{MinAvailable: -1, Groups: []scheduling.TaskGroup{
		{Name: "", Replicas: -1},
		gpuGroup("w", 2, "0.5"),
		gpuGroup("w", 1, "1"),
	}}
	nodes := make([]scheduling.Node, 12)
	for i := range nodes {
		nodes[i] = gpuNode("n"+string(rune('a'+i)), "4")
	}
	nodes[2].Name = ""
	nodes[11].Requested = rl(string(gpu), "-1")
	snaps := []scheduling.ClusterSnapshot{
		cluster("c", nodes...),
		cluster("", gpuNode("n1", "1")),
		cluster("c", gpuNode("n1", "1"), gpuNode("n1", "1")),
	}
	opts := scheduling.Options{SearchBudget: -1, Assumed: []scheduling.AssumedPod{{Cluster: "x", Node: "n1"}}}
	want := []string{
		"clusters[0].nodes[2].name",
		"clusters[0].nodes[11].requested[nvidia.com/gpu]",
		"clusters[1].name",
		"clusters[2].name",
		"clusters[2].nodes[1].name",
		"groups[0].name",
		"groups[0].replicas",
		"groups[1].podRequests[nvidia.com/gpu]",
		"groups[2].name",
		"minAvailable",
		"options.assumed[0].cluster",
		"options.searchBudget",
	}
	err := scheduling.Validate(gang, snaps, opts)
	require.ErrorIs(t, err, scheduling.ErrInvalid)
	assert.Equal(t, want, fields(t, err))

	_, checkErr := scheduling.Check(gang, snaps, opts)
	require.Error(t, checkErr)
	assert.Equal(t, err.Error(), checkErr.Error(), "Check reports what Validate reports")
	assert.True(t, errors.Is(checkErr, scheduling.ErrInvalid))

	require.NoError(t, scheduling.Validate(one(gpuGroup("w", 1, "1")), []scheduling.ClusterSnapshot{cluster("c", gpuNode("n1", "4"))}, scheduling.Options{}))
}

// TestValidateChecksEveryQuantity: Check reads only the resources the gang requests; Validate checks every
// quantity of the snapshot, as the API server would have refused it.
func TestValidateChecksEveryQuantity(t *testing.T) {
	n := gpuNode("n1", "4")
	n.Allocatable["example.com/fpga"] = resource.MustParse("0.5")
	snaps := []scheduling.ClusterSnapshot{{Name: "c", Nodes: []scheduling.Node{n},
		Queues: []scheduling.Queue{{Name: "q", Capability: corev1.ResourceList{gpu: resource.MustParse("-2")}}}}}
	gang := one(scheduling.TaskGroup{Name: "w", Replicas: 1, PodRequests: rl("cpu", "1")})
	_, err := scheduling.Check(gang, snaps, scheduling.Options{})
	require.NoError(t, err)
	err = scheduling.Validate(gang, snaps, scheduling.Options{})
	assert.Equal(t, []string{"clusters[0].nodes[0].allocatable[example.com/fpga]", "clusters[0].queues[0].capability[nvidia.com/gpu]"}, fields(t, err))
}
