package defaults

import (
	corev1 "k8s.io/api/core/v1"
)

// Pod spec defaults of kubernetes v1.35.4 pkg/apis/core/v1 (SetDefaults_PodSpec, then the generated walk
// over volumes and containers), shared by Pods and every pod template.
const (
	defaultTerminationGracePeriod = int64(30)
	defaultSchedulerName          = "default-scheduler"
)

func podSpec(s *corev1.PodSpec) {
	if s.DNSPolicy == "" {
		s.DNSPolicy = corev1.DNSClusterFirst
	}
	if s.RestartPolicy == "" {
		s.RestartPolicy = corev1.RestartPolicyAlways
	}
	if s.SecurityContext == nil {
		s.SecurityContext = &corev1.PodSecurityContext{}
	}
	if s.TerminationGracePeriodSeconds == nil {
		period := defaultTerminationGracePeriod
		s.TerminationGracePeriodSeconds = &period
	}
	if s.SchedulerName == "" {
		s.SchedulerName = defaultSchedulerName
	}
	for i := range s.Volumes {
		volume(&s.Volumes[i])
	}
	for i := range s.InitContainers {
		container(&s.InitContainers[i])
	}
	for i := range s.Containers {
		container(&s.Containers[i])
	}
	for i := range s.EphemeralContainers {
		container((*corev1.Container)(&s.EphemeralContainers[i].EphemeralContainerCommon))
	}
	resourceList(s.Overhead)
	if s.Resources != nil {
		resourceList(s.Resources.Limits)
		resourceList(s.Resources.Requests)
	}
	// GenericWorkload is alpha in 1.35: the API server drops workloadRef on create.
	s.WorkloadRef = nil
}

// podTemplate defaults a pod template and applies the conversion the API server round-trips it through.
func podTemplate(t *corev1.PodTemplateSpec) {
	podSpec(&t.Spec)
	convertPodSpec(&t.Spec)
	t.Annotations = dropInitContainerAnnotations(t.Annotations)
}

// convertPodSpec mirrors what the v1 → internal → v1 conversion changes in a pod spec: serviceAccount is
// an alias of serviceAccountName, which wins when both are set.
func convertPodSpec(s *corev1.PodSpec) {
	if s.ServiceAccountName == "" {
		s.ServiceAccountName = s.DeprecatedServiceAccount
	}
	s.DeprecatedServiceAccount = s.ServiceAccountName
}

// initContainerAnnotations are the annotations of the pre-1.8 init container API, which conversion drops.
var initContainerAnnotations = []string{
	"pod.beta.kubernetes.io/init-containers",
	"pod.alpha.kubernetes.io/init-containers",
	"pod.beta.kubernetes.io/init-container-statuses",
	"pod.alpha.kubernetes.io/init-container-statuses",
}

func dropInitContainerAnnotations(a map[string]string) map[string]string {
	for _, k := range initContainerAnnotations {
		delete(a, k)
	}
	return a
}
