package cluster_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/cluster"
)

func TestSampleIsValid(t *testing.T) {
	require.NoError(t, cluster.Validate(cluster.Sample()))
}

func TestValidateRejectsBadSpecs(t *testing.T) {
	pct := intstr.FromString("ten")
	tests := []struct {
		name     string
		mutate   func(*cluster.ClusterSpec)
		field    string
		sentinel error
	}{
		{"even control plane", func(s *cluster.ClusterSpec) { s.ControlPlane.Replicas = 4 }, "controlPlane.replicas", cluster.ErrEvenControlPlane},
		{"no control plane", func(s *cluster.ClusterSpec) { s.ControlPlane.Replicas = 0 }, "controlPlane.replicas", nil},
		{"pod and service CIDRs overlap", func(s *cluster.ClusterSpec) { s.Network.ServiceCIDRs = []string{"10.244.128.0/20"} }, "network.serviceCIDRs[0]", cluster.ErrCIDROverlap},
		{"VIP inside the pod range", func(s *cluster.ClusterSpec) { s.ControlPlane.VIP = "10.244.1.1" }, "controlPlane.vip", cluster.ErrCIDROverlap},
		{"VIP not an IP", func(s *cluster.ClusterSpec) { s.ControlPlane.VIP = "vip.example" }, "controlPlane.vip", nil},
		{"CIDR with host bits", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = []string{"10.244.0.1/16"} }, "network.podCIDRs[0]", nil},
		{"IPv4-mapped service CIDR hiding an overlap", func(s *cluster.ClusterSpec) {
			s.Network.ServiceCIDRs = []string{"::ffff:10.244.0.0/112"}
		}, "network.serviceCIDRs[0]", nil},
		{"not a CIDR", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = []string{"10.244.0.0"} }, "network.podCIDRs[0]", nil},
		{"no pod CIDR", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = nil }, "network.podCIDRs", nil},
		{"two IPv4 pod CIDRs", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = []string{"10.244.0.0/16", "10.245.0.0/16"} }, "network.podCIDRs", nil},
		{"service range too large", func(s *cluster.ClusterSpec) { s.Network.ServiceCIDRs = []string{"10.0.0.0/8"} }, "network.serviceCIDRs[0]", nil},
		{"service range under ten addresses", func(s *cluster.ClusterSpec) { s.Network.ServiceCIDRs = []string{"10.96.0.0/29"} }, "network.serviceCIDRs[0]", nil},
		{"IPv6 service range under ten addresses", func(s *cluster.ClusterSpec) {
			s.Network.PodCIDRs = append(s.Network.PodCIDRs, "fd00:10:244::/56")
			s.Network.ServiceCIDRs = append(s.Network.ServiceCIDRs, "fd00:10:96::/125")
		}, "network.serviceCIDRs[1]", nil},
		{"pod range smaller than a node's /24", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = []string{"10.244.0.0/25"} }, "network.podCIDRs[0]", nil},
		{"pod range of more than 2^16 node ranges", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = []string{"32.0.0.0/7"} }, "network.podCIDRs[0]", nil},
		{"IPv6 pod range smaller than a node's /64", func(s *cluster.ClusterSpec) {
			s.Network.PodCIDRs = append(s.Network.PodCIDRs, "fd00:10:244::/65")
			s.Network.ServiceCIDRs = append(s.Network.ServiceCIDRs, "fd00:10:96::/112")
		}, "network.podCIDRs[1]", nil},
		{"IPv6 pod range of more than 2^16 node ranges", func(s *cluster.ClusterSpec) {
			s.Network.PodCIDRs = append(s.Network.PodCIDRs, "fd00::/47")
			s.Network.ServiceCIDRs = append(s.Network.ServiceCIDRs, "fd01:10:96::/112")
		}, "network.podCIDRs[1]", nil},
		{"version too old", func(s *cluster.ClusterSpec) { s.Version = "v1.27.4" }, "version", cluster.ErrUnsupportedVersion},
		{"version too new", func(s *cluster.ClusterSpec) { s.Version = "v1.40.0" }, "version", cluster.ErrUnsupportedVersion},
		{"version malformed", func(s *cluster.ClusterSpec) { s.Version = "1.29" }, "version", nil},
		{"pre-release version", func(s *cluster.ClusterSpec) { s.Version = "v1.30.0-rc.1" }, "version", nil},
		{"unknown infra", func(s *cluster.ClusterSpec) { s.Infra = "openstack" }, "infra", nil},
		{"bad name", func(s *cluster.ClusterSpec) { s.Name = "On_Prem" }, "name", nil},
		{"pool named like the control plane", func(s *cluster.ClusterSpec) {
			s.Workers = append(s.Workers, cluster.WorkerPool{Name: "control-plane", Replicas: 1})
		}, "workers[1].name", nil},
		{"duplicate pool", func(s *cluster.ClusterSpec) { s.Workers = append(s.Workers, s.Workers[0]) }, "workers[1].name", nil},
		{"negative replicas", func(s *cluster.ClusterSpec) { s.Workers[0].Replicas = -1 }, "workers[0].replicas", nil},
		{"bad label", func(s *cluster.ClusterSpec) { s.Workers[0].Labels = map[string]string{"a b": "x"} }, "workers[0].labels", nil},
		{"label the kubelet may not set", func(s *cluster.ClusterSpec) {
			s.Workers[0].Labels = map[string]string{"node-role.kubernetes.io/worker": ""}
		}, "workers[0].labels[node-role.kubernetes.io/worker]", nil},
		{"bad taint effect", func(s *cluster.ClusterSpec) {
			s.Workers[0].Taints = []corev1.Taint{{Key: "gpu", Effect: "Sometimes"}}
		}, "workers[0].taints[0].effect", nil},
		{"bad surge", func(s *cluster.ClusterSpec) { s.Workers[0].MaxSurge = &pct }, "workers[0].maxSurge", nil},
		{"surge and unavailable both 0", func(s *cluster.ClusterSpec) {
			s.Workers[0].MaxSurge, s.Workers[0].MaxUnavailable = ptr.To(intstr.FromInt32(0)), ptr.To(intstr.FromInt32(0))
		}, "workers[0].maxSurge", nil},
		{"surge 0 and unavailable unset (0)", func(s *cluster.ClusterSpec) {
			s.Workers[0].MaxSurge, s.Workers[0].MaxUnavailable = ptr.To(intstr.FromInt32(0)), nil
		}, "workers[0].maxSurge", nil},
		{"pool kubelet newer than control plane", func(s *cluster.ClusterSpec) { s.Workers[0].Version = "v1.30.0" }, "workers[0].version", cluster.ErrVersionSkew},
		{"pool kubelet too far behind", func(s *cluster.ClusterSpec) {
			s.Version, s.Workers[0].Version = "v1.33.1", "v1.29.3"
		}, "workers[0].version", cluster.ErrVersionSkew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cluster.Sample()
			tt.mutate(&s)
			err := cluster.Validate(s)
			require.Error(t, err)
			assert.ErrorIs(t, err, cluster.ErrInvalid)
			var ve *cluster.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, err.Error(), tt.field)
			if tt.sentinel != nil {
				assert.ErrorIs(t, err, tt.sentinel)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	s := cluster.Sample()
	s.ControlPlane.Replicas = 2
	s.Network.ServiceCIDRs = []string{"10.244.0.0/20"}
	err := cluster.Validate(s)
	assert.ErrorIs(t, err, cluster.ErrEvenControlPlane)
	assert.ErrorIs(t, err, cluster.ErrCIDROverlap)
}

// TestValidateSortsEveryProblemByField: problems used to come in the order the checks ran.
func TestValidateSortsEveryProblemByField(t *testing.T) {
	s := cluster.Sample()
	s.Name = "On_Prem"
	s.ControlPlane.Replicas = 2
	s.Network.ServiceCIDRs = []string{"10.244.0.0/20"}
	s.Workers = append(s.Workers, s.Workers[0])
	for range 10 {
		s.Workers = append(s.Workers, cluster.WorkerPool{Name: "p" + string(rune('a'+len(s.Workers))), Replicas: 1})
	}
	s.Workers[11].Replicas = -1
	s.Workers[1].Replicas = -1
	var fields []string
	for _, e := range errorsOf(cluster.Validate(s)) {
		var ve *cluster.ValidationError
		require.ErrorAs(t, e, &ve)
		fields = append(fields, ve.Field)
	}
	assert.Equal(t, []string{"controlPlane.replicas", "name", "network.serviceCIDRs[0]", "workers[1].name", "workers[1].replicas",
		"workers[11].replicas"}, fields)
}

// TestValidateRefusesAbsurdSizes: a control plane of 1,001 members and a pool of a million machines used
// to validate, render and plan.
func TestValidateRefusesAbsurdSizes(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*cluster.ClusterSpec)
		field  string
		reason string
	}{
		{"etcd of 1001 members", func(s *cluster.ClusterSpec) { s.ControlPlane.Replicas = 1001 }, "controlPlane.replicas",
			"1001 is more than 7"},
		{"a million machines in a pool", func(s *cluster.ClusterSpec) { s.Workers[0].Replicas = 1_000_000 }, "workers[0].replicas",
			"1000000 is more than 5000"},
		{"pools that add up to too many nodes", func(s *cluster.ClusterSpec) {
			s.Workers = []cluster.WorkerPool{{Name: "a", Replicas: 3000}, {Name: "b", Replicas: 3000}}
		}, "workers", "6003 nodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := cluster.Sample()
			tt.mutate(&s)
			err := cluster.Validate(s)
			require.ErrorIs(t, err, cluster.ErrInvalid)
			var ve *cluster.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, tt.reason)
		})
	}
	s := cluster.Sample()
	s.ControlPlane.Replicas, s.Workers[0].Replicas = 7, 4000
	assert.NoError(t, cluster.Validate(s))
}

// errorsOf unwraps a joined error into its parts.
func errorsOf(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestValidateRefusesTooLongMachineDeploymentNames: a pool is rendered as the MachineDeployment
// "<cluster>-<pool>", which Cluster API's webhook refuses beyond 63 characters (a label value); two
// valid names that added up to more used to validate.
func TestValidateRefusesTooLongMachineDeploymentNames(t *testing.T) {
	s := cluster.Sample()
	s.Name = strings.Repeat("c", 40)
	s.Workers = append(s.Workers, cluster.WorkerPool{Name: strings.Repeat("p", 23), Replicas: 1})
	err := cluster.Validate(s)
	require.ErrorIs(t, err, cluster.ErrInvalid)
	var ve *cluster.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "workers[1].name", ve.Field)
	assert.Contains(t, ve.Reason, "64 characters")
	assert.Len(t, errorsOf(err), 1)

	s.Workers[1].Name = strings.Repeat("p", 22)
	assert.NoError(t, cluster.Validate(s), "63 characters is a valid label value")

	s.Name = strings.Repeat("c", 64)
	err = cluster.Validate(s)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "name", ve.Field, "a cluster name too long on its own is reported once, on the name")
	assert.Len(t, errorsOf(err), 1)
}

func TestValidateAcceptsDualStackAndLaggingPool(t *testing.T) {
	s := cluster.Sample()
	s.Network.PodCIDRs = []string{"10.244.0.0/16", "fd00:10:244::/56"}
	s.Network.ServiceCIDRs = []string{"10.96.0.0/16", "fd00:10:96::/112"}
	s.Version, s.Workers[0].Version = "v1.32.4", "1.29.3"
	assert.NoError(t, cluster.Validate(s))
}

// TestValidateRefusesVIPsNoMachineCanReach: a zoned, IPv4-mapped, unspecified, loopback, multicast,
// link-local or broadcast VIP used to validate; the IPv4-mapped form of a pod address also escaped the
// overlap check.
func TestValidateRefusesVIPsNoMachineCanReach(t *testing.T) {
	tests := []struct{ vip, reason string }{
		{"fe80::1%eth0", "IPv6 zone"},
		{"fd00::1%eth0", "IPv6 zone"},
		{"::ffff:172.18.0.200", "IPv4-mapped"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"127.0.0.1", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.1", "loopback"},
		{"224.0.0.18", "multicast"},
		{"ff02::12", "multicast"},
		{"169.254.10.1", "link-local"},
		{"fe80::1", "link-local"},
		{"255.255.255.255", "broadcast"},
	}
	for _, tt := range tests {
		t.Run(tt.vip, func(t *testing.T) {
			s := cluster.Sample()
			s.ControlPlane.VIP = tt.vip
			err := cluster.Validate(s)
			require.ErrorIs(t, err, cluster.ErrInvalid)
			var ve *cluster.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "controlPlane.vip", ve.Field)
			assert.Contains(t, err.Error(), tt.reason)
		})
	}

	s := cluster.Sample()
	s.ControlPlane.VIP = "::ffff:10.244.0.5"
	err := cluster.Validate(s)
	assert.ErrorIs(t, err, cluster.ErrCIDROverlap, "the mapped form of a pod address lies inside the pod range")
	assert.Contains(t, err.Error(), "10.244.0.5 lies inside network.podCIDRs[0]")

	for _, vip := range []string{"172.18.0.200", "192.168.1.10", "fd00:172:18::200", "2001:db8::10"} {
		s.ControlPlane.VIP = vip
		assert.NoError(t, cluster.Validate(s), vip)
	}
}

// TestValidateAcceptsKubeadmsNetworkBounds: the smallest and largest ranges kubeadm accepts.
func TestValidateAcceptsKubeadmsNetworkBounds(t *testing.T) {
	for _, n := range []cluster.Network{
		{PodCIDRs: []string{"10.244.0.0/24", "fd00:10:244::/64"}, ServiceCIDRs: []string{"10.96.0.0/28", "fd00:10:96::/124"}},
		{PodCIDRs: []string{"11.0.0.0/8", "fd00::/48"}, ServiceCIDRs: []string{"10.96.0.0/12", "fd01::/108"}},
	} {
		s := cluster.Sample()
		s.Network = n
		assert.NoError(t, cluster.Validate(s), "%v", n)
	}
}

func TestValidateAcceptsKubeletLabels(t *testing.T) {
	s := cluster.Sample()
	s.Workers[0].Labels = map[string]string{"node.kubernetes.io/pool": "a", "topology.kubernetes.io/zone": "z1", "example.com/team": "x", "plain": "y"}
	assert.NoError(t, cluster.Validate(s))
}

func TestBuilderValidatesAndCopies(t *testing.T) {
	labels := map[string]string{"pool": "a"}
	b := cluster.NewSpec("lab", "v1.31.2").WithInfra(cluster.InfraDocker).
		WithPodCIDRs("192.168.0.0/16").WithServiceCIDRs("10.128.0.0/16").
		WithControlPlane(3, "10.0.0.10").WithAPIServerPort(8443).WithVIPInterface("ens3").
		WithServiceDomain("lab.local").
		WithWorkerPool(cluster.WorkerPool{Name: "a", Replicas: 2, Labels: labels})
	s, err := b.Build()
	require.NoError(t, err)
	labels["pool"] = "changed"
	assert.Equal(t, "a", s.Workers[0].Labels["pool"])
	assert.Equal(t, int32(8443), s.ControlPlane.APIServerPort())

	_, err = cluster.NewSpec("lab", "v1.31.2").WithControlPlane(2, "").Build()
	assert.ErrorIs(t, err, cluster.ErrEvenControlPlane)
	assert.True(t, errors.Is(err, cluster.ErrInvalid))
}

func TestBounds(t *testing.T) {
	pct := func(s string) *intstr.IntOrString { v := intstr.FromString(s); return &v }
	num := func(n int32) *intstr.IntOrString { v := intstr.FromInt32(n); return &v }
	tests := []struct {
		name     string
		pool     cluster.WorkerPool
		replicas int32
		want     cluster.RolloutBounds
	}{
		{"defaults", cluster.WorkerPool{}, 5, cluster.RolloutBounds{MaxSurge: 1, MaxUnavailable: 0, MinAvailable: 5, Waves: 5}},
		{"percent rounds surge up and unavailable down", cluster.WorkerPool{MaxSurge: pct("25%"), MaxUnavailable: pct("25%")}, 10,
			cluster.RolloutBounds{MaxSurge: 3, MaxUnavailable: 2, MinAvailable: 8, Waves: 2}},
		{"both zero allows one unavailable", cluster.WorkerPool{MaxSurge: num(0), MaxUnavailable: pct("10%")}, 3,
			cluster.RolloutBounds{MaxSurge: 0, MaxUnavailable: 1, MinAvailable: 2, Waves: 3}},
		{"percentages that round to zero allow one unavailable", cluster.WorkerPool{MaxSurge: pct("0%"), MaxUnavailable: num(0)}, 4,
			cluster.RolloutBounds{MaxSurge: 0, MaxUnavailable: 1, MinAvailable: 3, Waves: 4}},
		{"unavailable capped at replicas", cluster.WorkerPool{MaxUnavailable: num(9)}, 2,
			cluster.RolloutBounds{MaxSurge: 1, MaxUnavailable: 2, MinAvailable: 0, Waves: 1}},
		{"empty pool", cluster.WorkerPool{}, 0, cluster.RolloutBounds{MaxSurge: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.pool.Bounds(tt.replicas)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseVersion(t *testing.T) {
	v, err := cluster.ParseVersion("1.30.2")
	require.NoError(t, err)
	assert.Equal(t, "v1.30.2", v.String())
	for _, bad := range []string{"", "v1", "v1.30", "v1.30.x", "v2.0.0", "v1.030.1", "v1.30.-1"} {
		_, err := cluster.ParseVersion(bad)
		assert.Error(t, err, bad)
	}
	var round cluster.Version
	require.NoError(t, round.UnmarshalText([]byte("v1.31.7")))
	assert.Equal(t, 0, round.Compare(cluster.Version{Major: 1, Minor: 31, Patch: 7}))
}
