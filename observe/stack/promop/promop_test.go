package promop_test

import (
	"errors"
	"testing"
	"time"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/observe/stack"
	"github.com/fleetkit/fleetkit/observe/stack/promop"
)

func samplePlan(t *testing.T) *stack.Plan {
	t.Helper()
	plan, err := stack.New(fleet.Sample(), stack.Options{
		Replicas:       2,
		SidecarAddress: "prometheus-{replica}.{cluster}.example:10901",
		Storage:        stack.Storage{Type: stack.Filesystem, Directory: "/bucket"},
	})
	require.NoError(t, err)
	return plan
}

func validOptions() promop.Options {
	return promop.Options{Namespace: "monitoring", Name: "fleet", ObjectStorageSecret: corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: "thanos-objstore"}, Key: "objstore.yml"}}
}

func TestPrometheusesRefuseBadOptions(t *testing.T) {
	tests := []struct {
		name   string
		opts   func(*promop.Options)
		fields []string
	}{
		{"empty secret key", func(o *promop.Options) { o.ObjectStorageSecret.Key = "" }, []string{"options.objectStorageSecret.key"}},
		{"empty secret name", func(o *promop.Options) { o.ObjectStorageSecret.Name = "" }, []string{"options.objectStorageSecret.name"}},
		{"bad secret key", func(o *promop.Options) { o.ObjectStorageSecret.Key = "objstore/yml" }, []string{"options.objectStorageSecret.key"}},
		{"no namespace and name", func(o *promop.Options) { o.Namespace, o.Name = "", "" }, []string{"options.name", "options.namespace"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := validOptions()
			tt.opts(&opts)
			members, err := promop.Prometheuses(samplePlan(t), opts)
			assert.Nil(t, members)
			require.ErrorIs(t, err, promop.ErrInvalid)
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ve *promop.ValidationError
				require.True(t, errors.As(e, &ve))
				got = append(got, ve.Field)
			}
			assert.Equal(t, tt.fields, got)
		})
	}
	_, err := promop.Prometheuses(nil, validOptions())
	require.ErrorIs(t, err, promop.ErrInvalid)
}

func TestPrometheusesFollowThePlan(t *testing.T) {
	plan := samplePlan(t)
	members, err := promop.Prometheuses(plan, validOptions())
	require.NoError(t, err)
	require.Len(t, members, len(plan.Members))
	for i, m := range members {
		p := m.Prometheus
		assert.Equal(t, plan.Members[i].Cluster, m.Cluster)
		assert.Equal(t, map[string]string(plan.Members[i].ExternalLabels), p.Spec.ExternalLabels)
		assert.NotContains(t, p.Spec.ExternalLabels, "prometheus_replica", "the operator sets the replica label itself")
		assert.Equal(t, int32(2), *p.Spec.Replicas)
		assert.Equal(t, "prometheus_replica", *p.Spec.ReplicaExternalLabelName)
		assert.Equal(t, "thanos-objstore", p.Spec.Thanos.ObjectStorageConfig.Name)
		assert.Equal(t, map[string]string{promop.RulesLabel: promop.RolloutSLORules}, p.Spec.RuleSelector.MatchLabels)
		assert.Equal(t, monitoringv1.Duration("15s"), p.Spec.ScrapeInterval, "the interval stack checks rule windows against")
	}
	members[0].Prometheus.Spec.ExternalLabels["cluster"] = "changed"
	assert.Equal(t, "edge-store-001", plan.Members[0].ExternalLabels["cluster"], "objects do not alias the plan")
}

func TestPrometheusRulesRefuseBadCanaries(t *testing.T) {
	rules, err := promop.PrometheusRules([]stack.CanarySLO{{Namespace: "shop", Name: "checkout", Provider: "istio"}})
	assert.Nil(t, rules)
	var ve *stack.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "canaries[0]", ve.Field)
}

// rolloutCanaries are two canaries of the shop namespace, one per provider.
var rolloutCanaries = []stack.CanarySLO{
	{Namespace: "shop", Name: "checkout", Provider: "istio", MinSuccessRate: 99, MaxLatency: 500 * time.Millisecond, For: time.Minute},
	{Namespace: "shop", Name: "storefront", Provider: "nginx", Ingress: "storefront-canary", MinSuccessRate: 99.5, Interval: 2 * time.Minute},
}
