package nodefacts_test

import (
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/cluster/nodefacts"
)

const containerdConfig = `version = 2
[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
  # SystemdCgroup = false
  SystemdCgroup = true # set by the installer
`

func readyNode() fstest.MapFS {
	return fstest.MapFS{
		"proc/sys/kernel/hostname":                      {Data: []byte("idc-worker-01\n")},
		"proc/swaps":                                    {Data: []byte("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n")},
		"proc/modules":                                  {Data: []byte("overlay 151552 0 - Live 0x0000000000000000\nbr_netfilter 32768 0 - Live 0x0000000000000000\n")},
		"proc/sys/net/ipv4/ip_forward":                  {Data: []byte("1\n")},
		"proc/sys/net/bridge/bridge-nf-call-iptables":   {Data: []byte("1\n")},
		"proc/sys/net/bridge/bridge-nf-call-ip6tables":  {Data: []byte("1\n")},
		"var/lib/kubelet/config.yaml":                   {Data: []byte("apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n")},
		"etc/containerd/config.toml":                    {Data: []byte(containerdConfig)},
		"run/containerd/containerd.sock":                {Mode: fs.ModeSocket},
		"sys/fs/cgroup/cgroup.controllers":              {Data: []byte("cpu memory io\n")},
		"run/k3s/containerd/containerd.sock.not-socket": {Data: []byte("")},
	}
}

func TestReadReadyNode(t *testing.T) {
	facts, err := nodefacts.Read(readyNode())
	require.NoError(t, err)
	on := true
	assert.Equal(t, cluster.NodeFacts{
		Hostname:            "idc-worker-01",
		Modules:             []string{"overlay", "br_netfilter"},
		Sysctls:             map[string]string{cluster.SysctlIPForward: "1", cluster.SysctlBridgeNFIPTables: "1", cluster.SysctlBridgeNFIP6Tables: "1"},
		KubeletCgroupDriver: "systemd", ContainerdSystemdCgroup: &on,
		Sockets:       []string{"/run/containerd/containerd.sock"},
		CgroupVersion: 2,
	}, facts)
	assert.True(t, cluster.Preflight(facts).Passed())
}

// TestReadFindsCriDockerd: a Docker host's cri-dockerd socket used to go unseen, so its preflight
// passed with Docker's containerd alone while kubeadm found two CRI endpoints and refused to join.
func TestReadFindsCriDockerd(t *testing.T) {
	node := readyNode()
	node["run/cri-dockerd.sock"] = &fstest.MapFile{Mode: fs.ModeSocket}
	facts, err := nodefacts.Read(node)
	require.NoError(t, err)
	assert.Equal(t, []string{"/run/containerd/containerd.sock", "/run/cri-dockerd.sock"}, facts.Sockets)
	r := cluster.Preflight(facts, cluster.CheckCRISocket)
	assert.False(t, r.Passed())
}

// TestReadFindsCRIOUnderRun: CRI-O's socket was looked for under /var/run only, which a node root
// mounted elsewhere (os.DirFS("/host")) cannot resolve, /var/run being a symlink to the absolute /run.
func TestReadFindsCRIOUnderRun(t *testing.T) {
	node := readyNode()
	delete(node, "run/containerd/containerd.sock")
	node["run/crio/crio.sock"] = &fstest.MapFile{Mode: fs.ModeSocket}
	facts, err := nodefacts.Read(node)
	require.NoError(t, err)
	assert.Equal(t, []string{"/run/crio/crio.sock"}, facts.Sockets)
	r := cluster.Preflight(facts, cluster.CheckCRISocket)
	assert.True(t, r.Passed())
	assert.Equal(t, "cri-o at unix:///run/crio/crio.sock", r.Results[0].Detail)
}

func TestReadBrokenNode(t *testing.T) {
	node := fstest.MapFS{
		"proc/swaps":                   {Data: []byte("Filename Type Size Used Priority\n/dev/sda3 partition 8388604 0 -2\n")},
		"proc/modules":                 {Data: []byte("")},
		"proc/filesystems":             {Data: []byte("nodev\tsysfs\nnodev\toverlay\n")},
		"proc/sys/net/ipv4/ip_forward": {Data: []byte("0\n")},
		"var/lib/rancher/k3s/agent/etc/containerd/config.toml": {Data: []byte("[plugins.cri]\n")},
		"run/k3s/containerd/containerd.sock":                   {Mode: fs.ModeSocket},
		"run/containerd/containerd.sock":                       {Data: []byte("a regular file is not a socket")},
		"sys/fs/cgroup/cpu/tasks":                              {Data: []byte("")},
	}
	facts, err := nodefacts.Read(node)
	require.NoError(t, err)
	assert.Equal(t, []string{"/dev/sda3"}, facts.SwapDevices)
	assert.Equal(t, []string{"overlay"}, facts.Modules, "overlay built in, found through /proc/filesystems")
	assert.Equal(t, map[string]string{cluster.SysctlIPForward: "0"}, facts.Sysctls)
	assert.Empty(t, facts.KubeletCgroupDriver)
	assert.Nil(t, facts.ContainerdSystemdCgroup, "k3s config without SystemdCgroup")
	assert.Equal(t, []string{"/run/k3s/containerd/containerd.sock"}, facts.Sockets)
	assert.Equal(t, 1, facts.CgroupVersion)
	assert.Empty(t, facts.Hostname)

	report := cluster.Preflight(facts)
	assert.Len(t, report.Failures(), 4)
}

func TestReadWithoutProcModules(t *testing.T) {
	node := readyNode()
	delete(node, "proc/modules")
	node["sys/module/overlay/parameters/x"] = &fstest.MapFile{Data: []byte("")}
	facts, err := nodefacts.Read(node)
	require.NoError(t, err)
	assert.Equal(t, []string{"overlay"}, facts.Modules)
}

func TestReadBuiltinModuleUnderSys(t *testing.T) {
	node := readyNode()
	node["proc/modules"] = &fstest.MapFile{Data: []byte("overlay 151552 0 - Live 0x0\n")}
	node["sys/module/br_netfilter/parameters/x"] = &fstest.MapFile{Data: []byte("")}
	facts, err := nodefacts.Read(node)
	require.NoError(t, err)
	assert.Equal(t, []string{"overlay", "br_netfilter"}, facts.Modules)
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(fstest.MapFS)
		path string
	}{
		{"no /proc/swaps", func(m fstest.MapFS) { delete(m, "proc/swaps") }, "proc/swaps"},
		{"kubelet config not YAML", func(m fstest.MapFS) {
			m["var/lib/kubelet/config.yaml"] = &fstest.MapFile{Data: []byte("cgroupDriver: [systemd\n")}
		}, "var/lib/kubelet/config.yaml"},
		{"SystemdCgroup not a bool", func(m fstest.MapFS) {
			m["etc/containerd/config.toml"] = &fstest.MapFile{Data: []byte("SystemdCgroup = yes\n")}
		}, "etc/containerd/config.toml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			node := readyNode()
			tt.edit(node)
			_, err := nodefacts.Read(node)
			require.ErrorIs(t, err, nodefacts.ErrUnreadable)
			var re *nodefacts.ReadError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.path, re.Path)
			assert.Contains(t, err.Error(), "/"+tt.path)
		})
	}
}

// TestReadThisMachine reads the real node the tests run on: whatever it finds, it must parse.
func TestReadThisMachine(t *testing.T) {
	facts, err := nodefacts.Read(os.DirFS("/"))
	require.NoError(t, err)
	assert.NotEmpty(t, facts.Hostname)
	report := cluster.Preflight(facts)
	assert.Len(t, report.Results, len(cluster.DefaultChecks()))
}
