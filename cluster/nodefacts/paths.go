package nodefacts

import "strings"

// Paths inside the node's root file system (fs.FS paths: no leading slash).
const (
	hostnamePath      = "proc/sys/kernel/hostname"
	swapsPath         = "proc/swaps"
	modulesPath       = "proc/modules"
	filesystemsPath   = "proc/filesystems"
	sysModuleDir      = "sys/module"
	cgroupV2Marker    = "sys/fs/cgroup/cgroup.controllers"
	kubeletConfigPath = "var/lib/kubelet/config.yaml"
)

// containerdConfigPaths are where containerd's configuration lives: the standalone daemon's, then
// the one k3s generates for its embedded containerd.
func containerdConfigPaths() []string {
	return []string{"etc/containerd/config.toml", "var/lib/rancher/k3s/agent/etc/containerd/config.toml"}
}

// sysctlPath maps "net.ipv4.ip_forward" to "proc/sys/net/ipv4/ip_forward".
func sysctlPath(name string) string {
	return "proc/sys/" + strings.ReplaceAll(name, ".", "/")
}

// fsPath turns an absolute node path such as cluster.KnownCRISockets' into an fs.FS path.
func fsPath(abs string) string {
	if len(abs) > 0 && abs[0] == '/' {
		return abs[1:]
	}
	return abs
}
