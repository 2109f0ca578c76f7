// Package cluster models the lifecycle of one Kubernetes cluster: a declarative ClusterSpec
// (infrastructure, Kubernetes version, networks, control plane, worker pools), its validation,
// and pure planners for the operations that change it.
//
//   - Validate checks a spec the way an operator would before asking Cluster API for it: an odd
//     number of control-plane replicas (etcd quorum) and at most MaxControlPlaneReplicas of them,
//     non-overlapping pod and service CIDRs of sizes kubeadm accepts, a control-plane VIP outside
//     them, a supported Kubernetes version, well-formed pools, at most MaxNodes nodes. It returns
//     every problem found, joined and sorted by field, each a *ValidationError matching ErrInvalid.
//   - PlanUpgrade turns "v1.29.3 → v1.32.0" into ordered steps: the control plane one minor version
//     at a time, the worker pools in a step of their own after it, within the kubelet version-skew
//     rules. Each step is applied once the previous one has rolled out (see UpgradeStep).
//   - PlanScale says which pools change between two specs and with which surge/unavailable bounds.
//   - CheckChange refuses edits that Cluster API would turn into something unsafe (a downgrade, a
//     skipped minor, a pool moved past the running control plane's minor, a changed CIDR, service
//     domain or control-plane endpoint).
//   - Preflight runs pure checks over NodeFacts (swap, kernel modules, sysctls, cgroup driver
//     agreement between kubelet and containerd, CRI socket detection, cgroup v1 against the
//     kubelet version the node will run); the nodefacts subpackage reads those facts from a real
//     node, all but the kubelet version, which the caller names.
//
// The version rules are Kubernetes' own. The control plane moves one minor version per step because
// kubeadm upgrades only from one minor to the next. A kubelet may never be newer than kube-apiserver
// and may lag it by at most three minors from v1.28 on (two before), the Kubernetes version skew
// policy as widened by KEP-3935; see KubeletSkew.
//
// The node checks are what a kubeadm join depends on. kubeadm's preflight requires
// net.ipv4.ip_forward=1 and warns on active swap (k8s.io/kubernetes@v1.35.4,
// cmd/kubeadm/app/preflight/checks_linux.go and SwapCheck in checks.go); swap fails here because the
// kubelet refuses to start on it unless configured for it. The rest are the container-runtime
// prerequisites of the Kubernetes documentation: br_netfilter and overlay loaded, the bridge netfilter
// sysctls set to 1, the same cgroup driver in the kubelet and containerd configurations, and exactly
// one CRI socket, since with several kubeadm needs --cri-socket to choose.
//
// The package performs no I/O: rendering a spec into Cluster API objects lives in cluster/capi.
package cluster
