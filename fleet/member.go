package fleet

import (
	"maps"
	"slices"

	corev1 "k8s.io/api/core/v1"
)

// Role says what a member is for. It is informational: engines select by labels and fields, and the
// role is also exposed as the label RoleLabel so that selectors can use it.
type Role string

// The roles of the seed scenario. Any other non-empty value is accepted too.
const (
	RoleHost     Role = "host"
	RoleTraining Role = "training"
	RoleServing  Role = "serving"
	RoleEdge     Role = "edge"
)

// RoleLabel is the label key under which a member's role is visible to label selectors.
const RoleLabel = "fleet.fleetkit.dev/role"

// Member is one cluster of the fleet.
type Member struct {
	// Name is unique within the fleet and is a DNS-1123 label (it becomes a Karmada Cluster name).
	Name string `json:"name"`
	// Role is what the cluster is for (host, training, serving, edge, ...).
	Role Role `json:"role,omitempty"`
	// Provider, Region and the zones are the fields Karmada's field selector matches on.
	Provider string `json:"provider,omitempty"`
	Region   string `json:"region,omitempty"`
	// Zone is the member's failure zone, for a member in one zone.
	Zone string `json:"zone,omitempty"`
	// Zones are the failure zones of a member spanning several (a Karmada Cluster's spec.zones).
	// Set Zone or Zones, not both; AllZones reads either. Selectors and spread constraints read
	// every zone: `zone In [a]` matches a member in zones a and b only if b is listed too.
	Zones []string `json:"zones,omitempty"`
	// Labels are the cluster's labels, matched by label selectors.
	Labels map[string]string `json:"labels,omitempty"`
	// Taints are the cluster's taints (Karmada cluster taints). A member that is NotReady is
	// treated by Karmada-compatible placement as also carrying Karmada's not-ready NoSchedule taint.
	Taints []corev1.Taint `json:"taints,omitempty"`
	// APIs lists the API group versions and kinds the member serves (Karmada's
	// status.apiEnablements). Nil means BuiltinAPIs; an empty, non-nil list means none (it is written
	// as absent, so it reads back as nil).
	APIs []APIGroupVersion `json:"apis,omitempty"`
	// APIEndpoint is the member's kube-apiserver URL.
	APIEndpoint string `json:"apiEndpoint,omitempty"`
	// NotReady says the member is unhealthy (a Karmada Cluster whose Ready condition is not True).
	// The zero value is a ready member, in Go as in a fleet file that does not mention readiness.
	NotReady bool `json:"notReady,omitempty"`
	// Capacity summarises the member's resources.
	Capacity Capacity `json:"capacity,omitempty"`
}

// Capacity is a cluster-wide resource summary, as Karmada's ResourceSummary reports it (a Cluster's
// status.resourceSummary: allocatable, allocated, allocating). The number of pods is the resource
// "pods"; a member without allocatable pods can run nothing.
type Capacity struct {
	// Allocatable is the sum of the nodes' allocatable resources.
	Allocatable corev1.ResourceList `json:"allocatable,omitempty"`
	// Allocated is the sum of the requests of pods already placed.
	Allocated corev1.ResourceList `json:"allocated,omitempty"`
	// Allocating is the sum of the requests of pods waiting to be placed.
	Allocating corev1.ResourceList `json:"allocating,omitempty"`
	// Models are the member's resource model grades (a Karmada Cluster's spec.resourceModels), and
	// AllocatableModelings how many of its nodes each grade holds (status.resourceSummary). With
	// modelings, Karmada's general estimator counts replicas per node grade instead of dividing the
	// cluster-wide free resources (distribute/karmada.GeneralEstimate follows it). Registering a
	// member without models leaves the Cluster's as they are (fleet/karmada); to return to Karmada's
	// defaults, write them out.
	Models               []ResourceModel       `json:"models,omitempty"`
	AllocatableModelings []AllocatableModeling `json:"allocatableModelings,omitempty"`
}

// Free returns Allocatable − Allocated − Allocating per resource, never below zero. A resource that
// is in use but not allocatable is reported as zero.
func (c Capacity) Free() corev1.ResourceList {
	free := make(corev1.ResourceList, len(c.Allocatable))
	for name, alloc := range c.Allocatable {
		q := alloc.DeepCopy()
		if used, ok := c.Allocated[name]; ok {
			q.Sub(used)
		}
		if pending, ok := c.Allocating[name]; ok {
			q.Sub(pending)
		}
		if q.Sign() < 0 {
			q.Set(0)
		}
		free[name] = q
	}
	return free
}

// LabelsWithRole returns a copy of the member's labels plus RoleLabel when the role is set.
func (m Member) LabelsWithRole() map[string]string {
	out := make(map[string]string, len(m.Labels)+1)
	for k, v := range m.Labels {
		out[k] = v
	}
	if m.Role != "" {
		if _, set := out[RoleLabel]; !set {
			out[RoleLabel] = string(m.Role)
		}
	}
	return out
}

// AllZones returns the member's zones, Zones or the one Zone, as a new slice; nil when it has none.
func (m Member) AllZones() []string {
	if len(m.Zones) > 0 {
		return slices.Clone(m.Zones)
	}
	if m.Zone != "" {
		return []string{m.Zone}
	}
	return nil
}

// DeepCopy returns a copy of m that shares no maps or slices with it.
func (m Member) DeepCopy() Member {
	out := m
	out.Labels = maps.Clone(m.Labels)
	out.Zones = slices.Clone(m.Zones)
	if m.Taints != nil {
		out.Taints = make([]corev1.Taint, len(m.Taints))
		for i := range m.Taints {
			m.Taints[i].DeepCopyInto(&out.Taints[i])
		}
	}
	out.APIs = copyAPIs(m.APIs)
	out.Capacity = m.Capacity.DeepCopy()
	return out
}

// DeepCopy returns a copy of c that shares no maps with it.
func (c Capacity) DeepCopy() Capacity {
	return Capacity{Allocatable: c.Allocatable.DeepCopy(), Allocated: c.Allocated.DeepCopy(), Allocating: c.Allocating.DeepCopy(),
		Models: copyModels(c.Models), AllocatableModelings: slices.Clone(c.AllocatableModelings)}
}
