package defaults

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/internal/podresources"
)

// createPod brings a Pod to the state validating admission sees on create: decode-time defaults, the stock
// mutating admission plugins, then the registry's create preparation.
func createPod(p *corev1.Pod, out *Object) error {
	decodePod(p)
	if err := admitPod(p, out); err != nil {
		return err
	}
	preparePod(p, out)
	return nil
}

// decodePod applies SetDefaults_Pod and the pod spec walk (kubernetes v1.35.4 pkg/apis/core/v1) and the
// v1 → internal → v1 conversion.
func decodePod(p *corev1.Pod) {
	s := &p.Spec
	podresources.Default(p)
	if s.EnableServiceLinks == nil {
		enabled := corev1.DefaultEnableServiceLinks
		s.EnableServiceLinks = &enabled
	}
	if s.HostNetwork {
		for _, cs := range [][]corev1.Container{s.Containers, s.InitContainers} {
			for i := range cs {
				hostPortsFromContainerPorts(cs[i].Ports)
			}
		}
	}
	podSpec(s)
	convertPodSpec(s)
	p.Annotations = dropInitContainerAnnotations(p.Annotations)
	if s.TerminationGracePeriodSeconds != nil && *s.TerminationGracePeriodSeconds < 0 {
		one := int64(1)
		s.TerminationGracePeriodSeconds = &one
	}
}

func hostPortsFromContainerPorts(ports []corev1.ContainerPort) {
	for i := range ports {
		if ports[i].HostPort == 0 {
			ports[i].HostPort = ports[i].ContainerPort
		}
	}
}

// preparePod mirrors the pod registry's PrepareForCreate (pkg/registry/core/pod/strategy.go).
func preparePod(p *corev1.Pod, out *Object) {
	p.Generation = 1
	p.Status = corev1.PodStatus{Phase: corev1.PodPending, QOSClass: qosClass(p)}
	if len(p.Spec.SchedulingGates) > 0 {
		p.Status.Conditions = []corev1.PodCondition{{Type: corev1.PodScheduled, Status: corev1.ConditionFalse,
			Reason: corev1.PodReasonSchedulingGated, Message: "Scheduling is blocked due to non-empty scheduling gates"}}
		out.unknown("the time the API server set the condition", "status", "conditions", "0", "lastTransitionTime")
	}
	mergeMatchLabelKeys(p)
	syncAppArmorAnnotations(p)
}

// mergeMatchLabelKeys adds a selector requirement for each matchLabelKeys (In) and mismatchLabelKeys
// (NotIn) key the Pod carries, in pod affinity terms and topology spread constraints (both beta and on by
// default in 1.35).
func mergeMatchLabelKeys(p *corev1.Pod) {
	if a := p.Spec.Affinity; a != nil {
		if a.PodAffinity != nil {
			affinityTerms(a.PodAffinity.RequiredDuringSchedulingIgnoredDuringExecution, a.PodAffinity.PreferredDuringSchedulingIgnoredDuringExecution, p.Labels)
		}
		if a.PodAntiAffinity != nil {
			affinityTerms(a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution, a.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution, p.Labels)
		}
	}
	for i := range p.Spec.TopologySpreadConstraints {
		c := &p.Spec.TopologySpreadConstraints[i]
		if len(c.MatchLabelKeys) > 0 && c.LabelSelector != nil {
			appendLabelRequirements(c.LabelSelector, c.MatchLabelKeys, metav1.LabelSelectorOpIn, p.Labels)
		}
	}
}

func affinityTerms(required []corev1.PodAffinityTerm, preferred []corev1.WeightedPodAffinityTerm, labels map[string]string) {
	terms := make([]*corev1.PodAffinityTerm, 0, len(required)+len(preferred))
	for i := range preferred {
		terms = append(terms, &preferred[i].PodAffinityTerm)
	}
	for i := range required {
		terms = append(terms, &required[i])
	}
	for _, t := range terms {
		if t.LabelSelector == nil {
			continue
		}
		appendLabelRequirements(t.LabelSelector, t.MatchLabelKeys, metav1.LabelSelectorOpIn, labels)
		appendLabelRequirements(t.LabelSelector, t.MismatchLabelKeys, metav1.LabelSelectorOpNotIn, labels)
	}
}

// appArmorAnnotationPrefix is the deprecated per-container AppArmor annotation.
const appArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/"

// syncAppArmorAnnotations copies a deprecated AppArmor annotation into the container's appArmorProfile
// when the container has none and the profile differs from the Pod's.
func syncAppArmorAnnotations(p *corev1.Pod) {
	if p.Spec.OS != nil && p.Spec.OS.Name == corev1.Windows {
		return
	}
	var podProfile *corev1.AppArmorProfile
	if p.Spec.SecurityContext != nil {
		podProfile = p.Spec.SecurityContext.AppArmorProfile
	}
	visitContainers(&p.Spec, func(c *corev1.Container) {
		value, ok := p.Annotations[appArmorAnnotationPrefix+c.Name]
		if !ok || (c.SecurityContext != nil && c.SecurityContext.AppArmorProfile != nil) {
			return
		}
		profile := appArmorProfile(value)
		if profile == nil || equality.Semantic.DeepEqual(profile, podProfile) {
			return
		}
		if c.SecurityContext == nil {
			c.SecurityContext = &corev1.SecurityContext{}
		}
		c.SecurityContext.AppArmorProfile = profile
	})
}

// appArmorProfile reads a deprecated annotation value; nil when it is not a valid profile.
func appArmorProfile(annotation string) *corev1.AppArmorProfile {
	switch {
	case annotation == "unconfined":
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeUnconfined}
	case annotation == "runtime/default":
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeRuntimeDefault}
	case strings.HasPrefix(annotation, "localhost/"):
		name := strings.TrimPrefix(annotation, "localhost/")
		if name == "" || strings.TrimSpace(name) != name || len(name) > 4095 {
			return nil
		}
		return &corev1.AppArmorProfile{Type: corev1.AppArmorProfileTypeLocalhost, LocalhostProfile: &name}
	}
	return nil
}

// visitContainers calls f for init, regular and ephemeral containers, in that order.
func visitContainers(s *corev1.PodSpec, f func(*corev1.Container)) {
	for i := range s.InitContainers {
		f(&s.InitContainers[i])
	}
	for i := range s.Containers {
		f(&s.Containers[i])
	}
	for i := range s.EphemeralContainers {
		f((*corev1.Container)(&s.EphemeralContainers[i].EphemeralContainerCommon))
	}
}

// rejected builds the error for an object the API server refuses before validating admission.
func rejected(field, format string, args ...any) error {
	return &RejectedError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
