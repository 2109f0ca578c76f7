package karmada

import (
	"slices"
	"strings"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TaintsAnnotation records on a Cluster the taints Register last wrote for the member, as a sorted,
// comma-separated list of key:effect. Register removes a taint the member no longer lists only when
// this annotation names it: every other taint was written by someone else — Karmada's cluster
// controller, its ClusterTaintPolicy controller, an operator's `karmadactl taint` — and is kept. A
// taint the Cluster already carries, with the member's value, is recorded only if fleetkit wrote it
// before (see taintsRecord): a Cluster without the annotation keeps the taints it has.
const TaintsAnnotation = "fleet.fleetkit.dev/registered-taints"

// clusterTaints is what Register writes to an existing Cluster's spec.taints: the member's taints,
// each keeping the timeAdded the Cluster already records for it, then the existing taints the member
// does not list and fleetkit did not write (owned is TaintsAnnotation's, see recorded). Karmada's
// ClusterTaintPolicy controller adds its taints only when a Cluster's conditions change
// (pkg/controllers/taint, v1.17.1), so one dropped here would stay dropped, and a NoExecute taint's
// eviction would never happen. The not-ready and unreachable taints of Karmada's cluster controller
// (taintClusterByCondition) are never fleetkit's, even if a member listed them once.
func clusterTaints(desired, existing []corev1.Taint, owned []string) []corev1.Taint {
	out := keepTimeAdded(desired, existing)
	for i := range existing {
		t := &existing[i]
		if slices.ContainsFunc(desired, func(d corev1.Taint) bool { return d.MatchTaint(t) }) {
			continue // the member's own version replaces it
		}
		if controllerTaint(t) || !slices.Contains(owned, taintRef(t)) {
			out = append(out, *t.DeepCopy())
		}
	}
	return out
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
		j := heldTaint(existing, d)
		if d.TimeAdded == nil && j >= 0 && existing[j].TimeAdded != nil {
			d.TimeAdded = existing[j].TimeAdded.DeepCopy()
		}
	}
	return out
}

// taintsRecord is TaintsAnnotation's value after desired is written over existing: the taints fleetkit
// owned before (owned) that desired keeps, and those this write adds or changes. A taint already on
// the Cluster with the member's value that fleetkit did not own stays someone else's, as in
// labelsRecord: a member read back from Karmada lists every taint of its Cluster.
func taintsRecord(desired, existing []corev1.Taint, owned []string) string {
	refs := make([]string, 0, len(desired))
	for i := range desired {
		ref := taintRef(&desired[i])
		if heldTaint(existing, &desired[i]) >= 0 && !slices.Contains(owned, ref) {
			continue
		}
		refs = append(refs, ref)
	}
	slices.Sort(refs)
	return strings.Join(slices.Compact(refs), ",")
}

// heldTaint is the index in existing of the taint d with its value (key, value and effect), or -1.
func heldTaint(existing []corev1.Taint, d *corev1.Taint) int {
	return slices.IndexFunc(existing, func(e corev1.Taint) bool { return e.MatchTaint(d) && e.Value == d.Value })
}

// taintRef identifies a taint as Karmada's controllers and corev1.Taint.MatchTaint do: key and effect.
func taintRef(t *corev1.Taint) string { return t.Key + ":" + string(t.Effect) }

// controllerTaint reports a taint Karmada's cluster controller adds and removes by the Ready condition.
func controllerTaint(t *corev1.Taint) bool {
	return t.Key == clusterv1alpha1.TaintClusterNotReady || t.Key == clusterv1alpha1.TaintClusterUnreachable
}

// readinessTaints sets the taints Karmada's cluster controller derives from a known Ready condition
// (taintClusterByCondition, v1.17.1) and reports a change: False adds not-ready and removes
// unreachable (the taint of an Unknown condition), True removes both. An unreachable taint left on a
// ready member would keep it unschedulable.
func readinessTaints(taints []corev1.Taint, notReady bool) ([]corev1.Taint, bool) {
	notReadyTaint := corev1.Taint{Key: clusterv1alpha1.TaintClusterNotReady, Effect: corev1.TaintEffectNoSchedule}
	out := slices.DeleteFunc(copyTaints(taints), func(t corev1.Taint) bool {
		return t.Key == clusterv1alpha1.TaintClusterUnreachable && t.Effect == corev1.TaintEffectNoSchedule ||
			!notReady && t.MatchTaint(&notReadyTaint)
	})
	if notReady && !slices.ContainsFunc(out, func(t corev1.Taint) bool { return t.MatchTaint(&notReadyTaint) }) {
		now := metav1.Now()
		notReadyTaint.TimeAdded = &now
		out = append(out, notReadyTaint)
	}
	if slices.EqualFunc(out, taints, func(a, b corev1.Taint) bool { return a.MatchTaint(&b) }) {
		return taints, false
	}
	return out, true
}
