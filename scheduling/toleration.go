package scheduling

import corev1 "k8s.io/api/core/v1"

// cordonTaint is how kube-scheduler's NodeUnschedulable filter lets a pod onto a cordoned node: only
// when the pod tolerates this taint.
var cordonTaint = corev1.Taint{Key: corev1.TaintNodeUnschedulable, Effect: corev1.TaintEffectNoSchedule}

// tolerates reports whether some toleration tolerates taint. It follows corev1.Toleration's rules
// with the alpha comparison operators (Lt, Gt) disabled, as in a default cluster; it is written out
// here because the upstream helper wants a logger and this package does not log.
func tolerates(tolerations []corev1.Toleration, taint *corev1.Taint) bool {
	for i := range tolerations {
		if toleratesOne(&tolerations[i], taint) {
			return true
		}
	}
	return false
}

func toleratesOne(t *corev1.Toleration, taint *corev1.Taint) bool {
	if t.Effect != "" && t.Effect != taint.Effect {
		return false
	}
	if t.Key != "" && t.Key != taint.Key {
		return false
	}
	switch t.Operator {
	case "", corev1.TolerationOpEqual:
		return t.Value == taint.Value
	case corev1.TolerationOpExists:
		return true
	}
	return false
}

// untoleratedTaint returns the first NoSchedule or NoExecute taint not tolerated; PreferNoSchedule
// never blocks.
func untoleratedTaint(taints []corev1.Taint, tolerations []corev1.Toleration) (*corev1.Taint, bool) {
	for i := range taints {
		t := &taints[i]
		if t.Effect != corev1.TaintEffectNoSchedule && t.Effect != corev1.TaintEffectNoExecute {
			continue
		}
		if !tolerates(tolerations, t) {
			return t, true
		}
	}
	return nil, false
}
