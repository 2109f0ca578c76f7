// Package fleet models a fleet of Kubernetes clusters: its members with their labels, provider, region,
// zone, role and capacity, and the selectors that pick members the way Karmada's ClusterAffinity does.
//
// A Fleet is plain data. It is the snapshot every other fleetkit engine consumes: distribute places
// replicas on members, scheduling checks gangs against them, policy selects the members a policy
// applies to. Load reads a fleet file (YAML or JSON); Sample returns the embedded seed fleet used by
// the examples and by `fleetctl demo`.
//
// Registration of members into a Karmada control plane lives in the adapter subpackage fleet/karmada.
//
// Everything here is pure: no I/O beyond decoding bytes, no clocks, no globals.
package fleet
