package karmada

import (
	"context"
	"fmt"
	"slices"
	"strings"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	apimeta "k8s.io/apimachinery/pkg/api/meta"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/fleet"
)

// MemberFromCluster turns a Karmada Cluster into a fleet member: identity, placement fields and
// taints from the spec, the role from fleet.RoleLabel, and from the status Karmada's cluster-status
// controller reports: Ready from the Ready condition, APIs from apiEnablements (an empty, non-nil list
// when none are reported: Karmada places nothing on such a cluster) and capacity from the resource
// summary.
func MemberFromCluster(c *clusterv1alpha1.Cluster) fleet.Member {
	labels := make(map[string]string, len(c.Labels))
	for k, v := range c.Labels {
		if k != ManagedByLabel && k != fleet.RoleLabel {
			labels[k] = v
		}
	}
	m := fleet.Member{
		Name: c.Name, Role: fleet.Role(c.Labels[fleet.RoleLabel]),
		Provider: c.Spec.Provider, Region: c.Spec.Region,
		Labels: labels, Taints: copyTaints(c.Spec.Taints), APIEndpoint: c.Spec.APIEndpoint,
	}
	m.Zone, m.Zones = zonesOf(c.Spec)
	applyStatus(&m, c)
	return m
}

// applyStatus copies readiness, APIs and capacity from the cluster's status into m, with the
// resource models of its spec that the status's node counts refer to.
func applyStatus(m *fleet.Member, c *clusterv1alpha1.Cluster) {
	m.NotReady = !apimeta.IsStatusConditionTrue(c.Status.Conditions, clusterv1alpha1.ClusterConditionReady)
	m.APIs = make([]fleet.APIGroupVersion, len(c.Status.APIEnablements))
	for i, e := range c.Status.APIEnablements {
		m.APIs[i] = fleet.APIGroupVersion{GroupVersion: e.GroupVersion, Resources: make([]fleet.APIResource, len(e.Resources))}
		for j, r := range e.Resources {
			m.APIs[i].Resources[j] = fleet.APIResource{Name: r.Name, Kind: r.Kind}
		}
	}
	m.Capacity = fleet.Capacity{Models: memberModels(c.Spec.ResourceModels)}
	if rs := c.Status.ResourceSummary; rs != nil {
		m.Capacity.Allocatable, m.Capacity.Allocated = rs.Allocatable.DeepCopy(), rs.Allocated.DeepCopy()
		m.Capacity.Allocating = rs.Allocating.DeepCopy()
		m.Capacity.AllocatableModelings = memberModelings(rs.AllocatableModelings)
	}
}

// Members lists the Clusters registered by fleetkit as fleet members, ordered by name. A Cluster
// being deleted is left out: Karmada's scheduler skips it (pkg/scheduler/core/generic_scheduler.go,
// v1.17.1) while its cluster controller cleans up behind the finalizer.
func (r *Registrar) Members(ctx context.Context) ([]fleet.Member, error) {
	var list clusterv1alpha1.ClusterList
	if err := r.c.List(ctx, &list, client.MatchingLabels{ManagedByLabel: ManagedByValue}); err != nil {
		return nil, fmt.Errorf("karmada: list clusters: %w", err)
	}
	out := make([]fleet.Member, 0, len(list.Items))
	for i := range list.Items {
		if list.Items[i].DeletionTimestamp == nil {
			out = append(out, MemberFromCluster(&list.Items[i]))
		}
	}
	slices.SortFunc(out, func(a, b fleet.Member) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Refresh returns a copy of f whose members carry the Ready condition and resource summary their
// Karmada Clusters report, and their Clusters' taints: Karmada's scheduler filters by every taint of a
// Cluster, including those its controllers, ClusterTaintPolicies and operators added, which the fleet
// does not list. A member with no Cluster, or whose Cluster is being deleted, is not registered and
// comes back not ready with no capacity, since Karmada would place nothing on it.
func (r *Registrar) Refresh(ctx context.Context, f fleet.Fleet) (fleet.Fleet, error) {
	out := fleet.Fleet{Name: f.Name, Members: make([]fleet.Member, len(f.Members))}
	for i, m := range f.Members {
		out.Members[i] = m.DeepCopy()
		var c clusterv1alpha1.Cluster
		err := r.c.Get(ctx, client.ObjectKey{Name: m.Name}, &c)
		if apierrors.IsNotFound(err) || (err == nil && c.DeletionTimestamp != nil) {
			out.Members[i].NotReady, out.Members[i].Capacity = true, fleet.Capacity{}
			continue
		}
		if err != nil {
			return fleet.Fleet{}, fmt.Errorf("karmada: refresh %s: %w", m.Name, err)
		}
		applyStatus(&out.Members[i], &c)
		out.Members[i].Taints = copyTaints(c.Spec.Taints)
	}
	return out, nil
}

// zonesOf reads a Cluster's zones as a member's: one zone as Zone, several as Zones (all of them:
// Karmada's selectors and spread constraints read every one). Without Zones it reads the deprecated
// Zone, which Karmada's webhook moves into Zones.
func zonesOf(spec clusterv1alpha1.ClusterSpec) (zone string, zones []string) {
	switch len(spec.Zones) {
	case 0:
		return spec.Zone, nil
	case 1:
		return spec.Zones[0], nil
	}
	return "", slices.Clone(spec.Zones)
}
