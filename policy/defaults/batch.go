package defaults

import (
	"maps"
	"math"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Job and CronJob defaults of kubernetes v1.35.4 pkg/apis/batch/v1/defaults.go and the create preparation
// of pkg/registry/batch/*/strategy.go.

// Labels the Job registry adds to the pod template (and selector) of a Job without a manual selector.
var (
	jobNameLabels      = []string{"job-name", batchv1.JobNameLabel}
	controllerUIDLabel = []string{"controller-uid", batchv1.ControllerUidLabel}
)

func createJob(j *batchv1.Job, out *Object) {
	s := &j.Spec
	if s.Completions == nil && s.Parallelism == nil {
		s.Completions = int32Ptr(1)
	}
	if s.Parallelism == nil {
		s.Parallelism = int32Ptr(1)
	}
	if s.BackoffLimit == nil {
		if s.BackoffLimitPerIndex != nil {
			s.BackoffLimit = int32Ptr(math.MaxInt32)
		} else {
			s.BackoffLimit = int32Ptr(6)
		}
	}
	shared := false
	if s.Template.Labels != nil && len(j.Labels) == 0 {
		// Upstream assigns the template's map itself, so the labels the registry adds below show on the
		// Job too, unless the name is generated: the registry then prepares a deep copy of the Job.
		j.Labels, shared = s.Template.Labels, !generatedName(j.ObjectMeta)
		if !shared {
			j.Labels = maps.Clone(s.Template.Labels)
		}
	}
	if s.CompletionMode == nil {
		mode := batchv1.NonIndexedCompletion
		s.CompletionMode = &mode
	}
	if s.Suspend == nil {
		s.Suspend = new(bool)
	}
	if s.PodReplacementPolicy == nil {
		policy := batchv1.TerminatingOrFailed
		if s.PodFailurePolicy != nil {
			policy = batchv1.Failed
		}
		s.PodReplacementPolicy = &policy
	}
	if s.ManualSelector == nil {
		s.ManualSelector = new(bool)
	}
	jobSpecParts(s)
	if !*s.ManualSelector {
		generateSelector(j, out, shared)
	}
	j.Status = batchv1.JobStatus{}
	j.Generation = 1
}

// jobSpecParts defaults what a Job spec and a CronJob's job template share.
func jobSpecParts(s *batchv1.JobSpec) {
	if s.PodFailurePolicy != nil {
		for i := range s.PodFailurePolicy.Rules {
			for k := range s.PodFailurePolicy.Rules[i].OnPodConditions {
				if c := &s.PodFailurePolicy.Rules[i].OnPodConditions[k]; c.Status == "" {
					c.Status = corev1.ConditionTrue
				}
			}
		}
	}
	podTemplate(&s.Template)
}

// generateSelector labels the pod template with the Job's name and UID and selects on the UID. The UID is
// not known offline: those label values are reported unknown.
func generateSelector(j *batchv1.Job, out *Object, sharedLabels bool) {
	labels := j.Spec.Template.Labels
	if labels == nil {
		labels = map[string]string{}
		j.Spec.Template.Labels = labels
	}
	const reason = "the Job's UID, which the API server generates"
	for _, k := range jobNameLabels {
		if _, ok := labels[k]; !ok {
			labels[k] = j.Name
			if generatedName(j.ObjectMeta) {
				out.unknown("the Job's generated name", "spec", "template", "metadata", "labels", k)
			}
		}
	}
	for _, k := range controllerUIDLabel {
		if _, ok := labels[k]; !ok {
			labels[k] = ""
			out.unknown(reason, "spec", "template", "metadata", "labels", k)
			if sharedLabels {
				out.unknown(reason, "metadata", "labels", k)
			}
		}
	}
	if j.Spec.Selector == nil {
		j.Spec.Selector = &metav1.LabelSelector{}
	}
	if j.Spec.Selector.MatchLabels == nil {
		j.Spec.Selector.MatchLabels = map[string]string{}
	}
	if _, ok := j.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel]; !ok {
		j.Spec.Selector.MatchLabels[batchv1.ControllerUidLabel] = ""
		out.unknown(reason, "spec", "selector", "matchLabels", batchv1.ControllerUidLabel)
	}
}

// generatedName reports whether the API server generates the object's name.
func generatedName(m metav1.ObjectMeta) bool { return m.Name == "" && m.GenerateName != "" }

func createCronJob(c *batchv1.CronJob) {
	s := &c.Spec
	if s.ConcurrencyPolicy == "" {
		s.ConcurrencyPolicy = batchv1.AllowConcurrent
	}
	if s.Suspend == nil {
		s.Suspend = new(bool)
	}
	if s.SuccessfulJobsHistoryLimit == nil {
		s.SuccessfulJobsHistoryLimit = int32Ptr(3)
	}
	if s.FailedJobsHistoryLimit == nil {
		s.FailedJobsHistoryLimit = int32Ptr(1)
	}
	// A CronJob's job template gets no Job defaults, only those of the types inside it.
	jobSpecParts(&s.JobTemplate.Spec)
	c.Status = batchv1.CronJobStatus{}
	c.Generation = 1
}
