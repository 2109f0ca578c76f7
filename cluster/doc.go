// Package cluster models the lifecycle of one Kubernetes cluster: a declarative ClusterSpec
// (infrastructure, Kubernetes version, networks, control plane, worker pools), its validation,
// and pure planners for the operations that change it.
//
//   - Validate checks a spec the way an operator would before asking Cluster API for it: an odd
//     number of control-plane replicas (etcd quorum), non-overlapping pod and service CIDRs, a
//     control-plane VIP outside them, a supported Kubernetes version, well-formed pools.
//   - PlanUpgrade turns "v1.29.3 → v1.32.0" into ordered steps of one minor version each, the
//     control plane first and the worker pools after it, within the kubelet version-skew rules.
//   - PlanScale says which pools change between two specs and with which surge/unavailable bounds.
//   - CheckChange refuses edits that Cluster API would turn into something unsafe (a downgrade, a
//     skipped minor, a changed CIDR).
//   - Preflight runs pure checks over NodeFacts (swap, kernel modules, sysctls, cgroup driver
//     agreement between kubelet and containerd, CRI socket detection); the nodefacts subpackage
//     reads those facts from a real node.
//
// The package performs no I/O: rendering a spec into Cluster API objects lives in cluster/capi.
package cluster
