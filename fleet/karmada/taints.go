package karmada

import (
	"slices"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	corev1 "k8s.io/api/core/v1"
)

// clusterTaints is what Register writes to an existing Cluster's spec.taints: the member's taints,
// each keeping the timeAdded the Cluster already records for it, plus the controller taints Karmada
// owns (withControllerTaints).
func clusterTaints(desired, existing []corev1.Taint) []corev1.Taint {
	return withControllerTaints(keepTimeAdded(desired, existing), existing)
}

// keepTimeAdded gives each desired taint without a timeAdded the one of the same existing taint (key,
// value and effect). Karmada's API server stamps a NoExecute taint written without timeAdded with the
// current time (pkg/apis/cluster/mutation MutateCluster, v1.17.1), and its taint manager evicts
// tolerationSeconds after that time: writing the member's taint back without it would count as a
// change on every registration and restart the eviction clock each time.
func keepTimeAdded(desired, existing []corev1.Taint) []corev1.Taint {
	out := copyTaints(desired)
	for i := range out {
		d := &out[i]
		j := slices.IndexFunc(existing, func(e corev1.Taint) bool { return e.MatchTaint(d) && e.Value == d.Value })
		if d.TimeAdded == nil && j >= 0 && existing[j].TimeAdded != nil {
			d.TimeAdded = existing[j].TimeAdded.DeepCopy()
		}
	}
	return out
}

// withControllerTaints is the member's taints plus the existing taints Karmada's cluster controller
// owns (pkg/controllers/cluster taintClusterByCondition, v1.17.1: cluster.karmada.io/not-ready and
// cluster.karmada.io/unreachable, while the Ready condition is not True) that the member does not list
// itself. Dropping them would make a member that is down schedulable until the controller taints it
// again.
func withControllerTaints(desired, existing []corev1.Taint) []corev1.Taint {
	out := desired
	for i := range existing {
		t := &existing[i]
		if t.Key != clusterv1alpha1.TaintClusterNotReady && t.Key != clusterv1alpha1.TaintClusterUnreachable {
			continue
		}
		if !slices.ContainsFunc(desired, func(d corev1.Taint) bool { return d.MatchTaint(t) }) {
			out = append(slices.Clip(out), *t.DeepCopy())
		}
	}
	return out
}
