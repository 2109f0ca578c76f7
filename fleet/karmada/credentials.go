package karmada

import (
	"errors"
	"fmt"
	"net/url"

	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// KubeconfigLimits bound what ParseKubeconfig reads. A member kubeconfig is a few kilobytes (its CA
// bundle the largest part); anything beyond these is refused before clientcmd sees it.
var KubeconfigLimits = strictyaml.Limits{MaxInputBytes: 1 << 20, MaxDecodedBytes: 2 << 20, MaxDepth: 20, MaxNodes: 20_000}

// Credentials are what Karmada needs to reach a member in push mode. The token and CA bundle are
// unexported so that printing Credentials (%v, %+v, %#v) never shows them.
type Credentials struct {
	// Server is the member's API server URL from the kubeconfig.
	Server string
	// Insecure mirrors insecure-skip-tls-verify; Karmada then needs no CA bundle.
	Insecure bool
	// ProxyURL is the kubeconfig cluster's proxy-url, if any; one with user information or a query is
	// refused, because Karmada keeps it in the Cluster's spec, which is not secret.
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
// a *KubeconfigError naming the field. The input is read within KubeconfigLimits, with duplicate keys
// and a second document refused. Errors never quote the file: not its values, and not the names of its
// contexts, clusters and users either (a name can be a pasted token); fields are named relative to the
// current context ("cluster.server" is the server of the cluster the current context names).
func ParseKubeconfig(member string, data []byte) (Credentials, error) {
	fail := func(field, reason string) (Credentials, error) {
		return Credentials{}, &KubeconfigError{Member: member, Field: field, Reason: reason}
	}
	if len(data) == 0 {
		return fail("kubeconfig", "empty")
	}
	doc, err := KubeconfigLimits.Parse(data)
	if err != nil {
		return fail("kubeconfig", decodeProblem(err))
	}
	// clientcmd's parse errors can echo file content, so they are not wrapped.
	cfg, err := clientcmd.Load(doc.JSON())
	if err != nil {
		return fail("kubeconfig", "not a kubeconfig document (YAML or JSON)")
	}
	kctx, err := currentContext(member, cfg)
	if err != nil {
		return Credentials{}, err
	}
	cl, ok := cfg.Clusters[kctx.Cluster]
	if !ok {
		return fail("context.cluster", "the current context names a cluster the kubeconfig does not define")
	}
	user, ok := cfg.AuthInfos[kctx.AuthInfo]
	if !ok {
		return fail("context.user", "the current context names a user the kubeconfig does not define")
	}
	creds, err := clusterCredentials(member, cl)
	if err != nil {
		return Credentials{}, err
	}
	if creds.token, err = userToken(member, user); err != nil {
		return Credentials{}, err
	}
	return creds, nil
}

// decodeProblem says what is wrong with input the strict decoder refused, without quoting any of it.
func decodeProblem(err error) string {
	line := ""
	if fes := strictyaml.FieldErrors(err); len(fes) > 0 && fes[0].Line > 0 {
		line = fmt.Sprintf(" (line %d)", fes[0].Line)
	}
	var le *strictyaml.LimitError
	switch {
	case errors.As(err, &le):
		return fmt.Sprintf("%s beyond the limit of %d", le.Limit, le.Max)
	case errors.Is(err, strictyaml.ErrDuplicateKey):
		return "a mapping gives one key twice" + line
	case errors.Is(err, strictyaml.ErrDocuments):
		return "want exactly one YAML or JSON document"
	default:
		return "not a kubeconfig document (YAML or JSON)" + line
	}
}

func currentContext(member string, cfg *clientcmdapi.Config) (*clientcmdapi.Context, error) {
	name := cfg.CurrentContext
	if name == "" && len(cfg.Contexts) == 1 {
		for only := range cfg.Contexts {
			name = only
		}
	}
	if name == "" {
		return nil, &KubeconfigError{Member: member, Field: "current-context", Reason: "not set and the kubeconfig has no single context"}
	}
	kctx, ok := cfg.Contexts[name]
	if !ok {
		return nil, &KubeconfigError{Member: member, Field: "current-context", Reason: "names a context the kubeconfig does not define"}
	}
	return kctx, nil
}

func clusterCredentials(member string, cl *clientcmdapi.Cluster) (Credentials, error) {
	fail := func(field, reason string) (Credentials, error) {
		return Credentials{}, &KubeconfigError{Member: member, Field: "cluster." + field, Reason: reason}
	}
	if !plainURL(cl.Server) {
		return fail("server", "must be a URL with a host and no user information, query or fragment")
	}
	if cl.ProxyURL != "" && !plainURL(cl.ProxyURL) {
		return fail("proxy-url", "must be a URL with a host and no user information, query or fragment: "+
			"Karmada keeps it in the Cluster's spec, which is not secret")
	}
	c := Credentials{Server: cl.Server, Insecure: cl.InsecureSkipTLSVerify, ProxyURL: cl.ProxyURL}
	switch {
	case len(cl.CertificateAuthorityData) > 0:
		c.caData = append([]byte(nil), cl.CertificateAuthorityData...)
	case cl.CertificateAuthority != "":
		return fail("certificate-authority", "file references are not read; embed certificate-authority-data")
	case !cl.InsecureSkipTLSVerify:
		return fail("certificate-authority-data", "missing: Karmada needs the CA bundle (or insecure-skip-tls-verify)")
	}
	return c, nil
}

// plainURL reports whether raw is a URL with a host and nothing that could carry a credential: no user
// information, query or fragment.
func plainURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && u.Host != "" && u.User == nil && u.RawQuery == "" && u.Fragment == ""
}

func userToken(member string, u *clientcmdapi.AuthInfo) ([]byte, error) {
	fail := func(f, reason string) ([]byte, error) {
		return nil, &KubeconfigError{Member: member, Field: "user." + f, Reason: reason}
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
