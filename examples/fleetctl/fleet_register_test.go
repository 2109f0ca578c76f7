package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// memberKubeconfig writes a token kubeconfig for a member, the kind Karmada's push mode stores.
func memberKubeconfig(t *testing.T, dir, name, token string) {
	t.Helper()
	kc := clientcmdapi.NewConfig()
	kc.Clusters[name] = &clientcmdapi.Cluster{Server: "https://" + name + ".corp.example:6443", CertificateAuthorityData: env.Config.CAData}
	kc.AuthInfos[name] = &clientcmdapi.AuthInfo{Token: token}
	kc.Contexts[name] = &clientcmdapi.Context{Cluster: name, AuthInfo: name}
	kc.CurrentContext = name
	require.NoError(t, clientcmd.WriteToFile(*kc, filepath.Join(dir, name+".kubeconfig")))
}

func TestFleetRegisterAgainstTheAPIServer(t *testing.T) {
	dir := t.TempDir()
	fleetFile := filepath.Join(dir, "fleet.yaml")
	require.NoError(t, os.WriteFile(fleetFile, []byte(`name: cli
members:
- {name: cli-sh, provider: aliyun, region: cn-east, zone: cn-east-2a, apiEndpoint: "https://cli-sh.corp.example:6443"}
- {name: cli-bj, provider: onprem, region: cn-north, apiEndpoint: "https://cli-bj.corp.example:6443"}
`), 0o600))
	memberKubeconfig(t, dir, "cli-sh", "token-sh-do-not-print")
	memberKubeconfig(t, dir, "cli-bj", "token-bj-do-not-print")
	karmadaKC := writeKubeconfig(t, env.Config)
	args := []string{"fleet", "register", "-f", fleetFile, "--karmada-kubeconfig", karmadaKC, "--kubeconfig-dir", dir}

	for range 2 { // registering twice is idempotent
		out, stderr, err := runCLI(t, args...)
		require.NoError(t, err, stderr)
		assert.NotContains(t, out+stderr, "do-not-print", "credentials are never printed")
	}
	var clusters clusterv1alpha1.ClusterList
	require.NoError(t, env.Client.List(context.Background(), &clusters))
	byName := map[string]clusterv1alpha1.Cluster{}
	for _, c := range clusters.Items {
		byName[c.Name] = c
	}
	require.Contains(t, byName, "cli-sh")
	require.Contains(t, byName, "cli-bj")
	assert.Equal(t, "https://cli-sh.corp.example:6443", byName["cli-sh"].Spec.APIEndpoint)
	assert.Equal(t, "cn-east", byName["cli-sh"].Spec.Region)
	assert.Equal(t, clusterv1alpha1.Push, byName["cli-sh"].Spec.SyncMode)

	_, stderr, err := runCLI(t, append(args, "--unregister", "cli-bj")...)
	require.NoError(t, err, stderr)
	require.NoError(t, env.Client.List(context.Background(), &clusters))
	names := []string{}
	for _, c := range clusters.Items {
		names = append(names, c.Name)
	}
	assert.Contains(t, names, "cli-sh")
	assert.NotContains(t, names, "cli-bj")
	var secrets corev1.SecretList
	require.NoError(t, env.Client.List(context.Background(), &secrets))
	for _, s := range secrets.Items {
		assert.NotContains(t, s.Name, "cli-bj", "the unregistered member's Secret is removed")
	}
}

func TestFleetRegisterWritesNothingWhenALaterMemberIsInvalid(t *testing.T) {
	dir := t.TempDir()
	fleetFile := filepath.Join(dir, "fleet.yaml")
	// The second name is a valid fleet member but longer than Karmada's 48-character Cluster limit.
	long := "half-" + strings.Repeat("x", 50)
	require.NoError(t, os.WriteFile(fleetFile, []byte("members:\n- {name: half-ok, apiEndpoint: \"https://a:6443\"}\n- {name: "+long+", apiEndpoint: \"https://b:6443\"}\n"), 0o600))
	memberKubeconfig(t, dir, "half-ok", "t1")
	memberKubeconfig(t, dir, long, "t2")
	_, _, err := runCLI(t, "fleet", "register", "-f", fleetFile, "--karmada-kubeconfig", writeKubeconfig(t, env.Config), "--kubeconfig-dir", dir)
	require.Error(t, err)
	var c clusterv1alpha1.Cluster
	err = env.Client.Get(context.Background(), client.ObjectKey{Name: "half-ok"}, &c)
	assert.True(t, apierrors.IsNotFound(err), "the valid first member must not be written when the second is refused: %v", err)
}

// TestFleetRegisterUnregisterReportsEachMember: --unregister used to print "deleted" for every name,
// whether the member existed, was absent or could not be removed.
func TestFleetRegisterUnregisterReportsEachMember(t *testing.T) {
	dir := t.TempDir()
	fleetFile := filepath.Join(dir, "fleet.yaml")
	require.NoError(t, os.WriteFile(fleetFile, []byte("members:\n- {name: unreg-a, apiEndpoint: \"https://a:6443\"}\n"), 0o600))
	memberKubeconfig(t, dir, "unreg-a", "t1")
	karmadaKC := writeKubeconfig(t, env.Config)
	_, stderr, err := runCLI(t, "fleet", "register", "-f", fleetFile, "--karmada-kubeconfig", karmadaKC, "--kubeconfig-dir", dir)
	require.NoError(t, err, stderr)
	foreign := &clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: "unreg-foreign"}, Spec: clusterv1alpha1.ClusterSpec{SyncMode: clusterv1alpha1.Pull}}
	require.NoError(t, env.Client.Create(context.Background(), foreign))

	out, stderr, err := runCLI(t, "fleet", "register", "--karmada-kubeconfig", karmadaKC, "-o", "json",
		"--unregister", "unreg-a", "--unregister", "unreg-never")
	require.NoError(t, err, stderr)
	var doc registerOutput
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	assert.Equal(t, []registrationRow{
		{Member: "unreg-a", Cluster: "deleted", Secret: "deleted"},
		{Member: "unreg-never", Cluster: "absent", Secret: "absent"},
	}, doc.Members)

	out, stderr, err = runCLI(t, "fleet", "register", "--karmada-kubeconfig", karmadaKC, "-o", "json",
		"--unregister", "unreg-foreign", "--unregister", "unreg-never")
	require.Error(t, err, "a refused member fails the command")
	assert.Empty(t, out, "errors go to stderr only")
	var failure map[string]any
	require.NoError(t, json.Unmarshal([]byte(stderr), &failure), stderr)
	assert.Equal(t, "karmada: Cluster unreg-foreign exists and is not managed by fleetkit (set Options.Adopt to take it over); "+
		"done: unreg-foreign (cluster refused, secret absent), unreg-never (cluster absent, secret absent)", failure["error"])
	var c clusterv1alpha1.Cluster
	require.NoError(t, env.Client.Get(context.Background(), client.ObjectKey{Name: "unreg-foreign"}, &c), "the foreign Cluster is left alone")
}
