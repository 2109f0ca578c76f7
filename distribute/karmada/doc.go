// Package karmada connects the distribute engine to Karmada's API: typed
// builders for PropagationPolicy, ClusterPropagationPolicy and
// OverridePolicy, and Request, which turns a real placement plus a fleet
// snapshot into the engine's input with Karmada's own candidate selection
// (cluster affinity and affinity groups, taints, spread constraints by
// cluster, region, zone and provider, and the scheduler's candidate order).
package karmada
