package main

import (
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

const demoGPU corev1.ResourceName = "nvidia.com/gpu"

// demoGang is the seed's trap: training-bj has 6 free GPUs in total, but scattered 2 per node, so a
// 4-GPU pod fits no node there; a sum-based estimator (Karmada's general estimator) says it fits.
func demoGang(w io.Writer, env demoEnv) error {
	job := demoJob()
	gang, err := volcano.FromJob(job)
	if err != nil {
		return err
	}
	snaps, sums := demoSnapshots(env.Fleet)
	if len(snaps) == 0 {
		fmt.Fprintln(w, "No member of this fleet reports nvidia.com/gpu capacity: nothing to check.")
		return nil
	}
	fmt.Fprintf(w, "Volcano Job %q: task %q, %d pod × 4 %s (tolerates the GPU taint).\n\n",
		job.Name, gang.Groups[0].Name, gang.Groups[0].Replicas, demoGPU)
	fmt.Fprintln(w, "What a sum-based estimator sees (free GPUs summed over each cluster's nodes):")
	for _, s := range snaps {
		fmt.Fprintf(w, "  %-12s %2d free → %s\n", s.Name, sums[s.Name], map[bool]string{true: "fits", false: "does not fit"}[sums[s.Name] >= 4])
	}
	report, err := scheduling.Check(gang, snaps, scheduling.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhat fleetkit decides, per cluster and per node (the gang is never split across clusters):")
	if err := gangTable(w, report); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nRanking:")
	for i, r := range report.Ranking {
		fmt.Fprintf(w, "  %d. %s (%s): %s\n", i+1, r.Cluster, r.Verdict, r.Reason)
	}
	return nil
}

func demoJob() *batchv1alpha1.Job {
	gpus := corev1.ResourceList{demoGPU: resource.MustParse("4")}
	return &batchv1alpha1.Job{
		ObjectMeta: metav1.ObjectMeta{Name: "llm-finetune"},
		Spec: batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{{
			Name: "trainer", Replicas: 1,
			Template: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
				Containers:  []corev1.Container{{Name: "trainer", Image: "trainer:v1", Resources: corev1.ResourceRequirements{Limits: gpus}}},
				Tolerations: []corev1.Toleration{{Key: string(demoGPU), Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}},
			}},
		}}},
	}
}

// demoSnapshots synthesises node-level snapshots for the fleet's GPU members from their cluster-wide
// capacity: 8-GPU nodes for training clusters, 4-GPU nodes otherwise. Free GPUs are laid out as the
// seed tells it: scattered 2 per node on training clusters (after a week of small jobs), packed
// elsewhere. The member's taints are the nodes' taints.
func demoSnapshots(f fleet.Fleet) ([]scheduling.ClusterSnapshot, map[string]int64) {
	var snaps []scheduling.ClusterSnapshot
	sums := map[string]int64{}
	for _, m := range f.Members {
		alloc, ok := m.Capacity.Allocatable[demoGPU]
		if !ok || alloc.Value() == 0 {
			continue
		}
		perNode, chunk := int64(4), int64(4)
		if m.Role == fleet.RoleTraining {
			perNode, chunk = 8, 2
		}
		free := m.Capacity.Free()[demoGPU]
		sums[m.Name] = free.Value()
		snaps = append(snaps, demoNodes(m, alloc.Value()/perNode, perNode, free.Value(), chunk))
	}
	return snaps, sums
}

func demoNodes(m fleet.Member, nodes, perNode, free, chunk int64) scheduling.ClusterSnapshot {
	snap := scheduling.ClusterSnapshot{Name: m.Name}
	for i := range nodes {
		f := min(chunk, free)
		free -= f
		snap.Nodes = append(snap.Nodes, scheduling.Node{
			Name:        fmt.Sprintf("%s-gpu-%02d", m.Name, i+1),
			Allocatable: corev1.ResourceList{demoGPU: *resource.NewQuantity(perNode, resource.DecimalSI), corev1.ResourcePods: resource.MustParse("110")},
			Requested:   corev1.ResourceList{demoGPU: *resource.NewQuantity(perNode-f, resource.DecimalSI)},
			Labels:      m.Labels,
			Taints:      m.Taints,
		})
	}
	return snap
}
