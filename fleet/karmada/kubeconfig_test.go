package karmada_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/fleetkit/fleetkit/fleet/karmada"
)

const (
	secretToken = "eyJhbGciOiJSUzI1NiJ9.super-secret-token"
	caPEM       = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n"
)

// kubeconfigFor builds a member kubeconfig; edit adjusts it before it is serialised.
func kubeconfigFor(t testing.TB, server string, edit func(*clientcmdapi.Config)) []byte {
	t.Helper()
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["member"] = &clientcmdapi.Cluster{Server: server, CertificateAuthorityData: []byte(caPEM)}
	cfg.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{Token: secretToken}
	cfg.Contexts["member"] = &clientcmdapi.Context{Cluster: "member", AuthInfo: "karmada-sa"}
	cfg.CurrentContext = "member"
	if edit != nil {
		edit(cfg)
	}
	b, err := clientcmd.Write(*cfg)
	require.NoError(t, err)
	return b
}

func TestParseKubeconfig(t *testing.T) {
	creds, err := karmada.ParseKubeconfig("serving-sh", kubeconfigFor(t, "https://serving-sh.corp.example:6443", nil))
	require.NoError(t, err)
	assert.Equal(t, "https://serving-sh.corp.example:6443", creds.Server)
	assert.False(t, creds.Insecure)
	for _, printed := range []string{fmt.Sprint(creds), fmt.Sprintf("%+v", creds), fmt.Sprintf("%#v", creds), creds.String()} {
		assert.NotContains(t, printed, secretToken)
		assert.NotContains(t, printed, "MIIBfake")
	}

	insecure, err := karmada.ParseKubeconfig("edge", kubeconfigFor(t, "https://10.0.0.1:6443", func(c *clientcmdapi.Config) {
		c.Clusters["member"].CertificateAuthorityData = nil
		c.Clusters["member"].InsecureSkipTLSVerify = true
		c.Clusters["member"].ProxyURL = "socks5://proxy.local:1080"
	}))
	require.NoError(t, err)
	assert.True(t, insecure.Insecure)
	assert.Equal(t, "socks5://proxy.local:1080", insecure.ProxyURL)
}

func TestParseKubeconfigRejects(t *testing.T) {
	tests := []struct {
		name  string
		data  []byte
		field string
	}{
		{"empty", nil, "kubeconfig"},
		{"not YAML", []byte("token: " + secretToken + "\n\t: [unclosed"), "kubeconfig"},
		{"no current context", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.CurrentContext = ""
			c.Contexts["other"] = &clientcmdapi.Context{Cluster: "member", AuthInfo: "karmada-sa"}
		}), "current-context"},
		{"unknown context", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.CurrentContext = "nope" }), "current-context"},
		{"unknown cluster", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.Contexts["member"].Cluster = "gone" }), "contexts[member].cluster"},
		{"unknown user", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.Contexts["member"].AuthInfo = "gone" }), "contexts[member].user"},
		{"no server", kubeconfigFor(t, "", nil), "clusters[member].server"},
		{"server with user info", kubeconfigFor(t, "https://admin:pw@m:6443", nil), "clusters[member].server"},
		{"CA file", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.Clusters["member"].CertificateAuthorityData, c.Clusters["member"].CertificateAuthority = nil, "/etc/ca.crt"
		}), "clusters[member].certificate-authority"},
		{"no CA", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.Clusters["member"].CertificateAuthorityData = nil }),
			"clusters[member].certificate-authority-data"},
		{"client certificate", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{ClientCertificateData: []byte("cert"), ClientKeyData: []byte("key")}
		}), "users[karmada-sa].token"},
		{"exec plugin", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{Exec: &clientcmdapi.ExecConfig{Command: "aws", APIVersion: "client.authentication.k8s.io/v1"}}
		}), "users[karmada-sa].exec"},
		{"token file", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{TokenFile: "/var/run/token"}
		}), "users[karmada-sa].tokenFile"},
		{"no credentials", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{}
		}), "users[karmada-sa].token"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := karmada.ParseKubeconfig("edge-store-001", tt.data)
			require.ErrorIs(t, err, karmada.ErrMalformedKubeconfig)
			var ke *karmada.KubeconfigError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, tt.field, ke.Field)
			assert.Equal(t, "edge-store-001", ke.Member)
			assert.Contains(t, err.Error(), tt.field)
			assert.NotContains(t, err.Error(), secretToken)
		})
	}
}

func FuzzParseKubeconfigNeverLeaksToken(f *testing.F) {
	f.Add(kubeconfigFor(f, "https://m:6443", nil))
	f.Add([]byte("apiVersion: v1\nusers:\n- name: u\n  user:\n    token: " + secretToken + "\n"))
	f.Add([]byte("{\"users\": [{\"name\": \"" + secretToken + "\"}]}"))
	f.Add([]byte(secretToken))
	f.Fuzz(func(t *testing.T, data []byte) {
		creds, err := karmada.ParseKubeconfig("m", data)
		if err != nil {
			assert.NotContains(t, err.Error(), secretToken)
			return
		}
		assert.NotContains(t, fmt.Sprintf("%v %+v %#v", creds, creds, creds), secretToken)
	})
}
