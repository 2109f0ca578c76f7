package karmada

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// WithClusterTolerations lets the policy place onto clusters with these taints. Each toleration must
// be one Kubernetes accepts of a pod (tolerationProblem): karmada-webhook does not check them, and
// karmada-scheduler's taint filter silently tolerates nothing with a misspelt operator or effect.
func (b *PolicyBuilder[P]) WithClusterTolerations(tolerations ...corev1.Toleration) *PolicyBuilder[P] {
	for _, t := range tolerations {
		field := fmt.Sprintf("spec.placement.clusterTolerations[%d]", len(b.spec.Placement.ClusterTolerations))
		b.errs = append(b.errs, tolerationProblem(field, t))
		b.spec.Placement.ClusterTolerations = append(b.spec.Placement.ClusterTolerations, *t.DeepCopy())
	}
	return b
}

// tolerationProblem reports what kube-apiserver refuses of a pod's toleration (k8s.io/kubernetes
// v1.35.4 pkg/apis/core/validation ValidateTolerations), naming the field below field: a key that is
// not a qualified name; an empty key without Exists (which would tolerate any key holding the value);
// a value with Exists (ignored: every value is tolerated); an operator other than Equal or Exists (Lt
// and Gt are off in karmada-scheduler v1.17.1, so they tolerate nothing); an unknown effect (it never
// matches a taint); tolerationSeconds without NoExecute.
func tolerationProblem(field string, t corev1.Toleration) error {
	if err := tolerationKeyProblem(field, t); err != nil {
		return err
	}
	switch t.Effect {
	case "", corev1.TaintEffectNoSchedule, corev1.TaintEffectPreferNoSchedule, corev1.TaintEffectNoExecute:
	default:
		return invalid(field+".effect", "%q is not one of NoSchedule, PreferNoSchedule, NoExecute: it would match no taint", t.Effect)
	}
	if t.TolerationSeconds != nil && t.Effect != corev1.TaintEffectNoExecute {
		return invalid(field+".tolerationSeconds", "applies to the NoExecute effect only, got effect %q", t.Effect)
	}
	return nil
}

// tolerationKeyProblem checks a toleration's key, operator and value together.
func tolerationKeyProblem(field string, t corev1.Toleration) error {
	if msgs := validation.IsQualifiedName(t.Key); t.Key != "" && len(msgs) > 0 {
		return invalid(field+".key", "%q: %s", t.Key, msgs[0])
	}
	switch t.Operator {
	case "", corev1.TolerationOpEqual:
		if t.Key == "" {
			return invalid(field+".operator", "must be Exists when the key is empty (tolerate every taint)")
		}
		if msgs := validation.IsValidLabelValue(t.Value); len(msgs) > 0 {
			return invalid(field+".value", "%q: %s", t.Value, msgs[0])
		}
	case corev1.TolerationOpExists:
		if t.Value != "" {
			return invalid(field+".value", "must be empty with operator Exists, which tolerates every value, got %q", t.Value)
		}
	default:
		return invalid(field+".operator", "%q is not one of Equal, Exists: karmada-scheduler would tolerate no taint with it", t.Operator)
	}
	return nil
}
