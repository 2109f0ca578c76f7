package volcano

import (
	"fmt"

	"k8s.io/apimachinery/pkg/util/validation"
)

// jobNameProblem refuses a Job name the API server (a DNS-1123 subdomain) or Volcano's job admission
// (a qualified name, at most 63 characters: volcano-sh/volcano v1.14
// pkg/webhooks/admission/jobs/validate/admit_job.go validateJobName) refuses. A Job without a name,
// as a manifest may be checked before one is chosen, is not refused.
func jobNameProblem(name string) error {
	if name == "" {
		return nil
	}
	msgs := validation.IsDNS1123Subdomain(name)
	if len(msgs) == 0 {
		msgs = validation.IsQualifiedName(name)
	}
	if len(msgs) > 0 {
		return invalid("metadata.name", "%q: %s", name, msgs[0])
	}
	return nil
}

// taskNameProblem refuses what Volcano's job admission refuses of the i-th task, named task after
// defaulting: a name that is not a DNS-1123 label, and, for a named job, a pod name
// job-task-i (the name the admission checks, though the controller numbers pods by replica) that is
// not a qualified name, so longer than 63 characters. Such a job is never admitted, whatever the
// clusters have free.
func taskNameProblem(job string, i int, task string) error {
	field := fmt.Sprintf("spec.tasks[%d].name", i)
	if msgs := validation.IsDNS1123Label(task); len(msgs) > 0 {
		return invalid(field, "%q: %s", task, msgs[0])
	}
	if job == "" {
		return nil
	}
	pod := fmt.Sprintf("%s-%s-%d", job, task, i)
	if msgs := validation.IsQualifiedName(pod); len(msgs) > 0 {
		return invalid(field, "the pod name %q Volcano derives from the job and task names: %s", pod, msgs[0])
	}
	return nil
}
