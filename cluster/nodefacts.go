package cluster

// NodeFacts is what preflight checks need to know about a node. It is plain data so that checks
// are pure: cluster/nodefacts reads it from a real node, tests and fleetctl read it from files.
type NodeFacts struct {
	// Hostname identifies the node in reports.
	Hostname string `json:"hostname"`
	// SwapDevices lists active swap devices (/proc/swaps); empty means swap is off.
	SwapDevices []string `json:"swapDevices,omitempty"`
	// Modules lists loaded or built-in kernel modules.
	Modules []string `json:"modules,omitempty"`
	// Sysctls maps sysctl names ("net.ipv4.ip_forward") to their values; a key the node does not
	// expose is absent.
	Sysctls map[string]string `json:"sysctls,omitempty"`
	// KubeletCgroupDriver is cgroupDriver from the kubelet's config file; empty when the node has
	// no kubelet configuration yet (kubeadm writes "systemd" at join).
	KubeletCgroupDriver string `json:"kubeletCgroupDriver,omitempty"`
	// ContainerdSystemdCgroup is the runc SystemdCgroup option of containerd's configuration; nil
	// when the configuration does not set it, in which case containerd uses cgroupfs.
	ContainerdSystemdCgroup *bool `json:"containerdSystemdCgroup,omitempty"`
	// Sockets lists the CRI socket paths (of KnownCRISockets) that exist on the node as sockets.
	Sockets []string `json:"sockets,omitempty"`
	// CgroupVersion is 1 or 2 (0 when unknown).
	CgroupVersion int `json:"cgroupVersion,omitempty"`
	// KubeletVersion is the version of the kubelet the node will join with, such as "v1.35.0": the
	// cluster's version, or its pool's while the pool lags (WorkerPool.KubeletVersion). It is not
	// read from the node (cluster/nodefacts leaves it empty); the caller names it. Empty means
	// unknown: the checks whose verdict depends on it (CheckCgroupVersion) then only warn.
	KubeletVersion string `json:"kubeletVersion,omitempty"`
}

// The sysctls kubeadm requires, with the value each must have.
const (
	SysctlIPForward          = "net.ipv4.ip_forward"
	SysctlBridgeNFIPTables   = "net.bridge.bridge-nf-call-iptables"
	SysctlBridgeNFIP6Tables  = "net.bridge.bridge-nf-call-ip6tables"
	requiredSysctlValue      = "1"
	cgroupDriverSystemd      = "systemd"
	cgroupDriverCgroupfs     = "cgroupfs"
	kubeadmDefaultCgroupDrv  = cgroupDriverSystemd
	containerdDefaultCgroups = cgroupDriverCgroupfs
)

// RequiredSysctls returns the sysctls a node must set to 1 before kubeadm joins it.
func RequiredSysctls() []string {
	return []string{SysctlIPForward, SysctlBridgeNFIPTables, SysctlBridgeNFIP6Tables}
}

// RequiredModules returns the kernel modules container networking and storage need:
// br_netfilter makes bridged traffic visible to iptables, overlay backs containerd's snapshotter.
func RequiredModules() []string { return []string{"br_netfilter", "overlay"} }

// KnownCRISockets returns the CRI socket paths detection looks for, most common first: kubeadm's own
// (containerd, CRI-O, cri-dockerd; k8s.io/kubernetes@v1.35.4, cmd/kubeadm/app/constants/constants_unix.go)
// and k3s's embedded containerd.
func KnownCRISockets() []string {
	return []string{
		"/run/containerd/containerd.sock",
		"/var/run/containerd/containerd.sock",
		"/run/k3s/containerd/containerd.sock",
		"/run/crio/crio.sock",
		"/var/run/crio/crio.sock",
		"/run/cri-dockerd.sock",
		"/var/run/cri-dockerd.sock",
	}
}
