package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster"
)

func readyFacts() cluster.NodeFacts {
	return cluster.SampleNodeFacts()[0]
}

func statusOf(r cluster.PreflightReport) map[string]cluster.CheckStatus {
	out := map[string]cluster.CheckStatus{}
	for _, c := range r.Results {
		out[c.Name] = c.Status
	}
	return out
}

func TestPreflightSampleNodes(t *testing.T) {
	facts := cluster.SampleNodeFacts()
	ready := cluster.Preflight(facts[0])
	assert.True(t, ready.Passed())
	assert.Equal(t, "idc-worker-01", ready.Node)
	assert.Len(t, ready.Results, len(cluster.DefaultChecks()))

	broken := cluster.Preflight(facts[1])
	assert.False(t, broken.Passed())
	assert.Equal(t, map[string]cluster.CheckStatus{
		"swap": cluster.CheckFail, "kernel-modules": cluster.CheckFail, "sysctls": cluster.CheckFail,
		"cgroup-driver": cluster.CheckFail, "cri-socket": cluster.CheckPass, "cgroup-version": cluster.CheckPass,
	}, statusOf(broken))
	assert.Len(t, broken.Failures(), 4)

	k3s := cluster.Preflight(facts[2])
	assert.Equal(t, cluster.CheckFail, statusOf(k3s)["cri-socket"])
	assert.Equal(t, cluster.CheckWarn, statusOf(k3s)["cgroup-version"])
}

func TestCheckCgroupDriver(t *testing.T) {
	on, off := true, false
	tests := []struct {
		name       string
		kubelet    string
		containerd *bool
		want       cluster.CheckStatus
	}{
		{"both systemd", "systemd", &on, cluster.CheckPass},
		{"both cgroupfs", "cgroupfs", &off, cluster.CheckPass},
		{"kubelet systemd, containerd cgroupfs", "systemd", &off, cluster.CheckFail},
		{"kubelet cgroupfs, containerd systemd", "cgroupfs", &on, cluster.CheckFail},
		{"no kubelet config yet, containerd systemd", "", &on, cluster.CheckPass},
		{"no kubelet config, containerd default", "", nil, cluster.CheckFail},
		{"kubelet cgroupfs, containerd default", "cgroupfs", nil, cluster.CheckPass},
		{"unknown driver", "cgroupv3", &on, cluster.CheckFail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := readyFacts()
			f.KubeletCgroupDriver, f.ContainerdSystemdCgroup = tt.kubelet, tt.containerd
			r := cluster.CheckCgroupDriver(f)
			assert.Equal(t, tt.want, r.Status, r.Detail)
			if tt.want == cluster.CheckFail {
				assert.NotEmpty(t, r.Fix)
			}
		})
	}
}

func TestDetectCRISockets(t *testing.T) {
	tests := []struct {
		name     string
		existing []string
		want     []cluster.CRIEndpoint
	}{
		{"none", nil, nil},
		{"run and var/run are one socket", []string{"/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock"},
			[]cluster.CRIEndpoint{{Path: "/run/containerd/containerd.sock", Runtime: "containerd"}}},
		{"only var/run", []string{"/var/run/containerd/containerd.sock"},
			[]cluster.CRIEndpoint{{Path: "/run/containerd/containerd.sock", Runtime: "containerd"}}},
		{"k3s", []string{"/run/k3s/containerd/containerd.sock"},
			[]cluster.CRIEndpoint{{Path: "/run/k3s/containerd/containerd.sock", Runtime: "k3s-containerd"}}},
		{"unknown paths ignored", []string{"/tmp/containerd.sock"}, nil},
		{"cri-o and containerd", []string{"/var/run/crio/crio.sock", "/run/containerd/containerd.sock"},
			[]cluster.CRIEndpoint{{Path: "/run/containerd/containerd.sock", Runtime: "containerd"}, {Path: "/run/crio/crio.sock", Runtime: "cri-o"}}},
		{"docker through cri-dockerd, next to docker's containerd", []string{"/run/containerd/containerd.sock", "/var/run/cri-dockerd.sock"},
			[]cluster.CRIEndpoint{{Path: "/run/containerd/containerd.sock", Runtime: "containerd"}, {Path: "/run/cri-dockerd.sock", Runtime: "cri-dockerd"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, cluster.DetectCRISockets(tt.existing))
		})
	}
	f := readyFacts()
	f.Sockets = nil
	assert.Equal(t, cluster.CheckFail, cluster.CheckCRISocket(f).Status)
	f.Sockets = []string{"/run/k3s/containerd/containerd.sock"}
	r := cluster.CheckCRISocket(f)
	assert.Equal(t, cluster.CheckPass, r.Status)
	assert.Contains(t, r.Detail, "unix:///run/k3s/containerd/containerd.sock")
}

// TestCheckCRISocketFailsOnADockerHost: a Docker host runs cri-dockerd and Docker's containerd, and
// kubeadm refuses it ("found multiple CRI endpoints"); the check used to see containerd alone and pass.
func TestCheckCRISocketFailsOnADockerHost(t *testing.T) {
	f := readyFacts()
	f.Sockets = []string{"/run/containerd/containerd.sock", "/run/cri-dockerd.sock"}
	r := cluster.CheckCRISocket(f)
	assert.Equal(t, cluster.CheckFail, r.Status)
	assert.Contains(t, r.Detail, "unix:///run/cri-dockerd.sock")

	f.Sockets = []string{"/var/run/cri-dockerd.sock"}
	r = cluster.CheckCRISocket(f)
	assert.Equal(t, cluster.CheckPass, r.Status)
	assert.Equal(t, "cri-dockerd at unix:///run/cri-dockerd.sock", r.Detail)
}

func TestCheckSysctlsAndModules(t *testing.T) {
	f := readyFacts()
	f.Sysctls = map[string]string{cluster.SysctlIPForward: "1\n", cluster.SysctlBridgeNFIPTables: "1", cluster.SysctlBridgeNFIP6Tables: "0"}
	r := cluster.CheckSysctls(f)
	require.Equal(t, cluster.CheckFail, r.Status)
	assert.Contains(t, r.Detail, "net.bridge.bridge-nf-call-ip6tables = 0")
	assert.NotContains(t, r.Detail, "ip_forward")

	f.Modules = []string{"br_netfilter"}
	r = cluster.CheckModules(f)
	assert.Equal(t, cluster.CheckFail, r.Status)
	assert.Contains(t, r.Fix, "modprobe overlay")
}

func TestPreflightRunsGivenChecksOnly(t *testing.T) {
	r := cluster.Preflight(cluster.SampleNodeFacts()[1], cluster.CheckCRISocket)
	require.Len(t, r.Results, 1)
	assert.True(t, r.Passed())
}

// TestCheckCgroupVersionFailsForKubelet135: a cgroup v1 node passed preflight for a v1.35 cluster,
// whose kubelet defaults failCgroupV1 to true and refuses to start.
func TestCheckCgroupVersionFailsForKubelet135(t *testing.T) {
	tests := []struct {
		cgroup  int
		kubelet string
		want    cluster.CheckStatus
	}{
		{1, "v1.35.0", cluster.CheckFail},
		{1, "1.35.4", cluster.CheckFail},
		{1, "v1.34.3", cluster.CheckWarn},
		{1, "", cluster.CheckWarn},
		{1, "latest", cluster.CheckFail},
		{2, "v1.35.0", cluster.CheckPass},
		{2, "latest", cluster.CheckFail}, // a typo fails on cgroup v2 too
		{0, "v1.35.0", cluster.CheckWarn},
	}
	for _, tt := range tests {
		f := readyFacts()
		f.CgroupVersion, f.KubeletVersion = tt.cgroup, tt.kubelet
		r := cluster.CheckCgroupVersion(f)
		assert.Equal(t, tt.want, r.Status, "cgroup v%d, kubelet %q: %s", tt.cgroup, tt.kubelet, r.Detail)
		if tt.want != cluster.CheckPass && tt.cgroup != 0 {
			assert.NotEmpty(t, r.Fix)
		}
	}
	f := cluster.SampleNodeFacts()[2]
	f.KubeletVersion = "v1.35.0"
	r := cluster.Preflight(f)
	assert.Equal(t, cluster.CheckFail, statusOf(r)["cgroup-version"])
	assert.Contains(t, r.Failures()[len(r.Failures())-1].Detail, "kubelet v1.35.0 refuses")
}
