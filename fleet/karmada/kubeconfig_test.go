package karmada_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/fleetkit/fleetkit/fleet/karmada"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
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
		{"unknown cluster", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.Contexts["member"].Cluster = "gone" }), "context.cluster"},
		{"unknown user", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.Contexts["member"].AuthInfo = "gone" }), "context.user"},
		{"no server", kubeconfigFor(t, "", nil), "cluster.server"},
		{"server with user info", kubeconfigFor(t, "https://admin:pw@m:6443", nil), "cluster.server"},
		{"CA file", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.Clusters["member"].CertificateAuthorityData, c.Clusters["member"].CertificateAuthority = nil, "/etc/ca.crt"
		}), "cluster.certificate-authority"},
		{"no CA", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) { c.Clusters["member"].CertificateAuthorityData = nil }),
			"cluster.certificate-authority-data"},
		{"client certificate", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{ClientCertificateData: []byte("cert"), ClientKeyData: []byte("key")}
		}), "user.token"},
		{"exec plugin", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{Exec: &clientcmdapi.ExecConfig{Command: "aws", APIVersion: "client.authentication.k8s.io/v1"}}
		}), "user.exec"},
		{"token file", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{TokenFile: "/var/run/token"}
		}), "user.tokenFile"},
		{"no credentials", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.AuthInfos["karmada-sa"] = &clientcmdapi.AuthInfo{}
		}), "user.token"},
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

// TestParseKubeconfigRefusesHostileInput: kubeconfigs went to clientcmd as they were, where an alias bomb
// expands, a duplicate key silently wins and a second document is dropped.
func TestParseKubeconfigRefusesHostileInput(t *testing.T) {
	good := string(kubeconfigFor(t, "https://m:6443", nil))
	cases := map[string]struct {
		data   []byte
		reason string
	}{
		"alias bomb":    {strictyamltest.AliasBomb("apiVersion: v1\nkind: Config\n"), "input size beyond the limit"},
		"duplicate key": {[]byte(good + "current-context: other\n"), "a mapping gives one key twice (line"},
		"two documents": {[]byte(good + "---\n" + good), "want exactly one YAML or JSON document"},
		"deep nesting":  {[]byte(strings.Repeat("[", 50) + strings.Repeat("]", 50)), "nesting depth beyond the limit of 20"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cost, err := strictyamltest.Measure(func() error { _, err := karmada.ParseKubeconfig("m", tc.data); return err })
			var ke *karmada.KubeconfigError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, "kubeconfig", ke.Field)
			assert.Contains(t, ke.Reason, tc.reason)
			assert.True(t, cost.Within(strictyamltest.Budget), "refused at a cost of %+v", cost)
		})
	}
	bomb := strictyamltest.AliasBomb("apiVersion: v1\nkind: Config\n")
	big := karmada.KubeconfigLimits
	big.MaxInputBytes = 4 << 20
	_, err := big.Parse(bomb)
	require.Error(t, err, "within the input size, the decoded size stops the bomb")
}

// namedAfterTheToken is a kubeconfig whose names (context, cluster or user) hold the token, as happens
// when a token is pasted into the wrong line; edit breaks it in some way so that an error is reported.
func namedAfterTheToken(t testing.TB, edit func(c *clientcmdapi.Config)) []byte {
	t.Helper()
	return kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
		c.Clusters = map[string]*clientcmdapi.Cluster{secretToken: c.Clusters["member"]}
		c.AuthInfos = map[string]*clientcmdapi.AuthInfo{secretToken: c.AuthInfos["karmada-sa"]}
		c.Contexts = map[string]*clientcmdapi.Context{secretToken: {Cluster: secretToken, AuthInfo: secretToken}}
		c.CurrentContext = secretToken
		edit(c)
	})
}

// TestKubeconfigErrorsNeverQuoteNames: errors used to quote context, cluster and user names verbatim
// (in the field path and the reason), and a name can be a pasted token.
func TestKubeconfigErrorsNeverQuoteNames(t *testing.T) {
	cases := map[string][]byte{
		"unknown context": namedAfterTheToken(t, func(c *clientcmdapi.Config) { c.CurrentContext = secretToken + "-x" }),
		"unknown cluster": namedAfterTheToken(t, func(c *clientcmdapi.Config) { c.Contexts[secretToken].Cluster = secretToken + "-x" }),
		"unknown user":    namedAfterTheToken(t, func(c *clientcmdapi.Config) { c.Contexts[secretToken].AuthInfo = secretToken + "-x" }),
		"no server":       namedAfterTheToken(t, func(c *clientcmdapi.Config) { c.Clusters[secretToken].Server = "" }),
		"no CA":           namedAfterTheToken(t, func(c *clientcmdapi.Config) { c.Clusters[secretToken].CertificateAuthorityData = nil }),
		"no token":        namedAfterTheToken(t, func(c *clientcmdapi.Config) { c.AuthInfos[secretToken].Token = "" }),
		"token file": namedAfterTheToken(t, func(c *clientcmdapi.Config) {
			c.AuthInfos[secretToken].Token, c.AuthInfos[secretToken].TokenFile = "", "/var/run/"+secretToken
		}),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := karmada.ParseKubeconfig("m", data)
			require.ErrorIs(t, err, karmada.ErrMalformedKubeconfig)
			assert.NotContains(t, err.Error(), "super-secret")
		})
	}
}

// TestParseKubeconfigRefusesProxyCredentials: Karmada keeps proxy-url in the Cluster's spec, which is
// not a secret, so a proxy password there would be readable by anyone who can list Clusters.
func TestParseKubeconfigRefusesProxyCredentials(t *testing.T) {
	for _, proxy := range []string{"http://user:super-secret@proxy.local:3128", "socks5://super-secret@proxy.local:1080", "http://proxy.local:3128/?token=super-secret"} {
		_, err := karmada.ParseKubeconfig("m", kubeconfigFor(t, "https://m:6443", func(c *clientcmdapi.Config) {
			c.Clusters["member"].ProxyURL = proxy
		}))
		var ke *karmada.KubeconfigError
		require.ErrorAs(t, err, &ke, proxy)
		assert.Equal(t, "cluster.proxy-url", ke.Field)
		assert.NotContains(t, err.Error(), "super-secret")
	}
}

func FuzzParseKubeconfigNeverLeaksToken(f *testing.F) {
	f.Add(kubeconfigFor(f, "https://m:6443", nil))
	f.Add([]byte("apiVersion: v1\nusers:\n- name: u\n  user:\n    token: " + secretToken + "\n"))
	f.Add([]byte("{\"users\": [{\"name\": \"" + secretToken + "\"}]}"))
	f.Add([]byte(secretToken))
	f.Add([]byte("current-context: " + secretToken + "\n"))
	f.Add(namedAfterTheToken(f, func(c *clientcmdapi.Config) { c.AuthInfos[secretToken].Token = "" }))
	f.Add(namedAfterTheToken(f, func(c *clientcmdapi.Config) { c.Clusters[secretToken].Server = "" }))
	f.Add(namedAfterTheToken(f, func(c *clientcmdapi.Config) { c.Contexts[secretToken].Cluster = "x" }))
	f.Add(kubeconfigFor(f, "https://m:6443", func(c *clientcmdapi.Config) { c.Clusters["member"].ProxyURL = "http://u:" + secretToken + "@p:1" }))
	f.Fuzz(func(t *testing.T, data []byte) {
		creds, err := karmada.ParseKubeconfig("m", data)
		if err != nil {
			assert.NotContains(t, err.Error(), "super-secret")
			return
		}
		assert.NotContains(t, fmt.Sprintf("%v %+v %#v", creds, creds, creds), "super-secret")
	})
}
