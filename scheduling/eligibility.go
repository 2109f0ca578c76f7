package scheduling

import (
	"fmt"

	corev1 "k8s.io/api/core/v1"
)

// The kube-scheduler wording of the reasons a node is not eligible.
const (
	reasonNotReady      = "node(s) were not ready"
	reasonUnschedulable = "node(s) were unschedulable"
	reasonAffinity      = "node(s) didn't match Pod's node affinity/selector"
	reasonTooManyPods   = "Too many pods"
)

func reasonTaint(t *corev1.Taint) string {
	return fmt.Sprintf("node(s) had untolerated taint {%s: %s}", t.Key, t.Value)
}

func reasonInsufficient(name corev1.ResourceName) string {
	if name == corev1.ResourcePods {
		return reasonTooManyPods
	}
	return "Insufficient " + string(name)
}

// reasonCode is why a node is not eligible for a group; eligible when it is.
type reasonCode uint8

const (
	eligible reasonCode = iota
	notReady
	unschedulable
	untolerated
	affinityMismatch
)

// text renders a reason in kube-scheduler's words; taint is the untolerated taint.
func (r reasonCode) text(taint *corev1.Taint) string {
	switch r {
	case notReady:
		return reasonNotReady
	case unschedulable:
		return reasonUnschedulable
	case untolerated:
		return reasonTaint(taint)
	case affinityMismatch:
		return reasonAffinity
	}
	return ""
}

// ineligible returns why node n cannot take pods of group g (and the taint, for untolerated). The
// order follows kube-scheduler's filters: readiness, cordon, taints, then affinity and selector. It
// returns a code rather than text so that the hot path over every node formats nothing.
func ineligible(n *Node, g *groupDemand, probe *corev1.Node) (reasonCode, *corev1.Taint) {
	if n.NotReady {
		return notReady, nil
	}
	if n.Unschedulable && !g.cordonOK {
		return unschedulable, nil
	}
	if t, found := untoleratedTaint(n.Taints, g.tolerations); found {
		return untolerated, t
	}
	for _, l := range g.selector {
		if got, ok := n.Labels[l.key]; !ok || got != l.value {
			return affinityMismatch, nil
		}
	}
	if g.affinity != nil {
		// The selector wants a *corev1.Node; one probe object is reused so matching allocates nothing.
		probe.Name, probe.Labels = n.Name, n.Labels
		if !g.affinity.Match(probe) {
			return affinityMismatch, nil
		}
	}
	return eligible, nil
}
