package defaults

import (
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The stock mutating admission plugins of kube-apiserver v1.35.4 that change a Pod on create, with their
// default configuration: Priority (plugin/pkg/admission/priority) in a cluster without a globalDefault
// PriorityClass, DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds) with 300
// seconds, and RuntimeClass, whose effect depends on the RuntimeClass object and is reported as unknown.
// ServiceAccount admission is not modelled (see the package documentation).

// systemPriorities are the priority classes every API server creates.
var systemPriorities = map[string]int32{
	"system-cluster-critical": 2000000000,
	"system-node-critical":    2000001000,
}

const defaultTolerationSeconds = int64(300)

func admitPod(p *corev1.Pod, out *Object) error {
	if err := admitPriority(p, out); err != nil {
		return err
	}
	if p.Spec.RuntimeClassName != nil {
		const reason = "set from the RuntimeClass object, which offline evaluation does not see"
		out.unknown(reason, "spec", "overhead")
		out.unknown(reason, "spec", "nodeSelector")
		out.unknown(reason, "spec", "tolerations")
	}
	addDefaultTolerations(&p.Spec)
	return nil
}

func admitPriority(p *corev1.Pod, out *Object) error {
	priority, known := int32(0), true
	if name := p.Spec.PriorityClassName; name != "" {
		priority, known = systemPriorities[name]
	}
	if !known {
		const reason = "set from the PriorityClass object, which offline evaluation does not see"
		out.unknown(reason, "spec", "priority")
		out.unknown(reason, "spec", "preemptionPolicy")
		return nil
	}
	if p.Spec.Priority != nil && *p.Spec.Priority != priority {
		return rejected("spec.priority", "must not be provided: the priority admission plugin computes %d", priority)
	}
	preempt := corev1.PreemptLowerPriority
	if p.Spec.PreemptionPolicy != nil && *p.Spec.PreemptionPolicy != preempt {
		return rejected("spec.preemptionPolicy", "must not be provided: the priority admission plugin computes %s", preempt)
	}
	p.Spec.Priority, p.Spec.PreemptionPolicy = &priority, &preempt
	return nil
}

// addDefaultTolerations adds NoExecute tolerations for not-ready and unreachable nodes unless the Pod
// already tolerates them.
func addDefaultTolerations(s *corev1.PodSpec) {
	for _, key := range []string{corev1.TaintNodeNotReady, corev1.TaintNodeUnreachable} {
		if !toleratesNoExecute(s.Tolerations, key) {
			seconds := defaultTolerationSeconds
			s.Tolerations = append(s.Tolerations, corev1.Toleration{Key: key, Operator: corev1.TolerationOpExists,
				Effect: corev1.TaintEffectNoExecute, TolerationSeconds: &seconds})
		}
	}
}

func toleratesNoExecute(ts []corev1.Toleration, key string) bool {
	for _, t := range ts {
		if (t.Key == key || t.Key == "") && (t.Effect == corev1.TaintEffectNoExecute || t.Effect == "") {
			return true
		}
	}
	return false
}

func appendLabelRequirements(s *metav1.LabelSelector, keys []string, op metav1.LabelSelectorOperator, labels map[string]string) {
	for _, k := range keys {
		if v, ok := labels[k]; ok {
			s.MatchExpressions = append(s.MatchExpressions, metav1.LabelSelectorRequirement{Key: k, Operator: op, Values: []string{v}})
		}
	}
}
