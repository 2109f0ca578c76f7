// Package fleet models a fleet of Kubernetes clusters: its members with their labels, provider, region,
// zone, role and capacity, and the selectors that pick members the way Karmada's ClusterAffinity does.
//
// A member's Capacity is Karmada's resource summary (allocatable, allocated and allocating resources,
// the pod count as the resource "pods"), its APIs the API group versions and kinds it serves (unlisted:
// BuiltinAPIs), its Taints and readiness what Karmada's filters read; fleet/karmada documents how each
// maps onto a Karmada Cluster.
//
// Go zero values mean what an omitted field means in a fleet file: a Member is ready unless NotReady is
// set (`notReady: true`; the older file key `ready: false` is still read, and a member may not give both).
//
// A Fleet is plain data. It is the snapshot every other fleetkit engine consumes: distribute places
// replicas on members, scheduling checks gangs against them, policy selects the members a policy
// applies to. Load reads a fleet file (YAML or JSON); Sample returns the embedded seed fleet used by
// the examples and by `fleetctl demo`.
//
// Affinity is fleetkit's one implementation of cluster selection, with the semantics of Karmada's
// ClusterAffinity as ClusterMatches implements it in Karmada v1.17.1 (pkg/util/selector.go): a member
// matches when it is not in Exclude, is in ClusterNames (when non-empty), matches LabelSelector (when
// set; its labels include the role label) and matches every FieldSelector requirement (provider and
// region compared like labels, zone against every one of the member's zones, Zone or Zones, like a
// Karmada Cluster's spec.zones: `zone In [a]` matches a member in zones a and b only if b is listed
// too). Where Karmada silently matches nothing (a selector that does not parse) or its webhook
// refuses the input (an unknown field key or operator), Validate reports the field instead.
//
// Registration of members into a Karmada control plane lives in the adapter subpackage fleet/karmada.
//
// Everything here is pure: no I/O beyond decoding bytes, no clocks, no globals.
package fleet
