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

func check(t *testing.T, gang scheduling.Gang, opts scheduling.Options, nodes ...scheduling.Node) scheduling.ClusterResult {
	t.Helper()
	r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{cluster("c", nodes...)}, opts)
	require.NoError(t, err)
	return r.Clusters[0]
}

func one(g scheduling.TaskGroup) scheduling.Gang {
	return scheduling.Gang{Groups: []scheduling.TaskGroup{g}}
}

func TestEligibility(t *testing.T) {
	base := func(mut func(*scheduling.Node)) scheduling.Node {
		n := gpuNode("n1", "4")
		n.Labels = map[string]string{"zone": "a"}
		mut(&n)
		return n
	}
	tol := func(key string, effect corev1.TaintEffect) []corev1.Toleration {
		return []corev1.Toleration{{Key: key, Operator: corev1.TolerationOpExists, Effect: effect}}
	}
	affinity := &corev1.NodeAffinity{RequiredDuringSchedulingIgnoredDuringExecution: &corev1.NodeSelector{
		NodeSelectorTerms: []corev1.NodeSelectorTerm{{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: "zone", Operator: corev1.NodeSelectorOpNotIn, Values: []string{"a"}}}}}}}
	tests := []struct {
		name   string
		node   func(*scheduling.Node)
		group  func(*scheduling.TaskGroup)
		reason string // empty: Feasible
	}{
		{"ready node", func(*scheduling.Node) {}, func(*scheduling.TaskGroup) {}, ""},
		{"not ready", func(n *scheduling.Node) { n.NotReady = true }, func(*scheduling.TaskGroup) {}, "node(s) were not ready"},
		{"cordoned", func(n *scheduling.Node) { n.Unschedulable = true }, func(*scheduling.TaskGroup) {}, "node(s) were unschedulable"},
		{"cordon tolerated", func(n *scheduling.Node) { n.Unschedulable = true },
			func(g *scheduling.TaskGroup) {
				g.Tolerations = tol(corev1.TaintNodeUnschedulable, corev1.TaintEffectNoSchedule)
			}, ""},
		{"selector mismatch", func(*scheduling.Node) {}, func(g *scheduling.TaskGroup) { g.NodeSelector = map[string]string{"zone": "b"} },
			"node(s) didn't match Pod's node affinity/selector"},
		{"selector match", func(*scheduling.Node) {}, func(g *scheduling.TaskGroup) { g.NodeSelector = map[string]string{"zone": "a"} }, ""},
		{"required affinity NotIn", func(*scheduling.Node) {}, func(g *scheduling.TaskGroup) { g.Affinity = affinity },
			"node(s) didn't match Pod's node affinity/selector"},
		{"NoExecute taint", func(n *scheduling.Node) {
			n.Taints = []corev1.Taint{{Key: "maint", Value: "now", Effect: corev1.TaintEffectNoExecute}}
		}, func(*scheduling.TaskGroup) {}, "node(s) had untolerated taint {maint: now}"},
		{"PreferNoSchedule ignored", func(n *scheduling.Node) {
			n.Taints = []corev1.Taint{{Key: "soft", Value: "x", Effect: corev1.TaintEffectPreferNoSchedule}}
		}, func(*scheduling.TaskGroup) {}, ""},
		{"toleration with wrong value", func(n *scheduling.Node) {
			n.Taints = []corev1.Taint{{Key: "k", Value: "v", Effect: corev1.TaintEffectNoSchedule}}
		}, func(g *scheduling.TaskGroup) {
			g.Tolerations = []corev1.Toleration{{Key: "k", Operator: corev1.TolerationOpEqual, Value: "w"}}
		}, "node(s) had untolerated taint {k: v}"},
		{"wildcard toleration", func(n *scheduling.Node) {
			n.Taints = []corev1.Taint{{Key: "k", Value: "v", Effect: corev1.TaintEffectNoExecute}}
		}, func(g *scheduling.TaskGroup) {
			g.Tolerations = []corev1.Toleration{{Operator: corev1.TolerationOpExists}}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := gpuGroup("worker", 1, "1")
			tt.group(&g)
			res := check(t, one(g), scheduling.Options{}, base(tt.node))
			if tt.reason == "" {
				assert.Equal(t, scheduling.Feasible, res.Verdict, res.Message)
				return
			}
			require.Equal(t, scheduling.Infeasible, res.Verdict)
			assert.Equal(t, scheduling.CheckNoEligibleNode, res.Certificate.Check)
			assert.Equal(t, []scheduling.ReasonCount{{Reason: tt.reason, Nodes: 1}}, res.Certificate.Reasons)
			assert.Equal(t, "0/1 nodes are available: 1 "+tt.reason+".", res.Certificate.Summary())
		})
	}
}

func TestResourceDimensions(t *testing.T) {
	node := func(alloc, req corev1.ResourceList) scheduling.Node {
		return scheduling.Node{Name: "n1", Allocatable: alloc, Requested: req}
	}
	tests := []struct {
		name     string
		node     scheduling.Node
		request  corev1.ResourceList
		replicas int32
		resource corev1.ResourceName // empty: Feasible
	}{
		{"milli cpu fits", node(rl("cpu", "2", "pods", "10"), rl("cpu", "500m")), rl("cpu", "750m"), 2, ""},
		{"milli cpu short", node(rl("cpu", "2", "pods", "10"), rl("cpu", "600m")), rl("cpu", "750m"), 2, "pods"},
		{"memory", node(rl("memory", "8Gi"), nil), rl("memory", "9Gi"), 1, "memory"},
		{"ephemeral-storage", node(rl("ephemeral-storage", "10Gi"), rl("ephemeral-storage", "5Gi")), rl("ephemeral-storage", "6Gi"), 1, "ephemeral-storage"},
		{"hugepages", node(rl("hugepages-2Mi", "1Gi"), nil), rl("hugepages-2Mi", "512Mi"), 2, ""},
		{"extended resource missing counts as zero", node(rl("cpu", "8"), nil), rl("example.com/fpga", "1"), 1, "example.com/fpga"},
		{"pods slot full", node(rl("cpu", "8", "pods", "3"), rl("pods", "3")), rl("cpu", "1"), 1, "pods"},
		{"pods missing means no pod limit", node(rl("cpu", "8"), nil), rl("cpu", "1"), 8, ""},
		{"overcommitted unrelated resource", node(rl("cpu", "8", "memory", "1Gi"), rl("memory", "2Gi")), rl("cpu", "1"), 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := check(t, one(scheduling.TaskGroup{Name: "w", Replicas: tt.replicas, PodRequests: tt.request}), scheduling.Options{}, tt.node)
			if tt.resource == "" {
				require.Equal(t, scheduling.Feasible, res.Verdict, res.Message)
				assert.Equal(t, tt.replicas, res.Placement.Pods("w"))
				return
			}
			require.Equal(t, scheduling.Infeasible, res.Verdict)
			assert.Equal(t, tt.resource, res.Certificate.Resource, res.Message)
		})
	}
	t.Run("too many pods wording", func(t *testing.T) {
		res := check(t, one(scheduling.TaskGroup{Name: "w", Replicas: 1}), scheduling.Options{}, node(rl("pods", "2"), rl("pods", "2")))
		assert.Equal(t, "0/1 nodes are available: 1 Too many pods.", res.Certificate.Summary())
	})
}

func TestVolcanoMinimums(t *testing.T) {
	// Two tasks with 2 GPUs per pod on one 4-GPU node: only 2 pods fit.
	nodes := []scheduling.Node{gpuNode("n1", "4")}
	gang := func(jobMin int32, aMin int32) scheduling.Gang {
		a, b := gpuGroup("a", 2, "2"), gpuGroup("b", 2, "2")
		a.Min, b.Min = ptr(aMin), ptr(int32(0))
		return scheduling.Gang{MinAvailable: jobMin, Groups: []scheduling.TaskGroup{a, b}}
	}
	t.Run("job minimum below task minimums: task minimums not enforced", func(t *testing.T) {
		g := gang(1, 2)
		g.Groups[1].Min = ptr(int32(2)) // Σ task minimums 4 > job minimum 1
		r, err := scheduling.Check(g, []scheduling.ClusterSnapshot{cluster("c", nodes...)}, scheduling.Options{})
		require.NoError(t, err)
		assert.Equal(t, scheduling.Feasible, r.Clusters[0].Verdict)
		assert.Len(t, r.Warnings, 1)
		assert.Contains(t, r.Warnings[0], "not enforced")

		r, err = scheduling.Check(g, []scheduling.ClusterSnapshot{cluster("c", nodes...)}, scheduling.Options{StrictPerTask: true})
		require.NoError(t, err)
		assert.Equal(t, scheduling.Infeasible, r.Clusters[0].Verdict)
		assert.Len(t, r.Warnings, 1)
		assert.Contains(t, r.Warnings[0], "StrictPerTask enforces")
	})
	t.Run("job minimum above task minimums", func(t *testing.T) {
		res := check(t, gang(3, 1), scheduling.Options{}, nodes...)
		require.Equal(t, scheduling.Infeasible, res.Verdict)
		// Each task alone fits 2 pods (4 ≥ 3 together), but 3 pods need 6 GPUs of 4.
		assert.Equal(t, scheduling.CheckAggregateResource, res.Certificate.Check)
		assert.Equal(t, "6", res.Certificate.Need.String())
		res = check(t, gang(2, 1), scheduling.Options{}, nodes...)
		require.Equal(t, scheduling.Feasible, res.Verdict)
		assert.GreaterOrEqual(t, res.Placement.Pods("a"), int32(1))
	})
	t.Run("default job minimum is the sum of task minimums", func(t *testing.T) {
		res := check(t, gang(0, 2), scheduling.Options{}, nodes...)
		require.Equal(t, scheduling.Feasible, res.Verdict)
		assert.Equal(t, scheduling.Placement{"n1": {"a": 2}}, res.Placement)
	})
}

func TestOptions(t *testing.T) {
	g := one(gpuGroup("w", 2, "2"))
	busy := gpuNode("n1", "4")
	busy.Requested = rl(string(gpu), "2")
	busy.Releasing = rl(string(gpu), "2")
	t.Run("pipelined counts releasing resources", func(t *testing.T) {
		assert.Equal(t, scheduling.Infeasible, check(t, g, scheduling.Options{}, busy).Verdict)
		assert.Equal(t, scheduling.Feasible, check(t, g, scheduling.Options{Pipelined: true}, busy).Verdict)
	})
	t.Run("assumed placements are subtracted", func(t *testing.T) {
		opts := scheduling.Options{Assumed: []scheduling.AssumedPod{{Cluster: "c", Node: "n1", Requests: rl(string(gpu), "1")}}}
		assert.Equal(t, scheduling.Feasible, check(t, g, scheduling.Options{}, gpuNode("n1", "4")).Verdict)
		res := check(t, g, opts, gpuNode("n1", "4"))
		assert.Equal(t, scheduling.Infeasible, res.Verdict)
		assert.Equal(t, "group capacity 1 of 2", res.Message[:len("group capacity 1 of 2")])
	})
	t.Run("queue gate is reported separately", func(t *testing.T) {
		snap := cluster("c", gpuNode("n1", "4"))
		snap.Queues = []scheduling.Queue{{Name: "default", Capability: rl(string(gpu), "8"), Allocated: rl(string(gpu), "6")}}
		r, err := scheduling.Check(g, []scheduling.ClusterSnapshot{snap}, scheduling.Options{QueueGate: true})
		require.NoError(t, err)
		res := r.Clusters[0]
		assert.Equal(t, scheduling.Feasible, res.Verdict)
		require.NotNil(t, res.Queue)
		assert.False(t, res.Queue.Admitted)
		assert.Equal(t, gpu, res.Queue.Resource)
		assert.Equal(t, "4", res.Queue.Need.String())
		assert.Equal(t, "2", res.Queue.Have.String())

		snap.Queues[0].Allocated = rl(string(gpu), "4")
		r, err = scheduling.Check(g, []scheduling.ClusterSnapshot{snap}, scheduling.Options{QueueGate: true})
		require.NoError(t, err)
		assert.True(t, r.Clusters[0].Queue.Admitted)

		g2 := g
		g2.Queue = "research"
		r, err = scheduling.Check(g2, []scheduling.ClusterSnapshot{snap}, scheduling.Options{QueueGate: true})
		require.NoError(t, err)
		assert.False(t, r.Clusters[0].Queue.Admitted)
		assert.Contains(t, r.Clusters[0].Queue.Message, "does not exist")
	})
}

// hardGang is an instance where every greedy order fails and only the exact search finds the
// placement (found by random search against brute force).
func hardGang() (scheduling.Gang, []scheduling.Node) {
	node := func(name, cpu, mem, gpus string) scheduling.Node {
		return scheduling.Node{Name: name, Allocatable: rl("cpu", cpu, "memory", mem, string(gpu), gpus)}
	}
	gang := scheduling.Gang{Groups: []scheduling.TaskGroup{
		{Name: "g0", Replicas: 3, PodRequests: rl("cpu", "1", "memory", "3")},
		{Name: "g1", Replicas: 1, PodRequests: rl("cpu", "2", string(gpu), "1")},
		{Name: "g2", Replicas: 2, PodRequests: rl("cpu", "2", "memory", "1")},
	}}
	return gang, []scheduling.Node{node("n0", "5", "6", "1"), node("n1", "0", "3", "2"), node("n2", "2", "4", "0"), node("n3", "3", "4", "2")}
}

func TestSearch(t *testing.T) {
	t.Run("finds what greedy orders miss", func(t *testing.T) {
		gang, nodes := hardGang()
		res := check(t, gang, scheduling.Options{}, nodes...)
		require.Equal(t, scheduling.Feasible, res.Verdict)
		assert.Positive(t, res.SearchSteps)
		assert.Empty(t, witnessError(gang, cluster("c", nodes...), false, res.Placement))
	})
	t.Run("proves infeasibility the necessary checks miss", func(t *testing.T) {
		node := func(name string) scheduling.Node {
			return scheduling.Node{Name: name, Allocatable: rl("cpu", "4")}
		}
		gang := scheduling.Gang{Groups: []scheduling.TaskGroup{
			{Name: "a", Replicas: 2, PodRequests: rl("cpu", "3")},
			{Name: "b", Replicas: 1, PodRequests: rl("cpu", "2")},
		}}
		res := check(t, gang, scheduling.Options{}, node("n1"), node("n2"))
		require.Equal(t, scheduling.Infeasible, res.Verdict)
		assert.Equal(t, scheduling.CheckExhaustiveSearch, res.Certificate.Check, res.Message)
	})
	t.Run("unknown when the budget runs out", func(t *testing.T) {
		gang, nodes := hardGang()
		res := check(t, gang, scheduling.Options{SearchBudget: 3}, nodes...)
		assert.Equal(t, scheduling.Unknown, res.Verdict)
		assert.Empty(t, res.Placement)
		assert.Nil(t, res.Certificate)
	})
}

func TestAggregateBound(t *testing.T) {
	// Each group alone fits, but together they need 6 GPUs where eligible nodes have 4.
	gang := scheduling.Gang{Groups: []scheduling.TaskGroup{gpuGroup("a", 1, "3"), gpuGroup("b", 1, "3")}}
	res := check(t, gang, scheduling.Options{}, gpuNode("n1", "3"))
	require.Equal(t, scheduling.Infeasible, res.Verdict)
	assert.Equal(t, scheduling.CheckAggregateResource, res.Certificate.Check)
	assert.Equal(t, gpu, res.Certificate.Resource)
	assert.Equal(t, "3", res.Certificate.Short.String())
}

func TestPodFitTogether(t *testing.T) {
	// cpu is available on n1 and memory on n2, never both on one node.
	n1 := scheduling.Node{Name: "n1", Allocatable: rl("cpu", "8", "memory", "1Gi")}
	n2 := scheduling.Node{Name: "n2", Allocatable: rl("cpu", "1", "memory", "16Gi")}
	res := check(t, one(scheduling.TaskGroup{Name: "w", Replicas: 1, PodRequests: rl("cpu", "4", "memory", "8Gi")}), scheduling.Options{}, n1, n2)
	require.Equal(t, scheduling.Infeasible, res.Verdict)
	assert.Equal(t, scheduling.CheckPodFit, res.Certificate.Check)
	assert.Contains(t, res.Message, "no eligible node fits every resource")
	assert.Equal(t, []scheduling.ReasonCount{{"Insufficient cpu", 1}, {"Insufficient memory", 1}}, res.Certificate.Reasons)
}

func TestRanking(t *testing.T) {
	gang := one(gpuGroup("w", 2, "2"))
	r, err := scheduling.Check(gang, []scheduling.ClusterSnapshot{
		cluster("roomy", gpuNode("n1", "8"), gpuNode("n2", "8")),
		cluster("none", gpuNode("n1", "1")),
		cluster("tight", gpuNode("n1", "4")),
		cluster("half", gpuNode("n1", "2")),
	}, scheduling.Options{})
	require.NoError(t, err)
	var order []string
	for _, rk := range r.Ranking {
		order = append(order, rk.Cluster)
	}
	assert.Equal(t, []string{"tight", "roomy", "half", "none"}, order)
	assert.Equal(t, "tight", r.Best)
	assert.Contains(t, r.Ranking[0].Reason, "using 4 of 4 free nvidia.com/gpu")
	assert.Equal(t, []string{"none", "half"}, []string{r.Clusters[1].Cluster, r.Clusters[3].Cluster}, "results keep input order")
}

func TestBadInput(t *testing.T) {
	good := func() scheduling.Gang { return one(gpuGroup("w", 2, "1")) }
	snaps := []scheduling.ClusterSnapshot{cluster("c", gpuNode("n1", "4"))}
	neg := resource.MustParse("-1")
	huge := resource.MustParse("1e30")
	tests := []struct {
		name  string
		gang  func() scheduling.Gang
		snaps func() []scheduling.ClusterSnapshot
		opts  scheduling.Options
		field string
	}{
		{"no task groups", func() scheduling.Gang { return scheduling.Gang{} }, nil, scheduling.Options{}, "groups"},
		{"negative request", func() scheduling.Gang {
			g := good()
			g.Groups[0].PodRequests = corev1.ResourceList{corev1.ResourceCPU: neg}
			return g
		}, nil, scheduling.Options{}, "groups[0].podRequests[cpu]"},
		{"task min above replicas", func() scheduling.Gang { g := good(); g.Groups[0].Min = ptr(int32(3)); return g }, nil, scheduling.Options{}, "groups[0].min"},
		{"job min above replicas", func() scheduling.Gang { g := good(); g.MinAvailable = 3; return g }, nil, scheduling.Options{}, "minAvailable"},
		{"duplicate group", func() scheduling.Gang {
			g := good()
			g.Groups = append(g.Groups, g.Groups[0])
			return g
		}, nil, scheduling.Options{}, "groups[1].name"},
		{"pods request", func() scheduling.Gang { g := good(); g.Groups[0].PodRequests = rl("pods", "1"); return g }, nil, scheduling.Options{}, "groups[0].podRequests[pods]"},
		{"negative replicas", func() scheduling.Gang { g := good(); g.Groups[0].Replicas = -1; return g }, nil, scheduling.Options{}, "groups[0].replicas"},
		{"huge allocatable", good, func() []scheduling.ClusterSnapshot {
			n := gpuNode("n1", "4")
			n.Allocatable = corev1.ResourceList{gpu: huge}
			return []scheduling.ClusterSnapshot{cluster("c", n)}
		}, scheduling.Options{}, "clusters[0].nodes[0].allocatable[nvidia.com/gpu]"},
		{"negative requested", good, func() []scheduling.ClusterSnapshot {
			n := gpuNode("n1", "4")
			n.Requested = corev1.ResourceList{gpu: neg}
			return []scheduling.ClusterSnapshot{cluster("c", n)}
		}, scheduling.Options{}, "clusters[0].nodes[0].requested[nvidia.com/gpu]"},
		{"duplicate node", good, func() []scheduling.ClusterSnapshot {
			return []scheduling.ClusterSnapshot{cluster("c", gpuNode("n1", "1"), gpuNode("n1", "2"))}
		}, scheduling.Options{}, "clusters[0].nodes[1].name"},
		{"duplicate cluster", good, func() []scheduling.ClusterSnapshot { return append(snaps, snaps...) }, scheduling.Options{}, "clusters[1].name"},
		{"negative budget", good, nil, scheduling.Options{SearchBudget: -1}, "options.searchBudget"},
		{"assumed on unknown cluster", good, nil, scheduling.Options{Assumed: []scheduling.AssumedPod{{Cluster: "x", Node: "n1"}}}, "options.assumed[0].cluster"},
		{"assumed on unknown node", good, nil, scheduling.Options{Assumed: []scheduling.AssumedPod{{Cluster: "c", Node: "nx"}}}, "options.assumed[0].node"},
		{"second assumed on unknown node", good, nil, scheduling.Options{Assumed: []scheduling.AssumedPod{{Cluster: "c", Node: "n1"}, {Cluster: "c", Node: "nx"}}}, "options.assumed[1].node"},
		{"assumed requests pods", good, nil, scheduling.Options{Assumed: []scheduling.AssumedPod{{Cluster: "c", Node: "n1", Requests: rl("pods", "1")}}}, "options.assumed[0].requests[pods]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := snaps
			if tt.snaps != nil {
				s = tt.snaps()
			}
			_, err := scheduling.Check(tt.gang(), s, tt.opts)
			require.Error(t, err)
			assert.True(t, errors.Is(err, scheduling.ErrInvalid))
			var ve *scheduling.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
}

// TestAssumedUnknownNodeInInputOrder checks that of several assumed pods on
// unknown nodes the first in input order is reported, every time.
func TestAssumedUnknownNodeInInputOrder(t *testing.T) {
	snaps := []scheduling.ClusterSnapshot{cluster("c", gpuNode("n1", "4")), cluster("d", gpuNode("n1", "4"))}
	opts := scheduling.Options{Assumed: []scheduling.AssumedPod{
		{Cluster: "c", Node: "n1"}, {Cluster: "d", Node: "ny"}, {Cluster: "c", Node: "nx"}, {Cluster: "c", Node: "nz"}}}
	for range 50 {
		_, err := scheduling.Check(one(gpuGroup("w", 2, "1")), snaps, opts)
		var ve *scheduling.ValidationError
		require.ErrorAs(t, err, &ve)
		require.Equal(t, "options.assumed[1].node", ve.Field)
		require.Equal(t, `node "ny" is not in cluster "d"`, ve.Reason)
	}
}
