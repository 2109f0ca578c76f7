package karmada

import (
	"context"
	"fmt"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet"
)

// Condition reasons fleetkit writes, so that a reader can tell them from the cluster-status controller's.
const (
	// ReasonMemberReady is the Ready condition's reason for a ready member.
	ReasonMemberReady = "FleetkitMemberReady"
	// ReasonMemberNotReady is the Ready condition's reason for a member that is not ready.
	ReasonMemberNotReady = "FleetkitMemberNotReady"
	// ReasonAPIsListed is the CompleteAPIEnablements condition's reason.
	ReasonAPIsListed = "FleetkitAPIsListed"
)

// StatusFor renders the Cluster status Karmada's cluster-status controller reports for a member, from
// the fleet model:
//
//	member                    Cluster status
//	Ready                     conditions[Ready]: True, or False
//	ServedAPIs()              apiEnablements, and conditions[CompleteAPIEnablements]: True
//	Capacity.Allocatable      resourceSummary.allocatable
//	Capacity.Allocated        resourceSummary.allocated
//	Capacity.Allocating       resourceSummary.allocating
//
// The spec side of the mapping is ClusterFor's (provider, region, zones, labels, taints); a member that
// is not ready also carries the cluster.karmada.io/not-ready:NoSchedule taint Karmada's cluster
// controller adds (see WriteStatus). now stamps the conditions' lastTransitionTime.
func StatusFor(m fleet.Member, now metav1.Time) clusterv1alpha1.ClusterStatus {
	ready := metav1.Condition{Type: clusterv1alpha1.ClusterConditionReady, Status: metav1.ConditionTrue,
		Reason: ReasonMemberReady, Message: "member is ready (written by fleetkit)", LastTransitionTime: now}
	if m.NotReady {
		ready.Status, ready.Reason, ready.Message = metav1.ConditionFalse, ReasonMemberNotReady, "member is not ready (written by fleetkit)"
	}
	apis := m.ServedAPIs()
	st := clusterv1alpha1.ClusterStatus{
		Conditions: []metav1.Condition{ready, {Type: clusterv1alpha1.ClusterConditionCompleteAPIEnablements,
			Status: metav1.ConditionTrue, Reason: ReasonAPIsListed, Message: "every served API is listed", LastTransitionTime: now}},
		APIEnablements: make([]clusterv1alpha1.APIEnablement, len(apis)),
		ResourceSummary: &clusterv1alpha1.ResourceSummary{Allocatable: m.Capacity.Allocatable.DeepCopy(),
			Allocated: m.Capacity.Allocated.DeepCopy(), Allocating: m.Capacity.Allocating.DeepCopy(),
			AllocatableModelings: clusterModelings(m.Capacity.AllocatableModelings)},
	}
	for i, gv := range apis {
		st.APIEnablements[i] = clusterv1alpha1.APIEnablement{GroupVersion: gv.GroupVersion,
			Resources: make([]clusterv1alpha1.APIResource, len(gv.Resources))}
		for j, r := range gv.Resources {
			st.APIEnablements[i].Resources[j] = clusterv1alpha1.APIResource{Name: r.Name, Kind: r.Kind}
		}
	}
	return st
}

// WriteStatus does what Karmada's cluster-status and cluster controllers do for a registered member
// where they do not run (tests, simulations, a control plane fed by another collector): it writes
// StatusFor(m) into the Cluster's status subresource, and keeps the cluster.karmada.io/not-ready
// NoSchedule taint in spec.taints exactly while the member is not ready, removing the unreachable taint
// as that controller does once the Ready condition is known. Conditions keep their
// lastTransitionTime when their status does not change.
func (r *Registrar) WriteStatus(ctx context.Context, m fleet.Member) error {
	var c clusterv1alpha1.Cluster
	if err := r.c.Get(ctx, client.ObjectKey{Name: m.Name}, &c); err != nil {
		return fmt.Errorf("karmada: write status of %s: %w", m.Name, err)
	}
	if err := r.checkManaged(&c); err != nil {
		return err
	}
	if taints, changed := readinessTaints(c.Spec.Taints, m.NotReady); changed {
		c.Spec.Taints = taints
		if err := r.c.Update(ctx, &c); err != nil {
			return fmt.Errorf("karmada: write status of %s: taints: %w", m.Name, err)
		}
	}
	st := StatusFor(m, metav1.Now())
	conditions := c.Status.Conditions
	for _, cond := range st.Conditions {
		apimeta.SetStatusCondition(&conditions, cond)
	}
	st.Conditions = conditions
	st.KubernetesVersion, st.NodeSummary = c.Status.KubernetesVersion, c.Status.NodeSummary
	c.Status = st
	if err := r.c.Status().Update(ctx, &c); err != nil {
		return fmt.Errorf("karmada: write status of %s: %w", m.Name, err)
	}
	r.opts.Logger.Info("wrote member status", "member", m.Name, "ready", !m.NotReady)
	return nil
}
