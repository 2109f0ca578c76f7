package karmada

import (
	"fmt"

	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/fleet"
)

// Karmada's filter reasons (pkg/scheduler/framework/plugins, v1.17.1), as they appear in the
// scheduler's "0/N clusters are available" message.
const (
	reasonAPI      = "cluster(s) did not have the API resource"
	reasonAffinity = "cluster(s) did not match the placement cluster affinity constraint"
	reasonTaint    = "cluster(s) had untolerated taint {%s}"
	reasonField    = "cluster(s) did not have %s property"
)

// filtered is the outcome of the filters: the feasible members in fleet
// order, and Karmada's reason for every other member.
type filtered struct {
	feasible []*fleet.Member
	rejected map[string]string
}

// filter runs Karmada's filter plugins over the members: APIEnablement,
// TaintToleration, ClusterAffinity and SpreadConstraint, in that order; the
// first failing filter names the reason. As in Karmada, the API and taint
// filters pass every member of the previous result.
func filter(p policyv1alpha1.Placement, affinity matchFunc, members []fleet.Member, w Workload) filtered {
	out := filtered{rejected: map[string]string{}}
	for i := range members {
		m := &members[i]
		if reason := rejection(p, affinity, m, w); reason != "" {
			out.rejected[m.Name] = reason
			continue
		}
		out.feasible = append(out.feasible, m)
	}
	return out
}

// rejection is the reason the first failing filter gives, or "".
func rejection(p policyv1alpha1.Placement, affinity matchFunc, m *fleet.Member, w Workload) string {
	previous := w.inPrevious(m.Name)
	if !previous && w.Kind != "" && !m.Serves(w.APIVersion, w.Kind) {
		return reasonAPI
	}
	if !previous {
		if t := untolerated(EffectiveTaints(*m), p.ClusterTolerations); t != nil {
			return fmt.Sprintf(reasonTaint, t.ToString())
		}
	}
	if !affinity(*m) {
		return reasonAffinity
	}
	return missingSpreadField(m, p.SpreadConstraints)
}

// EffectiveTaints are the taints Karmada's scheduler sees on a member's Cluster: its own, plus
// cluster.karmada.io/not-ready:NoSchedule when the member is not ready (the taint Karmada's cluster
// controller adds while the Ready condition is False; the scheduler never reads the condition
// itself), unless the member already carries it.
func EffectiveTaints(m fleet.Member) []corev1.Taint {
	if !m.NotReady {
		return m.Taints
	}
	notReady := corev1.Taint{Key: clusterv1alpha1.TaintClusterNotReady, Effect: corev1.TaintEffectNoSchedule}
	for i := range m.Taints {
		if m.Taints[i].MatchTaint(&notReady) {
			return m.Taints
		}
	}
	return append(append(make([]corev1.Taint, 0, len(m.Taints)+1), m.Taints...), notReady)
}

// untolerated returns the first NoSchedule or NoExecute taint no toleration
// tolerates, or nil.
func untolerated(taints []corev1.Taint, tolerations []corev1.Toleration) *corev1.Taint {
	for i := range taints {
		t := &taints[i]
		if t.Effect != corev1.TaintEffectNoSchedule && t.Effect != corev1.TaintEffectNoExecute {
			continue
		}
		ok := false
		for j := range tolerations {
			ok = ok || tolerations[j].ToleratesTaint(logr.Discard(), t, false)
		}
		if !ok {
			return t
		}
	}
	return nil
}

// missingSpreadField names the first field a constraint spreads by that the
// member lacks, as Karmada's SpreadConstraint filter reports it, or "".
// Karmada reads the cluster's zones list, which a member with a Zone or Zones has.
func missingSpreadField(m *fleet.Member, constraints []policyv1alpha1.SpreadConstraint) string {
	for _, sc := range constraints {
		switch {
		case sc.SpreadByField == policyv1alpha1.SpreadByFieldProvider && m.Provider == "":
			return fmt.Sprintf(reasonField, "provider")
		case sc.SpreadByField == policyv1alpha1.SpreadByFieldRegion && m.Region == "":
			return fmt.Sprintf(reasonField, "region")
		case sc.SpreadByField == policyv1alpha1.SpreadByFieldZone && m.Zone == "" && len(m.Zones) == 0:
			return fmt.Sprintf(reasonField, "zones")
		}
	}
	return ""
}
