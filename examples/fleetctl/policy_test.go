package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/yaml"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
	"github.com/fleetkit/fleetkit/policy"
)

const cliPolicy = `apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: prod-baseline}
spec:
  action: Enforce
  clusters: {matchLabels: {env: prod}}
  rules:
    - restrictImageRegistries: {allowed: ["registry.corp.example/"]}
    - disallowPrivileged: {}
`

const cliManifests = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: default}
spec:
  containers:
  - {name: app, image: "registry.corp.example/team/app:1.2", securityContext: {privileged: true}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
`

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

func TestPolicyCompileTargets(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", cliPolicy)
	cases := map[string][]string{
		"vap":     {"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding"},
		"kyverno": {"ClusterPolicy", "ClusterPolicy"},
		"karmada": {"ValidatingAdmissionPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding", "ClusterOverridePolicy", "ClusterPropagationPolicy"},
	}
	for target, kinds := range cases {
		t.Run(target, func(t *testing.T) {
			out, _, err := runCLI(t, "policy", "compile", "-f", pol, "--target", target, "-o", "yaml")
			require.NoError(t, err)
			assert.NotContains(t, out, "creationTimestamp")
			var list unstructured.Unstructured
			require.NoError(t, yaml.NewYAMLOrJSONDecoder(strings.NewReader(out), 4096).Decode(&list.Object))
			var got []string
			for _, item := range list.Object["items"].([]any) {
				got = append(got, item.(map[string]any)["kind"].(string))
			}
			assert.Equal(t, "List", list.Object["kind"])
			assert.Equal(t, kinds, got)
		})
	}
}

func TestPolicyCompileRejectsBadPolicy(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", strings.Replace(cliPolicy, `["registry.corp.example/"]`, "[]", 1))
	_, stderr, err := runCLI(t, "policy", "compile", "-f", pol, "--target", "vap", "-o", "yaml")
	require.Error(t, err)
	assert.Contains(t, stderr, "spec.rules[0].restrictImageRegistries.allowed")
	assert.Contains(t, stderr, "rule restrictImageRegistries")

	_, stderr, err = runCLI(t, "policy", "compile", "-f", writeTemp(t, "p.yaml", cliPolicy), "--target", "opa")
	require.Error(t, err)
	assert.Contains(t, stderr, "unknown target")
}

func TestPolicyTestJSONContract(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", cliPolicy)
	manifests := writeTemp(t, "manifests.yaml", cliManifests)
	out, _, err := runCLI(t, "policy", "test", "-f", pol, manifests, "-o", "json")
	require.Error(t, err, "a denied object fails the command, so CI fails")
	var got struct {
		Results []struct {
			Object     string `json:"object"`
			Allowed    bool   `json:"allowed"`
			Violations []struct {
				Rule    string `json:"rule"`
				Message string `json:"message"`
			} `json:"violations"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Results, 2)
	assert.Equal(t, "Pod/default/web", got.Results[0].Object)
	assert.False(t, got.Results[0].Allowed)
	require.Len(t, got.Results[0].Violations, 1)
	assert.Equal(t, "disallowPrivileged", got.Results[0].Violations[0].Rule)
	assert.Contains(t, got.Results[0].Violations[0].Message, "containers [app]")
	assert.Equal(t, "ConfigMap/default/settings", got.Results[1].Object)
	assert.True(t, got.Results[1].Allowed)
	assert.NotNil(t, got.Results[1].Violations)
}

// TestPolicyTestStreamsJSONLines: -o jsonl prints one result per object and line.
func TestPolicyTestStreamsJSONLines(t *testing.T) {
	out, _, err := runCLI(t, "policy", "test", "-f", writeTemp(t, "policy.yaml", cliPolicy), writeTemp(t, "m.yaml", cliManifests), "-o", "jsonl")
	require.Error(t, err, "the privileged pod is denied")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	var first struct {
		Object  string `json:"object"`
		Allowed bool   `json:"allowed"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	assert.Equal(t, "Pod/default/web", first.Object)
	assert.False(t, first.Allowed)
	_, stderr, err := runCLI(t, "cluster", "render", "--sample", "-o", "jsonl")
	require.Error(t, err)
	assert.Contains(t, stderr, `unknown output format "jsonl": use table, json or yaml`)
}

func TestPolicyTestPassesCleanManifests(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", cliPolicy)
	manifests := writeTemp(t, "ok.yaml", strings.Replace(cliManifests, "privileged: true", "privileged: false", 1))
	out, _, err := runCLI(t, "policy", "test", "-f", pol, manifests)
	require.NoError(t, err)
	assert.Contains(t, out, "Pod/default/web")
	assert.Contains(t, out, "allowed")
}

func TestDemoShowsThePrivilegedPodDenied(t *testing.T) {
	out, _, err := runCLI(t, "demo")
	require.NoError(t, err)
	section := out[strings.Index(out, "prod strict, dev relaxed"):]
	assert.Contains(t, section, "Pod/training/gpu-debug             DENIED")
	assert.Contains(t, section, "disallowPrivileged: containers [debug] must not be privileged")
	assert.Contains(t, section, "kube-apiserver answers: pods \"gpu-debug\" is forbidden")
	assert.Contains(t, section, "(Audit+Warn)")
}

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestPolicyCompileKarmadaGolden pins `policy compile --target karmada -o yaml` of the policy package's
// example policy: the VAP objects with inert bindings, then the ClusterOverridePolicy and the
// ClusterPropagationPolicy distribute/karmada builds for them.
// (The golden file moved here from policy/testdata when the ClusterPropagationPolicy builder moved to
// distribute/karmada; the output is byte-for-byte what policy.Compile's karmada target produced.)
func TestPolicyCompileKarmadaGolden(t *testing.T) {
	out, _, err := runCLI(t, "policy", "compile", "-f", "../../policy/testdata/prod-baseline.yaml", "--target", "karmada", "-o", "yaml")
	require.NoError(t, err)
	path := "testdata/policy-compile-karmada.golden.yaml"
	if *updateGolden {
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./examples/fleetctl -run TestPolicyCompileKarmadaGolden -update")
	assert.Equal(t, string(want), out)
}

// TestPolicyCompileKarmadaMatchesKarmadaTypes decodes the printed ClusterPropagationPolicy strictly into
// Karmada's own Go type: a field Karmada does not know fails the test.
func TestPolicyCompileKarmadaMatchesKarmadaTypes(t *testing.T) {
	out, _, err := runCLI(t, "policy", "compile", "-f", writeTemp(t, "p.yaml", cliPolicy), "--target", "karmada", "-o", "json")
	require.NoError(t, err)
	var list struct {
		Items []json.RawMessage `json:"items"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	require.Len(t, list.Items, 8)
	var cpp policyv1alpha1.ClusterPropagationPolicy
	require.NoError(t, strictyaml.Unmarshal(list.Items[7], &cpp))
	assert.Equal(t, "ClusterPropagationPolicy", cpp.Kind)
	require.Len(t, cpp.Spec.ResourceSelectors, 6)
	assert.Equal(t, "ValidatingAdmissionPolicy", cpp.Spec.ResourceSelectors[0].Kind)
	assert.Equal(t, "prod-baseline-pods", cpp.Spec.ResourceSelectors[0].Name)
	assert.Equal(t, "ValidatingAdmissionPolicyBinding", cpp.Spec.ResourceSelectors[5].Kind)
	assert.Equal(t, map[string]string{"env": "prod"}, cpp.Spec.Placement.ClusterAffinity.LabelSelector.MatchLabels)

	// The control plane's bindings select no object; the override restores the members' selector.
	var binding admissionregistrationv1.ValidatingAdmissionPolicyBinding
	require.NoError(t, strictyaml.Unmarshal(list.Items[3], &binding))
	assert.Equal(t, policy.LabelInert, binding.Spec.MatchResources.ObjectSelector.MatchExpressions[0].Key)
	var cop policyv1alpha1.ClusterOverridePolicy
	require.NoError(t, strictyaml.Unmarshal(list.Items[6], &cop))
	assert.Equal(t, "ClusterOverridePolicy", cop.Kind)
	require.Len(t, cop.Spec.ResourceSelectors, 3)
	assert.Equal(t, "ValidatingAdmissionPolicyBinding", cop.Spec.ResourceSelectors[0].Kind)
	assert.Equal(t, "/spec/matchResources/objectSelector", cop.Spec.OverrideRules[0].Overriders.Plaintext[0].Path)
	assert.Equal(t, map[string]string{"env": "prod"}, cop.Spec.OverrideRules[0].TargetCluster.LabelSelector.MatchLabels)

	_, stderr, err := runCLI(t, "policy", "compile", "-f", writeTemp(t, "p.yaml", strings.Replace(cliPolicy, "  clusters: {matchLabels: {env: prod}}\n", "", 1)),
		"--target", "karmada")
	require.Error(t, err)
	assert.Contains(t, stderr, "spec.clusters")
}

// A custom CEL rule that type-checks against no kind's schema is refused on stderr, naming the field and
// the kinds (issue 12: it compiled, and denied every object at admission).
func TestPolicyCompileRefusesACELRuleThatTypeChecksAgainstNoKind(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", strings.Replace(cliPolicy, "    - disallowPrivileged: {}",
		`    - cel: {expression: "object.spec.containerz.all(c, c.image != '')"}`, 1))
	for _, target := range []string{"vap", "kyverno", "karmada"} {
		out, stderr, err := runCLI(t, "policy", "compile", "-f", pol, "--target", target)
		require.Error(t, err, target)
		assert.Empty(t, out, target)
		assert.Contains(t, stderr, "spec.rules[1].cel.expression", target)
		assert.Contains(t, stderr, "undefined field 'containerz'", target)
		assert.Contains(t, stderr, "apps/v1 Deployment", target)
	}
}

// A custom CEL rule written for some kinds compiles for those, and stderr names the kinds it skips.
func TestPolicyCompileWarnsAboutTheKindsACELRuleIsNotCompiledFor(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", strings.Replace(cliPolicy, "    - disallowPrivileged: {}",
		`    - cel: {expression: "object.spec.replicas <= 50"}`, 1))
	out, stderr, err := runCLI(t, "policy", "compile", "-f", pol, "--target", "vap", "-o", "yaml")
	require.NoError(t, err)
	assert.Contains(t, out, "request.kind.kind in")
	assert.Contains(t, stderr, "warning: policy: spec.rules[1].cel.expression (rule cel) is not compiled for "+
		"v1 Pod, apps/v1 DaemonSet, batch/v1 Job, batch/v1 CronJob: undefined field 'replicas'")
}
