package volcano

import (
	"fmt"
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"
	schedulingv1beta1 "volcano.sh/apis/pkg/apis/scheduling/v1beta1"

	"github.com/fleetkit/fleetkit/scheduling"
)

// FromPodGroup converts a PodGroup and the pods of its gang into a Gang. Pods are grouped by their
// Volcano task (annotation volcano.sh/task-spec, "default" without it); pods of one task must have
// the same requests, node selector, node affinity and tolerations. minMember is the job minimum and
// minTaskMember the task minimums (a task without an entry: all its pods).
func FromPodGroup(pg *schedulingv1beta1.PodGroup, pods []corev1.Pod) (scheduling.Gang, error) {
	if pg == nil {
		return scheduling.Gang{}, invalid("podGroup", "must not be nil")
	}
	if len(pods) == 0 {
		return scheduling.Gang{}, invalid("pods", "a PodGroup needs at least one pod")
	}
	if err := podGroupTopology(&pg.Spec); err != nil {
		return scheduling.Gang{}, err
	}
	byTask := map[string]*scheduling.TaskGroup{}
	for i := range pods {
		if err := addPod(byTask, i, &pods[i]); err != nil {
			return scheduling.Gang{}, err
		}
	}
	gang := scheduling.Gang{Name: pg.Name, Queue: pg.Spec.Queue, MinAvailable: pg.Spec.MinMember}
	if gang.Queue == "" {
		gang.Queue = DefaultQueue
	}
	var replicas int32
	for _, name := range slices.Sorted(maps.Keys(byTask)) {
		g := byTask[name]
		if m, ok := pg.Spec.MinTaskMember[name]; ok {
			if m < 0 || m > g.Replicas {
				return scheduling.Gang{}, invalid(fmt.Sprintf("spec.minTaskMember[%s]", name), "%d must be between 0 and the task's %d pods", m, g.Replicas)
			}
			g.Min = &m
		}
		replicas += g.Replicas
		gang.Groups = append(gang.Groups, *g)
	}
	if m := pg.Spec.MinMember; m < 0 || m > replicas {
		return scheduling.Gang{}, invalid("spec.minMember", "%d must be between 0 and the %d pods given", m, replicas)
	}
	return gang, nil
}

func addPod(byTask map[string]*scheduling.TaskGroup, i int, pod *corev1.Pod) error {
	task := pod.Annotations[batchv1alpha1.TaskSpecKey]
	if task == "" {
		task = batchv1alpha1.DefaultTaskSpec
	}
	if err := requestProblems(fmt.Sprintf("pods[%d].spec", i), &pod.Spec); err != nil {
		return err
	}
	if err := placementProblems(fmt.Sprintf("pods[%d].spec", i), &pod.Spec); err != nil {
		return err
	}
	g := scheduling.TaskGroup{
		Name: task, Replicas: 1, PodRequests: effectiveRequests(&pod.Spec),
		NodeSelector: maps.Clone(pod.Spec.NodeSelector), Affinity: nodeAffinity(&pod.Spec),
		Tolerations: slices.Clone(pod.Spec.Tolerations),
	}
	prev, ok := byTask[task]
	if !ok {
		byTask[task] = &g
		return nil
	}
	g.Replicas = prev.Replicas
	if !equality.Semantic.DeepEqual(*prev, g) {
		return invalid(fmt.Sprintf("pods[%d]", i), "pod %s of task %q differs from the task's other pods in requests or placement constraints", pod.Name, task)
	}
	prev.Replicas++
	return nil
}
