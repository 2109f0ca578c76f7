package cluster

import (
	"fmt"
	"slices"
	"strings"
)

// CheckSwap fails when swap is on: the kubelet refuses to start with swap unless configured for
// it (NodeSwap), and kubeadm's preflight warns about it.
func CheckSwap(f NodeFacts) CheckResult {
	r := CheckResult{Name: "swap"}
	if len(f.SwapDevices) == 0 {
		return pass(r, "no active swap devices")
	}
	return fail(r, "swap is on: "+strings.Join(f.SwapDevices, ", "),
		"swapoff -a and remove swap entries from /etc/fstab")
}

// CheckModules fails when br_netfilter or overlay is neither loaded nor built in.
func CheckModules(f NodeFacts) CheckResult {
	r := CheckResult{Name: "kernel-modules"}
	var missing []string
	for _, m := range RequiredModules() {
		if !slices.Contains(f.Modules, m) {
			missing = append(missing, m)
		}
	}
	if len(missing) == 0 {
		return pass(r, strings.Join(RequiredModules(), " and ")+" are loaded")
	}
	return fail(r, "not loaded: "+strings.Join(missing, ", "),
		fmt.Sprintf("modprobe %s; list them in /etc/modules-load.d/k8s.conf", strings.Join(missing, " ")))
}

// CheckSysctls fails when IP forwarding or bridge netfilter is off. A missing bridge sysctl
// usually means br_netfilter is not loaded, and the detail says so.
func CheckSysctls(f NodeFacts) CheckResult {
	r := CheckResult{Name: "sysctls"}
	var bad []string
	for _, key := range RequiredSysctls() {
		v, ok := f.Sysctls[key]
		switch {
		case !ok && strings.HasPrefix(key, "net.bridge."):
			bad = append(bad, key+" absent (br_netfilter not loaded?)")
		case !ok:
			bad = append(bad, key+" absent")
		case strings.TrimSpace(v) != requiredSysctlValue:
			bad = append(bad, fmt.Sprintf("%s = %s", key, strings.TrimSpace(v)))
		}
	}
	if len(bad) == 0 {
		return pass(r, strings.Join(RequiredSysctls(), ", ")+" = 1")
	}
	return fail(r, strings.Join(bad, "; "),
		"set them to 1 in /etc/sysctl.d/k8s.conf and run sysctl --system")
}

// CheckCgroupDriver fails when the kubelet and containerd would manage cgroups through different
// drivers, which leaves two cgroup managers fighting over the same hierarchy.
func CheckCgroupDriver(f NodeFacts) CheckResult {
	r := CheckResult{Name: "cgroup-driver"}
	kubelet, kubeletSrc := f.KubeletCgroupDriver, "kubelet config"
	if kubelet == "" {
		kubelet, kubeletSrc = kubeadmDefaultCgroupDrv, "kubeadm default (no kubelet config yet)"
	}
	runtime, runtimeSrc := containerdDefaultCgroups, "containerd default (SystemdCgroup unset)"
	if f.ContainerdSystemdCgroup != nil {
		runtime, runtimeSrc = cgroupDriverCgroupfs, "containerd SystemdCgroup = false"
		if *f.ContainerdSystemdCgroup {
			runtime, runtimeSrc = cgroupDriverSystemd, "containerd SystemdCgroup = true"
		}
	}
	detail := fmt.Sprintf("kubelet %s (%s), containerd %s (%s)", kubelet, kubeletSrc, runtime, runtimeSrc)
	switch {
	case kubelet != cgroupDriverSystemd && kubelet != cgroupDriverCgroupfs:
		return fail(r, detail, "set cgroupDriver to systemd in the kubelet configuration")
	case kubelet == runtime:
		return pass(r, detail)
	case kubelet == cgroupDriverSystemd:
		return fail(r, detail, "set SystemdCgroup = true under the runc options in /etc/containerd/config.toml and restart containerd")
	default:
		return fail(r, detail, "set cgroupDriver: systemd in the kubelet configuration (or SystemdCgroup = false in containerd)")
	}
}

// FailCgroupV1Minor is the first Kubernetes minor whose kubelet refuses to start on a cgroup v1
// host: its KubeletConfiguration defaults failCgroupV1 to true (k8s.io/kubernetes@v1.35.4,
// pkg/kubelet/apis/config/v1beta1/defaults.go), and the configuration kubeadm writes at join does
// not turn it off.
const FailCgroupV1Minor = 35

// CheckCgroupVersion checks the node's cgroup version against the kubelet it will run
// (NodeFacts.KubeletVersion): cgroup v1 fails for a kubelet of v1.35 or newer, which refuses to
// start on it, and warns below (Kubernetes keeps cgroup v1 in maintenance mode) or when the version
// is unknown. A KubeletVersion that does not parse fails, whatever the cgroup version: a typo would
// otherwise pass on cgroup v2 and hide the check on the next cgroup v1 node.
func CheckCgroupVersion(f NodeFacts) CheckResult {
	r := CheckResult{Name: "cgroup-version"}
	if f.KubeletVersion != "" {
		if _, err := ParseVersion(f.KubeletVersion); err != nil {
			return fail(r, fmt.Sprintf("kubeletVersion: %v", err), "name the kubelet version as v1.MINOR.PATCH")
		}
	}
	switch f.CgroupVersion {
	case 2:
		return pass(r, "cgroup v2 (unified hierarchy)")
	case 1:
		const fix = "boot with systemd.unified_cgroup_hierarchy=1"
		if f.KubeletVersion == "" {
			return warn(r, fmt.Sprintf("cgroup v1; kubelet version unknown (kubelets from v1.%d refuse cgroup v1)", FailCgroupV1Minor), fix)
		}
		v, _ := ParseVersion(f.KubeletVersion) // parsed above
		switch {
		case v.Major == 1 && v.Minor >= FailCgroupV1Minor:
			return fail(r, fmt.Sprintf("cgroup v1: kubelet %s refuses to start on it (failCgroupV1 defaults to true from v1.%d)", v, FailCgroupV1Minor), fix)
		default:
			return warn(r, fmt.Sprintf("cgroup v1: kubelet %s starts, but those from v1.%d refuse it", v, FailCgroupV1Minor), fix)
		}
	default:
		return CheckResult{Name: r.Name, Status: CheckWarn, Detail: "cgroup version not reported"}
	}
}

func pass(r CheckResult, detail string) CheckResult {
	r.Status, r.Detail = CheckPass, detail
	return r
}

func warn(r CheckResult, detail, fix string) CheckResult {
	r.Status, r.Detail, r.Fix = CheckWarn, detail, fix
	return r
}

func fail(r CheckResult, detail, fix string) CheckResult {
	r.Status, r.Detail, r.Fix = CheckFail, detail, fix
	return r
}
