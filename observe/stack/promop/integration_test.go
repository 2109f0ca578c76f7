package promop_test

import (
	"context"
	"testing"
	"time"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe/stack/promop"
)

var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Monitoring}}, &env)
}

// strict is the create option the tests state explicitly: an unknown or misspelt field is an error,
// not silently pruned.
var strict = client.FieldValidation(metav1.FieldValidationStrict)

func monitoringClient(t *testing.T) client.Client {
	t.Helper()
	require.NoError(t, monitoringv1.AddToScheme(env.Scheme))
	c, err := client.New(env.Config, client.Options{Scheme: env.Scheme})
	require.NoError(t, err)
	return c
}

func createNamespace(ctx context.Context, t *testing.T, c client.Client, name string) {
	t.Helper()
	err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, strict)
	require.NoError(t, client.IgnoreAlreadyExists(err))
}

// Every object the builders make for the seed fleet is accepted by a real API server serving the
// CRDs generated from the same Go types, with strict field validation, and reads back unchanged.
// Each member's Prometheus goes to a namespace named after the member, as one server stands in for
// the whole fleet.
func TestObjectsAreAcceptedByTheAPIServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := monitoringClient(t)

	members, err := promop.Prometheuses(samplePlan(t), validOptions())
	require.NoError(t, err)
	require.Len(t, members, 13)
	for _, m := range members {
		p := m.Prometheus.DeepCopy()
		p.Namespace = m.Cluster
		createNamespace(ctx, t, c, p.Namespace)
		require.NoError(t, c.Create(ctx, p, strict), "Prometheus of %s", m.Cluster)
		got := &monitoringv1.Prometheus{}
		require.NoError(t, c.Get(ctx, client.ObjectKeyFromObject(p), got))
		assert.Equal(t, m.Prometheus.Spec.ExternalLabels, got.Spec.ExternalLabels)
		assert.Equal(t, m.Prometheus.Spec.Replicas, got.Spec.Replicas)
		assert.Equal(t, m.Prometheus.Spec.ReplicaExternalLabelName, got.Spec.ReplicaExternalLabelName)
		// The CRD defaults the sidecar's blockSize (2h); the secret reference is what the builder sets.
		require.NotNil(t, got.Spec.Thanos)
		assert.Equal(t, m.Prometheus.Spec.Thanos.ObjectStorageConfig, got.Spec.Thanos.ObjectStorageConfig)
		assert.Equal(t, m.Prometheus.Spec.RuleSelector, got.Spec.RuleSelector)
		assert.Equal(t, m.Prometheus.Spec.RuleNamespaceSelector, got.Spec.RuleNamespaceSelector)
		assert.Equal(t, m.Prometheus.Labels, got.Labels)
	}

	rules, err := promop.PrometheusRules(rolloutCanaries)
	require.NoError(t, err)
	for _, r := range rules {
		createNamespace(ctx, t, c, r.Namespace)
		require.NoError(t, c.Create(ctx, r.DeepCopy(), strict), "PrometheusRule %s", r.Name)
		got := &monitoringv1.PrometheusRule{}
		require.NoError(t, c.Get(ctx, client.ObjectKeyFromObject(r), got))
		assert.Equal(t, r.Spec, got.Spec)
	}
}

// The check above could not fail if the server pruned unknown fields: a misspelt field is refused.
func TestStrictValidationRefusesAMisspeltField(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := monitoringClient(t)
	createNamespace(ctx, t, c, "strict")
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "monitoring.coreos.com/v1", "kind": "Prometheus",
		"metadata": map[string]any{"namespace": "strict", "name": "typo"},
		"spec": map[string]any{"thanos": map[string]any{
			"objectStorageConfg": map[string]any{"name": "thanos-objstore", "key": "objstore.yml"}}},
	}}
	err := c.Create(ctx, u, strict)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "objectStorageConfg")
}
