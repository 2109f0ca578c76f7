package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestObservePlanRendersEveryFile(t *testing.T) {
	out, stderr, err := runCLI(t, "observe", "plan", "--sample", "--replicas", "2", "--canary", "recsys/recommender", "-o", "json")
	require.NoError(t, err, stderr)
	var doc struct {
		Plan struct {
			Members []struct {
				Cluster  string
				Replicas []struct{ ExternalLabels map[string]string }
			}
			Querier struct{ Endpoints, Args []string }
		}
		Rules []struct{ Name string }
		Files []struct{ Path, Content string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	require.Len(t, doc.Plan.Members, 13)
	assert.Equal(t, "1", doc.Plan.Members[0].Replicas[1].ExternalLabels["prometheus_replica"])
	assert.Len(t, doc.Plan.Querier.Endpoints, 26)
	assert.Contains(t, doc.Plan.Querier.Args, "--query.replica-label=prometheus_replica")
	require.Len(t, doc.Rules, 1)
	files := map[string]string{}
	for _, f := range doc.Files {
		files[f.Path] = f.Content
	}
	assert.Len(t, files, 26+3)
	assert.Contains(t, files["objstore.yml"], `type: "FILESYSTEM"`)
	assert.Contains(t, files["querier/endpoints.yml"], `- address: "prometheus-1.training-bj.monitoring.example:10901"`)
	assert.Contains(t, files["members/serving-sh/prometheus-0.yml"], `cluster: "serving-sh"`)
	assert.Contains(t, files["rules/rollout-slo.yml"], "alert: \"CanarySuccessRateLow\"")
}

func TestObservePlanS3KeepsKeysOutOfTheFiles(t *testing.T) {
	out, stderr, err := runCLI(t, "observe", "plan", "--sample", "--s3-bucket", "metrics", "--s3-endpoint", "minio:9000",
		"--s3-access-key-env", "S3_ACCESS_KEY", "--s3-secret-key-env", "S3_SECRET_KEY", "-o", "yaml")
	require.NoError(t, err, stderr)
	var doc struct {
		Files []struct{ Path, Content string }
	}
	require.NoError(t, yaml.Unmarshal([]byte(out), &doc))
	for _, f := range doc.Files {
		if f.Path == "objstore.yml" {
			assert.Contains(t, f.Content, `access_key: "$(S3_ACCESS_KEY)"`)
			assert.Contains(t, f.Content, `secret_key: "$(S3_SECRET_KEY)"`)
			return
		}
	}
	t.Fatal("no objstore.yml")
}

func TestObservePlanOperatorPrintsOneList(t *testing.T) {
	out, stderr, err := runCLI(t, "observe", "plan", "--sample", "--operator", "--canary", "recsys/recommender", "-o", "yaml")
	require.NoError(t, err, stderr)
	var list struct {
		Kind  string
		Items []struct {
			Kind     string
			Metadata struct{ Labels map[string]string }
			Spec     struct {
				Thanos struct{ ObjectStorageConfig map[string]string } `yaml:"thanos"`
			}
		}
	}
	require.NoError(t, yaml.Unmarshal([]byte(out), &list))
	assert.Equal(t, "List", list.Kind)
	kinds := map[string]int{}
	for _, item := range list.Items {
		kinds[item.Kind]++
		if item.Kind == "Prometheus" {
			assert.NotEmpty(t, item.Metadata.Labels["monitoring.fleetkit.dev/cluster"])
		}
	}
	assert.Equal(t, map[string]int{"Prometheus": 13, "PrometheusRule": 1}, kinds)
}

func TestObservePlanRefusesBadInput(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		fields []any
	}{
		{"operator's label", []string{"--label", "prometheus=x"}, []any{"options.extraLabels[prometheus]"}},
		{"internal label", []string{"--member-label", "env=__env"}, []any{"options.memberLabels[env]"}},
		{"empty secret key", []string{"--operator", "--objstore-secret-key", ""}, []any{"options.objectStorageSecret.key"}},
		{"S3 without endpoint", []string{"--s3-bucket", "metrics"}, []any{"options.storage.s3.endpoint"}},
		{"canary without bound", []string{"--canary", "shop/cart", "--min-success-rate", "0", "--max-latency", "0"}, []any{"canaries[0]"}},
		{"NGINX canary without its ingress", []string{"--canary", "shop/cart", "--provider", "nginx"}, []any{"canaries[0].ingress"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, err := runCLI(t, append([]string{"observe", "plan", "--sample", "-o", "json"}, tt.args...)...)
			require.Error(t, err)
			assert.Empty(t, out)
			got := decodeDocument(t, "json", stderr)
			assert.Equal(t, "Invalid", got["reason"])
			var fields []any
			for _, p := range got["problems"].([]any) {
				fields = append(fields, p.(map[string]any)["field"])
			}
			assert.Equal(t, tt.fields, fields)
		})
	}
}

// An NGINX canary's rules select the canary ingress named after "=" in --canary.
func TestObservePlanNGINXCanarySelectsItsIngress(t *testing.T) {
	out, stderr, err := runCLI(t, "observe", "plan", "--sample", "--provider", "nginx", "--canary", "shop/cart=cart-canary", "-o", "yaml")
	require.NoError(t, err, stderr)
	assert.Contains(t, out, `ingress="cart-canary"`)
	assert.NotContains(t, out, `ingress=""`)
}

func TestDemoPlansTheMonitoring(t *testing.T) {
	out, _, err := runCLI(t, "demo")
	require.NoError(t, err)
	assert.Contains(t, out, "Unified monitoring")
	assert.Contains(t, out, "26 Thanos sidecars")
	assert.Contains(t, out, "CanarySuccessRateLow")

	// A fleet the plan refuses (no region to label) is reported, and the demo still succeeds.
	path := filepath.Join(t.TempDir(), "fleet.yaml")
	require.NoError(t, os.WriteFile(path, []byte("name: mine\nmembers: [{name: only-one}]\n"), 0o600))
	out, _, err = runCLI(t, "demo", "--fleet", path)
	require.NoError(t, err)
	assert.Contains(t, out, "fleet.members[0].region")
}
