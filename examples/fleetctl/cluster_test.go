package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

const labCluster = `name: lab
infra: docker
version: v1.30.2
network: {podCIDRs: [10.244.0.0/16], serviceCIDRs: [10.96.0.0/16]}
controlPlane: {replicas: 3, vip: 192.168.10.5}
workers: [{name: general, replicas: 2}]
`

func TestClusterRender(t *testing.T) {
	out, _, err := runCLI(t, "cluster", "render", "--sample", "-o", "yaml")
	require.NoError(t, err)
	for _, kind := range []string{"kind: Cluster", "kind: KubeadmControlPlane", "kind: MachineDeployment", "kind: KubeadmConfigTemplate",
		"kind: DockerCluster", "kind: DockerMachineTemplate", "/etc/kubernetes/manifests/kube-vip.yaml"} {
		assert.Contains(t, out, kind)
	}

	out, _, err = runCLI(t, "cluster", "render", "-f", writeFile(t, "c.yaml", labCluster), "--namespace", "clusters", "-o", "json")
	require.NoError(t, err)
	var list struct {
		APIVersion, Kind string
		Items            []map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	assert.Equal(t, []string{"v1", "List"}, []string{list.APIVersion, list.Kind})
	assert.Len(t, list.Items, 7)
	assert.NotContains(t, out, "creationTimestamp")

	out, _, err = runCLI(t, "cluster", "render", "--sample")
	require.NoError(t, err)
	assert.Contains(t, out, "KubeadmControlPlane")
}

func TestClusterRenderRejectsBadSpecs(t *testing.T) {
	tests := []struct {
		name, spec, want string
	}{
		{"even control plane", labCluster[:len(labCluster)-len("controlPlane: {replicas: 3, vip: 192.168.10.5}\nworkers: [{name: general, replicas: 2}]\n")] +
			"controlPlane: {replicas: 2}\n", "controlPlane.replicas"},
		{"overlapping CIDRs", "name: lab\ninfra: docker\nversion: v1.30.2\nnetwork: {podCIDRs: [10.0.0.0/16], serviceCIDRs: [10.0.128.0/20]}\ncontrolPlane: {replicas: 1}\n", "network.serviceCIDRs[0]"},
		{"unsupported version", "name: lab\ninfra: docker\nversion: v1.20.0\nnetwork: {podCIDRs: [10.0.0.0/16], serviceCIDRs: [10.1.0.0/16]}\ncontrolPlane: {replicas: 1}\n", "version"},
		{"unknown field", labCluster + "extra: true\n", "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, "cluster", "render", "-f", writeFile(t, "c.yaml", tt.spec))
			require.Error(t, err)
			assert.Contains(t, stderr, tt.want)
		})
	}
	_, stderr, err := runCLI(t, "cluster", "render", "--sample", "-f", "x.yaml")
	require.Error(t, err)
	assert.Contains(t, stderr, "not both")
}

// TestClusterRefusesWhatItUsedToRender: a namespace the API server refuses was written into every object,
// and a control plane of 1,001 members or a pool of a million machines rendered and planned.
func TestClusterRefusesWhatItUsedToRender(t *testing.T) {
	_, stderr, err := runCLI(t, "cluster", "render", "--sample", "--namespace", "Team_A")
	require.Error(t, err)
	assert.Contains(t, stderr, `capi: cannot render namespace: "Team_A" is not a valid namespace (a DNS-1123 label)`)

	huge := strings.Replace(labCluster, "replicas: 3,", "replicas: 1001,", 1)
	_, stderr, err = runCLI(t, "cluster", "plan-upgrade", "-f", writeFile(t, "c.yaml", huge), "--to", "v1.31.0")
	require.Error(t, err)
	assert.Contains(t, stderr, "controlPlane.replicas: 1001 is more than 7")

	many := strings.Replace(labCluster, "{name: general, replicas: 2}", "{name: general, replicas: 1000000}", 1)
	_, stderr, err = runCLI(t, "cluster", "render", "-f", writeFile(t, "c.yaml", many), "-o", "json")
	require.Error(t, err)
	var got struct {
		Reason   string
		Problems []struct{ Field, Reason string }
	}
	require.NoError(t, json.Unmarshal([]byte(stderr), &got), stderr)
	assert.Equal(t, "Invalid", got.Reason)
	require.Len(t, got.Problems, 1)
	assert.Equal(t, "workers[0].replicas", got.Problems[0].Field)
}

func TestClusterPlanUpgrade(t *testing.T) {
	out, _, err := runCLI(t, "cluster", "plan-upgrade", "--sample", "--to", "v1.32.0", "-o", "json")
	require.NoError(t, err)
	var plan cluster.UpgradePlan
	require.NoError(t, json.Unmarshal([]byte(out), &plan))
	require.Len(t, plan.Steps, 6, "each control-plane step, then its pool step")
	assert.Equal(t, cluster.ActionControlPlane, plan.Steps[0].Actions[0].Kind)
	assert.Equal(t, "v1.30.0", plan.Steps[0].Actions[0].To.String())
	require.Len(t, plan.Steps[0].Actions, 1, "the workers wait for the control plane")
	assert.Equal(t, cluster.ActionWorkerPool, plan.Steps[1].Actions[0].Kind)

	out, _, err = runCLI(t, "cluster", "plan-upgrade", "--sample", "--to", "v1.32.0", "--release", "v1.30.14", "--workers", "AtSkewLimit")
	require.NoError(t, err)
	assert.Contains(t, out, "v1.30.14")
	assert.Contains(t, out, "4 step(s)")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--to", "v1.28.0"}, "target"},
		{[]string{"--to", "v1.29.1"}, "older than the running v1.29.3"},
		{nil, "--to VERSION is required"},
		{[]string{"--to", "v1.31.0", "--workers", "No"}, "workers"},
	} {
		_, stderr, err := runCLI(t, append([]string{"cluster", "plan-upgrade", "--sample"}, tc.args...)...)
		require.Error(t, err)
		assert.Contains(t, stderr, tc.want)
	}
}

func TestClusterPreflight(t *testing.T) {
	ready := `hostname: n1
modules: [br_netfilter, overlay]
sysctls: {net.ipv4.ip_forward: "1", net.bridge.bridge-nf-call-iptables: "1", net.bridge.bridge-nf-call-ip6tables: "1"}
kubeletCgroupDriver: systemd
containerdSystemdCgroup: true
sockets: [/run/containerd/containerd.sock]
cgroupVersion: 2
`
	out, _, err := runCLI(t, "cluster", "preflight", "-f", writeFile(t, "n.yaml", ready))
	require.NoError(t, err)
	assert.Contains(t, out, "unix:///run/containerd/containerd.sock")
	for name, doc := range map[string]string{"document marker": "---\n" + ready, "comment": "# node n1\n" + ready} {
		_, stderr, err := runCLI(t, "cluster", "preflight", "-f", writeFile(t, "n.yaml", doc))
		require.NoError(t, err, "a single node file starting with a %s: %s", name, stderr)
	}

	out, stderr, err := runCLI(t, "cluster", "preflight", "--sample", "-o", "json")
	require.Error(t, err, "a sample node fails")
	assert.Contains(t, stderr, "idc-worker-06, idc-worker-07")
	var doc struct{ Nodes []cluster.PreflightReport }
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Len(t, doc.Nodes, 3)
	assert.True(t, doc.Nodes[0].Passed())

	// A cgroup v1 node fails for a v1.35 kubelet, which refuses to start on it, and only warns below.
	v1 := strings.Replace(ready, "cgroupVersion: 2", "cgroupVersion: 1", 1)
	out, _, err = runCLI(t, "cluster", "preflight", "-f", writeFile(t, "n.yaml", v1), "--kubelet-version", "v1.34.2")
	require.NoError(t, err)
	assert.Contains(t, out, "warn")
	_, stderr, err = runCLI(t, "cluster", "preflight", "-f", writeFile(t, "n.yaml", v1), "--kubelet-version", "v1.35.0")
	require.Error(t, err)
	assert.Contains(t, stderr, "n1")
	_, _, err = runCLI(t, "cluster", "preflight", "-f", writeFile(t, "n.yaml", v1+"kubeletVersion: v1.35.1\n"))
	require.Error(t, err, "the node's own kubeletVersion")

	list := "- hostname: a\n  swapDevices: [/swapfile]\n- hostname: b\n"
	_, stderr, err = runCLI(t, "cluster", "preflight", "-f", writeFile(t, "l.yaml", list))
	require.Error(t, err)
	assert.Contains(t, stderr, "a, b")

	_, stderr, err = runCLI(t, "cluster", "preflight", "--sample", "--local")
	require.Error(t, err)
	assert.Contains(t, stderr, "exactly one")

	out, _, _ = runCLI(t, "cluster", "preflight", "--local")
	assert.Contains(t, out, "cri-socket", "this machine's facts are read and checked")
}
