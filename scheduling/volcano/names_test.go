package volcano_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	batchv1alpha1 "volcano.sh/apis/pkg/apis/batch/v1alpha1"

	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// Volcano's job admission (volcano-sh/volcano v1.14 pkg/webhooks/admission/jobs/validate/admit_job.go
// validateJobCreate) refuses a Job whose name is not a qualified name, a task whose name is not a
// DNS-1123 label, and a task whose pod name (job-task-index, index the task's position) is longer
// than a qualified name's 63 characters. Such a job never runs, so FromJob must not call it Feasible.
func TestFromJobRefusesNamesVolcanoRefuses(t *testing.T) {
	long := strings.Repeat("x", 60)
	tests := []struct {
		name, job string
		tasks     []string
		field     string
	}{
		{"upper-case task name", "train", []string{"Worker"}, "spec.tasks[0].name"},
		{"task name with a dot", "train", []string{"ps", "worker.gpu"}, "spec.tasks[1].name"},
		{"pod name over 63 characters", long, []string{"worker"}, "spec.tasks[0].name"},
		{"job name over 63 characters", long + "-training", []string{"w"}, "metadata.name"},
		{"job name with a slash", "team/train", []string{"w"}, "metadata.name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: tt.job}}
			for _, n := range tt.tasks {
				job.Spec.Tasks = append(job.Spec.Tasks, task(n, 1, nil, rl("cpu", "1")))
			}
			_, err := volcano.FromJob(job)
			require.ErrorIs(t, err, volcano.ErrInvalid)
			var ve *volcano.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field, "%v", err)
		})
	}
}

// A job read from a file may have no name; its gang is still checked, and defaulted task names
// (default0, ...) are valid.
func TestFromJobAcceptsValidAndMissingNames(t *testing.T) {
	for _, name := range []string{"", "train", strings.Repeat("x", 48)} {
		job := &batchv1alpha1.Job{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: batchv1alpha1.JobSpec{Tasks: []batchv1alpha1.TaskSpec{
			task("", 1, nil, rl("cpu", "1")), task("worker-1", 1, nil, rl("cpu", "1"))}}}
		_, err := volcano.FromJob(job)
		require.NoError(t, err, "job name %q", name)
	}
}
