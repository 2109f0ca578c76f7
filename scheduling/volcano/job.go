package volcano

import (
	"fmt"
	"maps"
	"math"
	"slices"

	corev1 "k8s.io/api/core/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/scheduling"
)

// DefaultQueue is the queue Volcano's admission gives a job that names none.
const DefaultQueue = "default"

// FromJob converts a Volcano Job into a Gang, applying Volcano's admission defaults and validation:
// a Job needs tasks, replicas and minimums are non-negative, a task's minAvailable is at most its
// replicas and the job's at most the total replicas, task names are DNS-1123 labels, and the job and
// pod names fit 63 characters (jobNameProblem, taskNameProblem).
func FromJob(job *batchv1alpha1.Job) (scheduling.Gang, error) {
	if job == nil {
		return scheduling.Gang{}, invalid("job", "must not be nil")
	}
	spec := &job.Spec
	if err := jobNameProblem(job.Name); err != nil {
		return scheduling.Gang{}, err
	}
	if len(spec.Tasks) == 0 {
		return scheduling.Gang{}, invalid("spec.tasks", "a Job needs at least one task")
	}
	if err := jobTopology("spec.networkTopology", spec.NetworkTopology); err != nil {
		return scheduling.Gang{}, err
	}
	gang := scheduling.Gang{Name: job.Name, Queue: spec.Queue}
	if gang.Queue == "" {
		gang.Queue = DefaultQueue
	}
	groups, replicas, sumMin, err := fromTasks(job)
	if err != nil {
		return scheduling.Gang{}, err
	}
	gang.Groups = groups
	switch m := spec.MinAvailable; {
	case m < 0:
		return scheduling.Gang{}, invalid("spec.minAvailable", "must not be negative, got %d", m)
	case int64(m) > replicas:
		return scheduling.Gang{}, invalid("spec.minAvailable", "%d is greater than the total replicas %d of the tasks", m, replicas)
	case m == 0:
		// Every task minimum is at most its replicas, so sumMin <= replicas <= MaxInt32.
		gang.MinAvailable = int32(sumMin)
	default:
		gang.MinAvailable = m
	}
	return gang, nil
}

// fromTasks converts the job's tasks into task groups and sums their replicas and minimums, in int64:
// Volcano's int32 fields would wrap on large tasks.
func fromTasks(job *batchv1alpha1.Job) (groups []scheduling.TaskGroup, replicas, sumMin int64, err error) {
	seen := map[string]bool{}
	for i := range job.Spec.Tasks {
		g, err := fromTask(i, &job.Spec.Tasks[i])
		if err != nil {
			return nil, 0, 0, err
		}
		if err := taskNameProblem(job.Name, i, g.Name); err != nil {
			return nil, 0, 0, err
		}
		if seen[g.Name] {
			return nil, 0, 0, invalid(fmt.Sprintf("spec.tasks[%d].name", i), "duplicate task name %q", g.Name)
		}
		seen[g.Name] = true
		replicas += int64(g.Replicas)
		sumMin += int64(*g.Min)
		if replicas > math.MaxInt32 {
			return nil, 0, 0, invalid(fmt.Sprintf("spec.tasks[%d].replicas", i),
				"the total replicas of the tasks %d exceed %d", replicas, math.MaxInt32)
		}
		groups = append(groups, g)
	}
	return groups, replicas, sumMin, nil
}

func fromTask(i int, t *batchv1alpha1.TaskSpec) (scheduling.TaskGroup, error) {
	field := fmt.Sprintf("spec.tasks[%d]", i)
	name := t.Name
	if name == "" {
		name = fmt.Sprintf("%s%d", batchv1alpha1.DefaultTaskSpec, i)
	}
	if t.Replicas < 0 {
		return scheduling.TaskGroup{}, invalid(field+".replicas", "must not be negative, got %d", t.Replicas)
	}
	min, err := taskMin(field, t)
	if err != nil {
		return scheduling.TaskGroup{}, err
	}
	if t.MinAvailable != nil {
		min = *t.MinAvailable
		if min < 0 || min > t.Replicas {
			return scheduling.TaskGroup{}, invalid(field+".minAvailable", "%d must be between 0 and replicas %d", min, t.Replicas)
		}
	}
	pod := &t.Template.Spec
	if err := requestProblems(field+".template.spec", pod); err != nil {
		return scheduling.TaskGroup{}, err
	}
	if err := placementProblems(field+".template.spec", pod); err != nil {
		return scheduling.TaskGroup{}, err
	}
	if err := numaPolicy(field+".topologyPolicy", t.TopologyPolicy); err != nil {
		return scheduling.TaskGroup{}, err
	}
	return scheduling.TaskGroup{
		Name: name, Replicas: t.Replicas, Min: &min,
		PodRequests:  effectiveRequests(pod),
		NodeSelector: maps.Clone(pod.NodeSelector),
		Affinity:     nodeAffinity(pod),
		Tolerations:  slices.Clone(pod.Tolerations),
	}, nil
}

// requestProblems rejects a negative request or limit, a fraction of a resource the API server
// counts in whole units (pods, extended resources such as nvidia.com/gpu), and a request its limit
// does not allow (limitProblems), naming the container field.
func requestProblems(field string, spec *corev1.PodSpec) error {
	check := func(f string, list corev1.ResourceList) error {
		for _, name := range slices.Sorted(maps.Keys(list)) {
			q := list[name]
			if q.Sign() < 0 {
				return invalid(fmt.Sprintf("%s[%s]", f, name), "%s: must not be negative", q.String())
			}
			if scheduling.WholeUnits(name) && q.MilliValue()%1000 != 0 {
				return invalid(fmt.Sprintf("%s[%s]", f, name), "%s: %s", q.String(), scheduling.WholeUnitsReason(name))
			}
		}
		return nil
	}
	err := eachContainer(field, spec, func(f string, c *corev1.Container, _ bool) error {
		if err := check(f+".resources.requests", c.Resources.Requests); err != nil {
			return err
		}
		if err := check(f+".resources.limits", c.Resources.Limits); err != nil {
			return err
		}
		return limitProblems(f+".resources", &c.Resources)
	})
	if err != nil {
		return err
	}
	return check(field+".overhead", spec.Overhead)
}
