package observe_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
)

func TestFleetTemplatesRender(t *testing.T) {
	tests := []struct {
		name, cluster, want string
	}{
		{observe.ClusterCPU, "serving-sh", `sum(rate(container_cpu_usage_seconds_total{ cluster="serving-sh", container!=""}[5m]))`},
		{observe.ClusterCPU, "", `sum(rate(container_cpu_usage_seconds_total{ container!=""}[5m]))`},
		{observe.FleetCPU, "", `sum(rate(container_cpu_usage_seconds_total{container!=""}[5m]))`},
		{observe.CPUByCluster, "", `sum by (cluster) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))`},
		{observe.ClusterMemory, "a", `sum(container_memory_working_set_bytes{ cluster="a", container!=""})`},
		{observe.FleetMemory, "", `sum(container_memory_working_set_bytes{container!=""})`},
		{observe.MemoryByCluster, "", `sum by (cluster) (container_memory_working_set_bytes{container!=""})`},
		{observe.ClusterRequestRate, `we"ird`, `sum(rate(istio_requests_total{ cluster="we\"ird", reporter="destination"}[5m]))`},
		{observe.FleetRequestRate, "", `sum(rate(istio_requests_total{reporter="destination"}[5m]))`},
		{observe.RequestRateByCluster, "", `sum by (cluster) (rate(istio_requests_total{reporter="destination"}[5m]))`},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.cluster, func(t *testing.T) {
			for _, p := range []observe.Provider{observe.Istio, observe.NGINX, ""} {
				tmpl, err := observe.Builtin(p, tt.name)
				require.NoError(t, err, "fleet templates are provider-independent")
				got, err := tmpl.Render(observe.Variables{Cluster: tt.cluster, Interval: 5 * time.Minute})
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}
			assert.True(t, observe.IsBuiltin(tt.name))
		})
	}
	assert.Len(t, observe.FleetTemplates(), len(tests)-1, "every template is listed once")
	assert.False(t, observe.IsBuiltin("fleet-typo"))
}

func TestTemplateUses(t *testing.T) {
	tests := []struct {
		query string
		want  bool
	}{
		{`up{cluster="{{ cluster }}"}`, true},
		{`up{ {{ clusterMatcher }}job="x"}`, false},
		{`{{ if eq (variable "x") "y" }}up{{ else }}up{c="{{ cluster }}"}{{ end }}`, true},
		{`{{ with namespace }}{{ . }}{{ end }}`, false},
		{`up`, false},
	}
	for _, tt := range tests {
		got, err := observe.Template{Name: "t", Query: tt.query}.Uses("cluster")
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, tt.query)
	}
	_, err := observe.Template{Name: "bad", Query: `{{ nope }}`}.Uses("cluster")
	assert.ErrorIs(t, err, observe.ErrRender)
}
