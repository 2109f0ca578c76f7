package istio_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

func TestDestinationRulesForSubsets(t *testing.T) {
	drs, err := istio.DestinationRules(podinfoSubsets("test"), fullPolicy())
	require.NoError(t, err)
	require.Len(t, drs, 1)
	dr := drs[0]
	assert.Equal(t, "podinfo", dr.Name)
	assert.Equal(t, "DestinationRule", dr.Kind)
	assert.Equal(t, "podinfo", dr.Spec.Host)
	require.Len(t, dr.Spec.Subsets, 2)
	assert.Equal(t, "stable", dr.Spec.Subsets[0].Name)
	assert.Equal(t, map[string]string{"version": "v1"}, dr.Spec.Subsets[0].Labels)
	assert.Equal(t, "canary", dr.Spec.Subsets[1].Name)
	assert.Equal(t, map[string]string{"version": "v2"}, dr.Spec.Subsets[1].Labels)
}

func TestDestinationRulesForOneSubsetOfAHostShareOneRule(t *testing.T) {
	svc := podinfoSubsets("test")
	svc.Primary.Subset, svc.Primary.Labels = "", nil // primary is the whole host, canary one subset of it
	drs, err := istio.DestinationRules(svc, traffic.Policy{})
	require.NoError(t, err)
	require.Len(t, drs, 1, "two rules for one host would share a name and the second would never be created")
	require.Len(t, drs[0].Spec.Subsets, 1)
	assert.Equal(t, "canary", drs[0].Spec.Subsets[0].Name)
}

func TestDestinationRulesForServicesCarryThePolicy(t *testing.T) {
	svc := podinfo("test")
	svc.Canary.Host = "podinfo-canary.test.svc.cluster.local"
	drs, err := istio.DestinationRules(svc, fullPolicy())
	require.NoError(t, err)
	require.Len(t, drs, 2)
	assert.Equal(t, "podinfo-primary", drs[0].Name)
	assert.Equal(t, "podinfo-canary", drs[1].Name, "named after the host's short name")
	assert.Equal(t, "podinfo-canary.test.svc.cluster.local", drs[1].Spec.Host)
	for _, dr := range drs {
		tp := dr.Spec.TrafficPolicy
		require.NotNil(t, tp)
		od := tp.OutlierDetection
		assert.Equal(t, uint32(5), od.Consecutive_5XxErrors.GetValue())
		assert.Equal(t, uint32(3), od.ConsecutiveGatewayErrors.GetValue())
		assert.Equal(t, 10*time.Second, od.Interval.AsDuration())
		assert.Equal(t, 30*time.Second, od.BaseEjectionTime.AsDuration())
		assert.Equal(t, int32(50), od.MaxEjectionPercent)
		assert.Equal(t, int32(20), od.MinHealthPercent)
		assert.Equal(t, int32(100), tp.ConnectionPool.Tcp.MaxConnections)
		assert.Equal(t, time.Second, tp.ConnectionPool.Tcp.ConnectTimeout.AsDuration())
		assert.Equal(t, int32(10), tp.ConnectionPool.Http.Http1MaxPendingRequests)
		assert.Equal(t, int32(1), tp.ConnectionPool.Http.MaxRequestsPerConnection)
		assert.Equal(t, int32(3), tp.ConnectionPool.Http.MaxRetries)
		lb := tp.LoadBalancer.LocalityLbSetting
		require.Len(t, lb.Failover, 1)
		assert.Equal(t, "cn-north", lb.Failover[0].From)
		assert.Equal(t, "cn-east", lb.Failover[0].To)
		assert.Equal(t, []string{"topology.kubernetes.io/region"}, lb.FailoverPriority)
	}
}

func TestDestinationRuleWithoutPolicyHasNone(t *testing.T) {
	dr, err := istio.NewDestinationRule("podinfo", "test", "podinfo").Build()
	require.NoError(t, err)
	assert.Nil(t, dr.Spec.TrafficPolicy)
	assert.Empty(t, dr.Spec.Subsets)
}

func TestDestinationRuleBuilderValidates(t *testing.T) {
	cases := map[string]struct {
		b      *istio.DestinationRuleBuilder
		fields []string
	}{
		"bad name and namespace": {istio.NewDestinationRule("Bad_Name", "", "podinfo"),
			[]string{"destinationRule.name", "destinationRule.namespace"}},
		"no host": {istio.NewDestinationRule("a", "b", ""), []string{"destinationRule.host"}},
		"duplicate subset": {istio.NewDestinationRule("a", "b", "h").WithSubset("v1", map[string]string{"v": "1"}).
			WithSubset("v1", map[string]string{"v": "2"}), []string{"destinationRule.subsets[1]"}},
		"subset without labels": {istio.NewDestinationRule("a", "b", "h").WithSubset("v1", nil),
			[]string{"destinationRule.subsets[0]", "backend.labels"}},
		"bad policy": {istio.NewDestinationRule("a", "b", "h").WithPolicy(traffic.Policy{
			OutlierDetection: &traffic.OutlierDetection{Consecutive5xxErrors: 1, MaxEjectionPercent: 101}}),
			[]string{"policy.outlierDetection.maxEjectionPercent"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := tc.b.Build()
			require.Error(t, err)
			for _, f := range tc.fields {
				assert.Contains(t, err.Error(), f)
			}
		})
	}
	_, err := istio.NewDestinationRule("Bad_Name", "b", "h").Build()
	assert.ErrorIs(t, err, istio.ErrInvalid)
}

func TestDestinationRulesRejectAnInvalidService(t *testing.T) {
	svc := podinfo("test")
	svc.Canary = svc.Primary
	_, err := istio.DestinationRules(svc, traffic.Policy{})
	assert.ErrorIs(t, err, traffic.ErrInvalid)
}
