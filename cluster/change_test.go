package cluster_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster"
)

func TestCheckChange(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(*cluster.ClusterSpec)
		field    string
		sentinel error
	}{
		{"one minor up", func(s *cluster.ClusterSpec) { s.Version, s.Workers[0].Version = "v1.30.1", "v1.29.3" }, "", nil},
		{"scale", func(s *cluster.ClusterSpec) { s.Workers[0].Replicas = 8; s.ControlPlane.Replicas = 5 }, "", nil},
		{"skipped minor", func(s *cluster.ClusterSpec) { s.Version, s.Workers[0].Version = "v1.31.0", "v1.29.3" }, "version", cluster.ErrSkippedMinor},
		{"downgrade", func(s *cluster.ClusterSpec) { s.Version = "v1.29.1" }, "version", cluster.ErrDowngrade},
		{"pod CIDR changed", func(s *cluster.ClusterSpec) { s.Network.PodCIDRs = []string{"10.200.0.0/16"} }, "network.podCIDRs", cluster.ErrImmutable},
		{"service CIDR changed", func(s *cluster.ClusterSpec) { s.Network.ServiceCIDRs = []string{"10.100.0.0/16"} }, "network.serviceCIDRs", cluster.ErrImmutable},
		{"VIP changed", func(s *cluster.ClusterSpec) { s.ControlPlane.VIP = "172.18.0.201" }, "controlPlane.vip", cluster.ErrImmutable},
		{"VIP removed", func(s *cluster.ClusterSpec) { s.ControlPlane.VIP = "" }, "controlPlane.vip", cluster.ErrImmutable},
		{"API server port changed", func(s *cluster.ClusterSpec) { s.ControlPlane.Port = 8443 }, "controlPlane.port", cluster.ErrImmutable},
		{"port 0 is the default 6443", func(s *cluster.ClusterSpec) { s.ControlPlane.Port = 0 }, "", nil},
		{"VIP interface changed", func(s *cluster.ClusterSpec) { s.ControlPlane.Interface = "eth1" }, "controlPlane.interface", cluster.ErrImmutable},
		{"service domain changed", func(s *cluster.ClusterSpec) { s.Network.ServiceDomain = "idc.local" }, "network.serviceDomain", cluster.ErrImmutable},
		{"service domain spelt as the default", func(s *cluster.ClusterSpec) { s.Network.ServiceDomain = "cluster.local" }, "", nil},
		{"renamed", func(s *cluster.ClusterSpec) { s.Name = "other" }, "name", cluster.ErrImmutable},
		{"infra changed", func(s *cluster.ClusterSpec) { s.Infra = cluster.InfraBareMetal }, "infra", cluster.ErrImmutable},
		{"even control plane", func(s *cluster.ClusterSpec) { s.ControlPlane.Replicas = 4 }, "controlPlane.replicas", cluster.ErrEvenControlPlane},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next := cluster.Sample()
			tt.mutate(&next)
			err := cluster.CheckChange(cluster.Sample(), next)
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			var ve *cluster.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.ErrorIs(t, err, tt.sentinel)
		})
	}
}

// TestCheckChangeRefusesAddingAVIP: a VIP added to a running cluster whose endpoint is CAPD's load
// balancer used to pass.
func TestCheckChangeRefusesAddingAVIP(t *testing.T) {
	cur := cluster.Sample()
	cur.ControlPlane.VIP, cur.ControlPlane.Interface = "", ""
	next := cur.DeepCopy()
	next.ControlPlane.VIP = "172.18.0.200"
	err := cluster.CheckChange(cur, next)
	require.ErrorIs(t, err, cluster.ErrImmutable)
	var ve *cluster.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "controlPlane.vip", ve.Field)
	assert.Len(t, errorsOf(err), 1)

	next = cur.DeepCopy()
	next.ControlPlane.Interface = "eth0"
	assert.NoError(t, cluster.CheckChange(cur, next), "without a VIP the interface is not used")
}

// TestCheckChangeRefusesPoolPastTheControlPlane: a change moving the control plane one minor with
// its pools following passed, and Cluster API would roll the workers with the control plane.
func TestCheckChangeRefusesPoolPastTheControlPlane(t *testing.T) {
	cur := cluster.Sample()
	cur.Workers = append(cur.Workers, cluster.WorkerPool{Name: "batch", Replicas: 2})
	for name, mutate := range map[string]func(*cluster.ClusterSpec){
		"pools follow":  func(s *cluster.ClusterSpec) { s.Version = "v1.30.0" },
		"pool set":      func(s *cluster.ClusterSpec) { s.Version, s.Workers[0].Version = "v1.30.0", "v1.30.0" },
		"pool added at": func(s *cluster.ClusterSpec) { s.Version, s.Workers[1].Version = "v1.30.0", "v1.29.3" },
	} {
		t.Run(name, func(t *testing.T) {
			next := cur.DeepCopy()
			if name == "pool added at" {
				next.Workers = append(next.Workers, cluster.WorkerPool{Name: "gpu", Replicas: 1})
				next.Workers[0].Version = "v1.29.3"
			}
			mutate(&next)
			err := cluster.CheckChange(cur, next)
			require.ErrorIs(t, err, cluster.ErrVersionSkew)
			var ve *cluster.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Regexp(t, `^workers\[\d\]\.version$`, ve.Field)
			assert.Contains(t, err.Error(), "newer than the running control plane v1.29.3")
		})
	}

	next := cur.DeepCopy()
	next.Version, next.Workers[0].Version, next.Workers[1].Version = "v1.30.0", "v1.29.3", "v1.29.3"
	require.NoError(t, cluster.CheckChange(cur, next), "the control plane moves alone")
	after := next.DeepCopy()
	after.Workers[0].Version, after.Workers[1].Version = "", ""
	assert.NoError(t, cluster.CheckChange(next, after), "the pools follow once it runs v1.30")

	patch := cur.DeepCopy()
	patch.Version = "v1.29.9"
	assert.NoError(t, cluster.CheckChange(cur, patch), "a patch of the same minor is within the skew")
}

func TestCheckChangeRefusesPoolDowngrade(t *testing.T) {
	cur := cluster.Sample()
	cur.Version = "v1.30.2"
	next := cur.DeepCopy()
	next.Workers[0].Version = "v1.29.3"
	err := cluster.CheckChange(cur, next)
	assert.ErrorIs(t, err, cluster.ErrDowngrade)
	assert.Contains(t, err.Error(), "workers[0].version")
}
