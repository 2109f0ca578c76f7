package istio_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

func TestVirtualServiceWeightedLayout(t *testing.T) {
	vs, err := istio.NewVirtualService(withPort(podinfo("test"), 9898)).WithSplit(traffic.Weighted(25)).
		WithPolicy(fullPolicy()).Build()
	require.NoError(t, err)
	assert.Equal(t, "networking.istio.io/v1", vs.APIVersion)
	assert.Equal(t, "VirtualService", vs.Kind)
	assert.Equal(t, "podinfo", vs.Name)
	assert.Equal(t, "test", vs.Namespace)
	assert.Equal(t, []string{"podinfo"}, vs.Spec.Hosts)
	require.Len(t, vs.Spec.Http, 1)
	r := vs.Spec.Http[0]
	assert.Equal(t, istio.RouteDefault, r.Name)
	assert.Empty(t, r.Match)
	require.Len(t, r.Route, 2)
	assert.Equal(t, "podinfo-primary", r.Route[0].Destination.Host)
	assert.Equal(t, int32(75), r.Route[0].Weight)
	assert.Equal(t, "podinfo-canary", r.Route[1].Destination.Host)
	assert.Equal(t, int32(25), r.Route[1].Weight)
	assert.Equal(t, uint32(9898), r.Route[1].Destination.Port.GetNumber())
	assert.Equal(t, 10*time.Second, r.Timeout.AsDuration())
	assert.Equal(t, int32(3), r.Retries.Attempts)
	assert.Equal(t, 2*time.Second, r.Retries.PerTryTimeout.AsDuration())
	assert.Equal(t, "5xx,reset,503", r.Retries.RetryOn)
	assert.Nil(t, r.Mirror)
}

func TestVirtualServiceABLayout(t *testing.T) {
	vs, err := istio.NewVirtualService(podinfoSubsets("test")).WithSplit(abSplit()).Build()
	require.NoError(t, err)
	require.Len(t, vs.Spec.Http, 2)
	m, def := vs.Spec.Http[0], vs.Spec.Http[1]
	assert.Equal(t, istio.RouteMatch, m.Name)
	require.Len(t, m.Match, 3)
	assert.Equal(t, "insider", m.Match[0].Headers["x-canary"].GetExact())
	assert.Equal(t, "^(.*?;)?(canary=always)(;.*)?$", m.Match[1].Headers["cookie"].GetRegex(), "cookie is a regex on the cookie header")
	assert.Equal(t, "/api/v2", m.Match[2].Uri.GetPrefix())
	assert.Equal(t, "GET", m.Match[2].Method.GetExact())
	assert.Equal(t, "1", m.Match[2].QueryParams["beta"].GetExact())
	assert.Equal(t, []int32{0, 100}, []int32{m.Route[0].Weight, m.Route[1].Weight})
	assert.Equal(t, "stable", m.Route[0].Destination.Subset)
	assert.Equal(t, "canary", m.Route[1].Destination.Subset)

	assert.Equal(t, istio.RouteDefault, def.Name)
	assert.Empty(t, def.Match)
	assert.Equal(t, []int32{100, 0}, []int32{def.Route[0].Weight, def.Route[1].Weight})
	assert.Nil(t, def.Timeout, "no policy, no timeout")
}

func TestVirtualServiceMirror(t *testing.T) {
	vs, err := istio.NewVirtualService(podinfo("test")).WithSplit(traffic.Mirrored(12.5)).Build()
	require.NoError(t, err)
	r := vs.Spec.Http[0]
	assert.Equal(t, "podinfo-canary", r.Mirror.Host)
	assert.Equal(t, 12.5, r.MirrorPercentage.Value)
	assert.Equal(t, []int32{100, 0}, []int32{r.Route[0].Weight, r.Route[1].Weight})
}

func TestVirtualServiceBuilderCopiesItsInputs(t *testing.T) {
	svc := podinfo("test")
	split := abSplit()
	labels := map[string]string{"team": "a"}
	b := istio.NewVirtualService(svc).WithSplit(split).WithLabels(labels).WithAnnotations(map[string]string{"x": "1"})
	svc.Hosts[0] = "changed"
	split.Match[0].Headers["x-canary"] = traffic.Exact("changed")
	labels["team"] = "changed"
	vs, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, []string{"podinfo"}, vs.Spec.Hosts)
	assert.Equal(t, "insider", vs.Spec.Http[0].Match[0].Headers["x-canary"].GetExact())
	assert.Equal(t, map[string]string{"team": "a"}, vs.Labels)
	assert.Equal(t, map[string]string{"x": "1"}, vs.Annotations)
}

func TestVirtualServiceBuildCollectsErrors(t *testing.T) {
	svc := podinfo("test")
	svc.Hosts = nil
	p := traffic.Policy{Timeout: d(-time.Second)}
	_, err := istio.NewVirtualService(svc).WithSplit(traffic.Split{Primary: 50, Canary: 10}).WithPolicy(p).Build()
	require.Error(t, err)
	assert.ErrorIs(t, err, traffic.ErrInvalid)
	for _, field := range []string{"service.hosts", "split", "policy.timeout"} {
		assert.Contains(t, err.Error(), field)
	}
}
