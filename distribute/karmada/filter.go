package karmada

import (
	"github.com/go-logr/logr"
	corev1 "k8s.io/api/core/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/fleet"
)

// filter keeps the members Karmada's filter plugins would keep, in fleet
// order: ready, every taint tolerated, matched by the affinity, and carrying
// each field a spread constraint groups by.
func filter(p policyv1alpha1.Placement, affinity matchFunc, members []fleet.Member) []*fleet.Member {
	var out []*fleet.Member
	for i := range members {
		m := &members[i]
		if m.Ready && tolerated(m.Taints, p.ClusterTolerations) && affinity(*m) && hasSpreadFields(m, p.SpreadConstraints) {
			out = append(out, m)
		}
	}
	return out
}

// tolerated reports whether every NoSchedule/NoExecute taint is tolerated.
func tolerated(taints []corev1.Taint, tolerations []corev1.Toleration) bool {
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
			return false
		}
	}
	return true
}

// hasSpreadFields drops members that lack a field a constraint spreads by.
// Karmada's filter reads the cluster's zones list, which a member with a
// zone has.
func hasSpreadFields(m *fleet.Member, constraints []policyv1alpha1.SpreadConstraint) bool {
	for _, sc := range constraints {
		switch sc.SpreadByField {
		case policyv1alpha1.SpreadByFieldRegion:
			if m.Region == "" {
				return false
			}
		case policyv1alpha1.SpreadByFieldZone:
			if m.Zone == "" {
				return false
			}
		case policyv1alpha1.SpreadByFieldProvider:
			if m.Provider == "" {
				return false
			}
		}
	}
	return true
}
