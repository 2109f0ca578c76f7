package scheduling_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
	"github.com/fleetkit/fleetkit/scheduling"
)

const decodeClusters = `clusters:
- name: c1
  nodes:
  - {name: n1, allocatable: {nvidia.com/gpu: 8}, labels: {zone: a}}
  - {name: n2, allocatable: {nvidia.com/gpu: 4}, requested: {nvidia.com/gpu: "1"}, notReady: true}
`

func TestDecodeCheckInput(t *testing.T) {
	in, err := scheduling.DecodeCheckInput([]byte(decodeClusters + "gang:\n  groups: [{name: w, replicas: 2, podRequests: {nvidia.com/gpu: 4}}]\n"))
	require.NoError(t, err)
	require.Len(t, in.Clusters, 1)
	nodes := in.Clusters[0].Nodes
	assert.False(t, nodes[0].NotReady, "a node is ready unless it says notReady")
	assert.True(t, nodes[1].NotReady)
	gpu := nodes[1].Requested["nvidia.com/gpu"]
	assert.Equal(t, int64(1), gpu.Value())
	require.NotNil(t, in.Gang)
	assert.Nil(t, in.Job)

	report, err := scheduling.Check(*in.Gang, in.Clusters, scheduling.Options{})
	require.NoError(t, err)
	assert.Equal(t, scheduling.Feasible, report.Clusters[0].Verdict)

	in, err = scheduling.DecodeCheckInput([]byte(decodeClusters + "job:\n  apiVersion: batch.volcano.sh/v1alpha1\n  kind: Job\n"))
	require.NoError(t, err)
	assert.Nil(t, in.Gang)
	assert.JSONEq(t, `{"apiVersion":"batch.volcano.sh/v1alpha1","kind":"Job"}`, string(in.Job))
}

func TestDecodeCheckInputNamesTheField(t *testing.T) {
	gang := "gang: {groups: [{name: w, replicas: 1}]}\n"
	cases := []struct{ name, doc, field, reason string }{
		{"bad node quantity", "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: lots}}\n" + gang,
			"clusters[0].nodes[0].allocatable[nvidia.com/gpu]", `invalid value string "lots"`},
		{"bad gang quantity", decodeClusters + "gang: {groups: [{name: w, replicas: 1, podRequests: {cpu: 1x}}]}\n",
			"gang.groups[0].podRequests.cpu", `invalid value string "1x"`},
		{"unknown field", decodeClusters + "gang: {groups: [{name: w, replica: 1}]}\n", "gang.groups[0].replica", `did you mean "replicas"?`},
		{"wrong type", "clusters:\n- name: c1\n  nodes:\n  - {name: n1, unschedulable: yes}\n" + gang,
			"clusters[0].nodes[0].unschedulable", `expected true or false, got string "yes" (line 4)`},
		{"duplicate key", "clusters:\n- name: c1\n  name: c2\n" + gang, "clusters[0].name", `duplicate key "name" (first at line 2) (line 3)`},
		{"second document", decodeClusters + gang + "---\n" + decodeClusters, "input", "a second document where one is expected"},
		{"ready: is gone", "clusters:\n- name: c1\n  nodes:\n  - {name: n1, ready: false}\n" + gang, "clusters[0].nodes[0].ready",
			"unknown field (line 4): a node is ready unless it says notReady: true"},
		{"no job", decodeClusters, "job", "required"},
		{"both", decodeClusters + gang + "job: {kind: Job}\n", "job", "not both"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := scheduling.DecodeCheckInput([]byte(c.doc))
			require.ErrorIs(t, err, scheduling.ErrInvalid)
			var ve *scheduling.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			assert.Contains(t, ve.Reason, c.reason)
		})
	}
}

func TestDecodeGang(t *testing.T) {
	g, err := scheduling.DecodeGang([]byte(`{"name":"train","minAvailable":3,"groups":[{"name":"w","replicas":4,"min":3,"podRequests":{"cpu":"2"}}]}`))
	require.NoError(t, err)
	assert.Equal(t, int32(3), *g.Groups[0].Min)
	_, err = scheduling.DecodeGang([]byte(`{"groups":[{"name":"w","name":"v"}]}`))
	var ve *scheduling.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "groups[0].name", ve.Field)
}

// TestDecodeCheckInputRefusesAnAliasBomb: fleetctl gang check used to expand a 1 MiB string referenced
// 2,000 times to 2 GiB.
func TestDecodeCheckInputRefusesAnAliasBomb(t *testing.T) {
	bomb := strictyamltest.AliasBomb("clusters: []\n")
	cost, err := strictyamltest.Measure(func() error { _, err := scheduling.DecodeCheckInput(bomb); return err })
	require.ErrorIs(t, err, scheduling.ErrInvalid)
	assert.Contains(t, err.Error(), "decoded size exceeds the limit")
	assert.True(t, cost.Within(strictyamltest.Budget), "refusing cost %v and %d MB", cost.Duration, cost.Alloc>>20)
}

func FuzzDecodeCheckInput(f *testing.F) {
	f.Add([]byte(decodeClusters + "gang: {groups: [{name: w, replicas: 2, podRequests: {nvidia.com/gpu: 4}}]}\n"))
	f.Add([]byte(`{"clusters":[{"name":"c","nodes":[{"name":"n","allocatable":{"cpu":"1e3"}}]}],"job":{"kind":"Job"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := scheduling.DecodeCheckInput(data)
		if err != nil || in.Gang == nil {
			return
		}
		// Whatever decodes can be checked: a report or an error naming bad input, never a panic.
		if _, err := scheduling.Check(*in.Gang, in.Clusters, scheduling.Options{SearchBudget: 1000}); err != nil {
			require.ErrorIs(t, err, scheduling.ErrInvalid)
		}
	})
}

// FuzzDecodeGang: whatever bytes come in, DecodeGang returns a gang or an
// error matching ErrInvalid, never a panic; a decoded gang can be checked.
func FuzzDecodeGang(f *testing.F) {
	f.Add([]byte("groups: [{name: w, replicas: 2, podRequests: {nvidia.com/gpu: 4}}]\n"))
	f.Add([]byte(`{"groups":[{"name":"w","replicas":-1,"min":9,"podRequests":{"cpu":"1e30"}}]}`))
	f.Add([]byte("groups: &g [{name: a}]\nx: *g\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := scheduling.DecodeGang(data)
		if err != nil {
			require.ErrorIs(t, err, scheduling.ErrInvalid)
			return
		}
		snap := scheduling.ClusterSnapshot{Name: "c"}
		if _, err := scheduling.Check(g, []scheduling.ClusterSnapshot{snap}, scheduling.Options{SearchBudget: 1000}); err != nil {
			require.ErrorIs(t, err, scheduling.ErrInvalid)
		}
	})
}
