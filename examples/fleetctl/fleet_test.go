package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFleetRenderShowsZones(t *testing.T) {
	out, _, err := runCLI(t, "fleet", "render", "--sample")
	require.NoError(t, err)
	assert.Contains(t, out, "cn-east-2a", "the ZONE column shows the members' zones")
}

func TestFleetRender(t *testing.T) {
	out, _, err := runCLI(t, "fleet", "render", "--sample", "-o", "json")
	require.NoError(t, err)
	var list struct {
		Kind  string
		Items []struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Name string `json:"name"`
			} `json:"metadata"`
			Spec struct {
				SyncMode  string `json:"syncMode"`
				SecretRef struct {
					Namespace string `json:"namespace"`
				} `json:"secretRef"`
			} `json:"spec"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &list))
	assert.Equal(t, "List", list.Kind)
	clusters := list.Items
	require.NotEmpty(t, clusters)
	assert.Equal(t, "karmada-host", clusters[0].Metadata.Name)
	for _, c := range clusters {
		assert.Equal(t, "Cluster", c.Kind)
		assert.Equal(t, "Push", c.Spec.SyncMode)
		assert.Equal(t, "karmada-cluster", c.Spec.SecretRef.Namespace)
	}

	out, _, err = runCLI(t, "fleet", "render", "--sample", "-o", "yaml", "--secret-namespace", "members")
	require.NoError(t, err)
	assert.Contains(t, out, "apiVersion: cluster.karmada.io/v1alpha1")
	assert.Contains(t, out, "namespace: members")

	long := "name: f\nmembers: [{name: " + strings.Repeat("a", 50) + ", apiEndpoint: https://a:6443}]\n"
	_, stderr, err := runCLI(t, "fleet", "render", "-f", writeFile(t, "f.yaml", long))
	require.Error(t, err)
	assert.Contains(t, stderr, "metadata.name")
}

func TestFleetRegisterRejectsBadInputBeforeConnecting(t *testing.T) {
	fleetFile := writeFile(t, "f.yaml", "name: f\nmembers: [{name: serving-sh, apiEndpoint: https://sh:6443}, {name: edge-1, apiEndpoint: https://e:6443}]\n")
	good := writeFile(t, "good.kubeconfig", `apiVersion: v1
kind: Config
clusters: [{name: m, cluster: {server: "https://sh:6443", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: do-not-print-me}}]
contexts: [{name: c, context: {cluster: m, user: u}}]
current-context: c
`)
	certOnly := writeFile(t, "cert.kubeconfig", `apiVersion: v1
kind: Config
clusters: [{name: m, cluster: {server: "https://e:6443", insecure-skip-tls-verify: true}}]
users: [{name: admin, user: {client-certificate-data: Y2VydA==, client-key-data: a2V5}}]
contexts: [{name: c, context: {cluster: m, user: admin}}]
current-context: c
`)
	// The Karmada kubeconfig points nowhere: the command must fail on the member kubeconfig first.
	karmadaCfg := writeFile(t, "karmada.kubeconfig", "apiVersion: v1\nkind: Config\n")
	base := []string{"fleet", "register", "-f", fleetFile, "--karmada-kubeconfig", karmadaCfg}

	out, stderr, err := runCLI(t, append(base, "--kubeconfig", "serving-sh="+good, "--kubeconfig", "edge-1="+certOnly)...)
	require.Error(t, err)
	assert.Contains(t, stderr, "user.token")
	assert.NotContains(t, stderr, "admin", "kubeconfig names are never quoted")
	assert.NotContains(t, out+stderr, "do-not-print-me")

	_, stderr, err = runCLI(t, append(base, "--kubeconfig", "serving-sh="+good)...)
	require.Error(t, err)
	assert.Contains(t, stderr, "member edge-1: no kubeconfig")

	_, stderr, err = runCLI(t, append(base, "--kubeconfig", "nobody="+good)...)
	require.Error(t, err)
	assert.Contains(t, stderr, `no member "nobody"`)

	_, stderr, err = runCLI(t, "fleet", "register", "-f", fleetFile)
	require.Error(t, err)
	assert.Contains(t, stderr, "--karmada-kubeconfig is required")
}

// TestFleetRegisterKarmadaKubeconfigErrorsQuoteNoNames: clientcmd's errors were passed on, and they
// quote context, cluster and user names, which can be pasted tokens.
func TestFleetRegisterKarmadaKubeconfigErrorsQuoteNoNames(t *testing.T) {
	fleetFile := writeFile(t, "f.yaml", "name: f\nmembers: [{name: serving-sh, apiEndpoint: https://sh:6443}]\n")
	member := writeFile(t, "m.kubeconfig", `apiVersion: v1
kind: Config
clusters: [{name: m, cluster: {server: "https://sh:6443", insecure-skip-tls-verify: true}}]
users: [{name: u, user: {token: member-token}}]
contexts: [{name: c, context: {cluster: m, user: u}}]
current-context: c
`)
	cases := map[string]struct{ kubeconfig, want string }{
		"unknown context": {"apiVersion: v1\nkind: Config\nclusters: [{name: k, cluster: {server: \"https://k:6443\"}}]\n" +
			"current-context: eyJ-pasted-token\n", "the current context, or the cluster or user it names, is missing or incomplete"},
		"unknown cluster": {"apiVersion: v1\nkind: Config\nclusters: [{name: k, cluster: {server: \"https://k:6443\"}}]\n" +
			"contexts: [{name: c, context: {cluster: eyJ-pasted-token}}]\ncurrent-context: c\n", "missing or incomplete"},
		"not yaml":      {"users: [{name: eyJ-pasted-token\n", "not a usable kubeconfig"},
		"duplicate key": {"current-context: a\ncurrent-context: eyJ-pasted-token\n", "no key given twice"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			karmadaCfg := writeFile(t, "karmada.kubeconfig", tc.kubeconfig)
			_, stderr, err := runCLI(t, "fleet", "register", "-f", fleetFile, "--karmada-kubeconfig", karmadaCfg,
				"--kubeconfig", "serving-sh="+member)
			require.Error(t, err)
			assert.Contains(t, stderr, tc.want)
			assert.NotContains(t, stderr, "eyJ-pasted-token")
		})
	}
}

func TestDemoShowsTheOnPremCluster(t *testing.T) {
	out, _, err := runCLI(t, "demo")
	require.NoError(t, err)
	assert.Contains(t, out, "On-prem cluster")
	assert.Contains(t, out, "spec.replicas 5 → 8")
	assert.Contains(t, out, "Upgrade of onprem-idc from v1.29.3 to v1.32.0: 6 step(s)")
	assert.Contains(t, out, "step 5: KubeadmControlPlane version v1.32.0, MachineDeployment version v1.31.12",
		"the workers move only after the control plane")
	assert.Contains(t, out, "step 6: KubeadmControlPlane version v1.32.0, MachineDeployment version v1.32.0")
}
