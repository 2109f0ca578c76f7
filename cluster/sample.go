package cluster

import (
	"k8s.io/apimachinery/pkg/util/intstr"
)

// Sample returns the seed's on-prem cluster as rehearsed locally on Cluster API's Docker provider:
// three control-plane machines behind a kube-vip VIP on the Docker network, five general workers,
// running v1.29.3 — the cluster `fleetctl demo` scales to eight workers and plans to v1.32.0.
func Sample() ClusterSpec {
	surge, unavailable := intstr.FromInt32(1), intstr.FromInt32(0)
	return ClusterSpec{
		Name:    "onprem-idc",
		Infra:   InfraDocker,
		Version: "v1.29.3",
		Network: Network{PodCIDRs: []string{"10.244.0.0/16"}, ServiceCIDRs: []string{"10.96.0.0/12"}},
		ControlPlane: ControlPlane{
			Replicas: 3, VIP: "172.18.0.200", Port: DefaultAPIServerPort, Interface: "eth0",
		},
		Workers: []WorkerPool{{
			Name:     "general",
			Replicas: 5,
			Labels:   map[string]string{"node.fleetkit.dev/pool": "general"},
			MaxSurge: &surge, MaxUnavailable: &unavailable,
		}},
	}
}

// SampleReleases returns the patch releases the demo's upgrade plan picks its intermediate steps
// from (the newest listed patch of each minor wins).
func SampleReleases() []string {
	return []string{"v1.30.2", "v1.30.14", "v1.31.12", "v1.32.0"}
}

// SampleNodeFacts returns the facts of three nodes of the seed's on-prem cluster before they join:
// one ready, one with swap on and mismatched cgroup drivers, one still running k3s next to a
// standalone containerd.
func SampleNodeFacts() []NodeFacts {
	on, off := true, false
	ready := map[string]string{SysctlIPForward: "1", SysctlBridgeNFIPTables: "1", SysctlBridgeNFIP6Tables: "1"}
	return []NodeFacts{
		{
			Hostname: "idc-worker-01", Modules: []string{"br_netfilter", "overlay"}, Sysctls: ready,
			KubeletCgroupDriver: "systemd", ContainerdSystemdCgroup: &on,
			Sockets: []string{"/run/containerd/containerd.sock", "/var/run/containerd/containerd.sock"}, CgroupVersion: 2,
		},
		{
			Hostname: "idc-worker-06", SwapDevices: []string{"/dev/sda3"}, Modules: []string{"overlay"},
			Sysctls:             map[string]string{SysctlIPForward: "0"},
			KubeletCgroupDriver: "systemd", ContainerdSystemdCgroup: &off,
			Sockets: []string{"/run/containerd/containerd.sock"}, CgroupVersion: 2,
		},
		{
			Hostname: "idc-worker-07", Modules: []string{"br_netfilter", "overlay"}, Sysctls: ready,
			ContainerdSystemdCgroup: &on,
			Sockets:                 []string{"/run/containerd/containerd.sock", "/run/k3s/containerd/containerd.sock"}, CgroupVersion: 1,
		},
	}
}
