package karmada

import (
	"fmt"
	"net/url"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Credentials are what Karmada needs to reach a member in push mode. The token and CA bundle are
// unexported so that printing Credentials (%v, %+v, %#v) never shows them.
type Credentials struct {
	// Server is the member's API server URL from the kubeconfig.
	Server string
	// Insecure mirrors insecure-skip-tls-verify; Karmada then needs no CA bundle.
	Insecure bool
	// ProxyURL is the kubeconfig cluster's proxy-url, if any.
	ProxyURL string

	token  []byte
	caData []byte
}

// String describes the credentials without their secrets.
func (c Credentials) String() string {
	return fmt.Sprintf("credentials for %s (token redacted)", c.Server)
}

// GoString keeps %#v from printing the secrets.
func (c Credentials) GoString() string { return c.String() }

// ParseKubeconfig extracts push-mode credentials from the current context of a member's
// kubeconfig. Karmada's cluster secret holds a bearer token and a CA bundle, so the user must carry
// an embedded token (a service-account token) and the cluster embedded CA data or
// insecure-skip-tls-verify; file references, client certificates and exec plugins are refused with
// a *KubeconfigError naming the field, never quoting the file.
func ParseKubeconfig(member string, data []byte) (Credentials, error) {
	fail := func(field, format string, args ...any) (Credentials, error) {
		return Credentials{}, &KubeconfigError{Member: member, Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if len(data) == 0 {
		return fail("kubeconfig", "empty")
	}
	// clientcmd's parse errors can echo file content, so they are not wrapped.
	cfg, err := clientcmd.Load(data)
	if err != nil {
		return fail("kubeconfig", "not a kubeconfig document (YAML or JSON)")
	}
	ctxName, kctx, err := currentContext(member, cfg)
	if err != nil {
		return Credentials{}, err
	}
	cl, ok := cfg.Clusters[kctx.Cluster]
	if !ok {
		return fail(fmt.Sprintf("contexts[%s].cluster", ctxName), "names cluster %q, which the kubeconfig does not define", kctx.Cluster)
	}
	user, ok := cfg.AuthInfos[kctx.AuthInfo]
	if !ok {
		return fail(fmt.Sprintf("contexts[%s].user", ctxName), "names user %q, which the kubeconfig does not define", kctx.AuthInfo)
	}
	creds, err := clusterCredentials(member, kctx.Cluster, cl)
	if err != nil {
		return Credentials{}, err
	}
	if creds.token, err = userToken(member, kctx.AuthInfo, user); err != nil {
		return Credentials{}, err
	}
	return creds, nil
}

func currentContext(member string, cfg *clientcmdapi.Config) (string, *clientcmdapi.Context, error) {
	name := cfg.CurrentContext
	if name == "" && len(cfg.Contexts) == 1 {
		for only := range cfg.Contexts {
			name = only
		}
	}
	if name == "" {
		return "", nil, &KubeconfigError{Member: member, Field: "current-context", Reason: "not set and the kubeconfig has no single context"}
	}
	kctx, ok := cfg.Contexts[name]
	if !ok {
		return "", nil, &KubeconfigError{Member: member, Field: "current-context", Reason: fmt.Sprintf("names context %q, which the kubeconfig does not define", name)}
	}
	return name, kctx, nil
}

func clusterCredentials(member, name string, cl *clientcmdapi.Cluster) (Credentials, error) {
	field := func(f string) string { return fmt.Sprintf("clusters[%s].%s", name, f) }
	u, err := url.Parse(cl.Server)
	if cl.Server == "" || err != nil || u.Host == "" || u.User != nil {
		return Credentials{}, &KubeconfigError{Member: member, Field: field("server"), Reason: "must be a URL with a host and no user information"}
	}
	c := Credentials{Server: cl.Server, Insecure: cl.InsecureSkipTLSVerify, ProxyURL: cl.ProxyURL}
	switch {
	case len(cl.CertificateAuthorityData) > 0:
		c.caData = append([]byte(nil), cl.CertificateAuthorityData...)
	case cl.CertificateAuthority != "":
		return Credentials{}, &KubeconfigError{Member: member, Field: field("certificate-authority"),
			Reason: "file references are not read; embed certificate-authority-data"}
	case !cl.InsecureSkipTLSVerify:
		return Credentials{}, &KubeconfigError{Member: member, Field: field("certificate-authority-data"),
			Reason: "missing: Karmada needs the CA bundle (or insecure-skip-tls-verify)"}
	}
	return c, nil
}

func userToken(member, name string, u *clientcmdapi.AuthInfo) ([]byte, error) {
	fail := func(f, reason string) ([]byte, error) {
		return nil, &KubeconfigError{Member: member, Field: fmt.Sprintf("users[%s].%s", name, f), Reason: reason}
	}
	switch {
	case u.Token != "":
		return []byte(u.Token), nil
	case u.TokenFile != "":
		return fail("tokenFile", "file references are not read; embed the token")
	case u.Exec != nil || u.AuthProvider != nil:
		return fail("exec", "exec and auth-provider plugins cannot run inside Karmada; use a service-account token")
	case len(u.ClientCertificateData) > 0 || u.ClientCertificate != "":
		return fail("token", "client certificates are not supported by Karmada's cluster secret; use a service-account token")
	default:
		return fail("token", "missing: push mode needs a bearer token")
	}
}
