package nodefacts_test

import (
	"fmt"
	"testing/fstest"

	"github.com/fleetkit/fleetkit/cluster/nodefacts"
)

// Read a node's facts from a file tree (os.DirFS("/") on a real node).
func ExampleRead() {
	node := fstest.MapFS{
		"proc/sys/kernel/hostname":         {Data: []byte("gpu-node-07\n")},
		"proc/swaps":                       {Data: []byte("Filename\tType\tSize\tUsed\tPriority\n/swap.img file 4194300 0 -2\n")},
		"proc/sys/net/ipv4/ip_forward":     {Data: []byte("1\n")},
		"etc/containerd/config.toml":       {Data: []byte("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runc.options]\n  SystemdCgroup = true\n")},
		"var/lib/kubelet/config.yaml":      {Data: []byte("cgroupDriver: systemd\n")},
		"sys/fs/cgroup/cgroup.controllers": {Data: []byte("cpu memory pids\n")},
	}
	facts, err := nodefacts.Read(node)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(facts.Hostname, "swap:", facts.SwapDevices, "ip_forward:", facts.Sysctls["net.ipv4.ip_forward"])
	fmt.Println("kubelet:", facts.KubeletCgroupDriver, "containerd systemd:", *facts.ContainerdSystemdCgroup, "cgroup v", facts.CgroupVersion)
	// Output:
	// gpu-node-07 swap: [/swap.img] ip_forward: 1
	// kubelet: systemd containerd systemd: true cgroup v 2
}
