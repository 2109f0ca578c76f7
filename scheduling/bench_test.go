package scheduling_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
)

// fleetSnapshot builds clusters×nodes nodes of two kinds (GPU nodes, tainted, and CPU nodes) with
// requests drawn from a pool of distinct lists, so every cluster has hundreds of distinct free vectors.
// Lists are shared between nodes only to keep the benchmark's own input small; the engine reads each
// node's lists as if they were distinct.
func fleetSnapshot(clusters, nodes int, seed uint64) []scheduling.ClusterSnapshot {
	rng := rand.New(rand.NewPCG(seed, 42))
	gpuAlloc := rl("cpu", "96", "memory", "768Gi", string(gpu), "8", "pods", "110", "ephemeral-storage", "1Ti")
	cpuAlloc := rl("cpu", "64", "memory", "256Gi", "pods", "110", "ephemeral-storage", "500Gi")
	gpuLabels := map[string]string{"accelerator": "nvidia-a100", "topology.kubernetes.io/zone": "z1"}
	cpuLabels := map[string]string{"topology.kubernetes.io/zone": "z1"}
	taints := []corev1.Taint{{Key: "nvidia.com/gpu", Value: "present", Effect: corev1.TaintEffectNoSchedule}}
	pool := make([]corev1.ResourceList, 4096)
	for i := range pool {
		pool[i] = corev1.ResourceList{
			corev1.ResourceCPU:    *resource.NewMilliQuantity(rng.Int64N(60_000), resource.DecimalSI),
			corev1.ResourceMemory: *resource.NewQuantity(rng.Int64N(200)<<30, resource.BinarySI),
			gpu:                   *resource.NewQuantity(rng.Int64N(9), resource.DecimalSI),
			corev1.ResourcePods:   *resource.NewQuantity(rng.Int64N(100), resource.DecimalSI),
		}
	}
	out := make([]scheduling.ClusterSnapshot, clusters)
	for c := range out {
		ns := make([]scheduling.Node, nodes)
		for j := range ns {
			n := scheduling.Node{Name: fmt.Sprintf("node-%04d", j), Requested: pool[rng.IntN(len(pool))]}
			if j%4 == 0 {
				n.Allocatable, n.Labels, n.Taints = gpuAlloc, gpuLabels, taints
			} else {
				n.Allocatable, n.Labels = cpuAlloc, cpuLabels
			}
			ns[j] = n
		}
		out[c] = scheduling.ClusterSnapshot{Name: fmt.Sprintf("cluster-%04d", c), Nodes: ns}
	}
	return out
}

// trainingGang is a two-group job: parameter servers on any node, GPU workers on GPU nodes.
func trainingGang() scheduling.Gang {
	return scheduling.Gang{Name: "llm", Groups: []scheduling.TaskGroup{
		{Name: "ps", Replicas: 4, PodRequests: rl("cpu", "8", "memory", "32Gi")},
		{Name: "worker", Replicas: 32, PodRequests: rl("cpu", "12", "memory", "64Gi", string(gpu), "2"),
			NodeSelector: map[string]string{"accelerator": "nvidia-a100"},
			Tolerations:  []corev1.Toleration{{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists}}},
	}}
}

// BenchmarkCheckFleet is the documented target size: 1,000 clusters × 1,000 nodes, a two-group job.
func BenchmarkCheckFleet(b *testing.B) {
	snaps := fleetSnapshot(1000, 1000, 1)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "snapshot-heap-MiB")
	gang := trainingGang()
	start := cpuTime()
	for b.Loop() {
		r, err := scheduling.Check(gang, snaps, scheduling.Options{})
		if err != nil || len(r.Clusters) != len(snaps) {
			b.Fatal(err)
		}
	}
	// CPU time per op (this process, all threads: the GC included) is the honest "one core" figure
	// on a shared machine, where wall time depends on the neighbours.
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime is the process's user+system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// BenchmarkCheckCluster is one cluster of 1,000 nodes, for per-cluster cost and allocations.
func BenchmarkCheckCluster(b *testing.B) {
	snaps := fleetSnapshot(1, 1000, 2)
	gang := trainingGang()
	for b.Loop() {
		if _, err := scheduling.Check(gang, snaps, scheduling.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
