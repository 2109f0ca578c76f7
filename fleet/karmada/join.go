package karmada

import (
	"context"
	"errors"
	"fmt"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// JoinOptions configures Join.
type JoinOptions struct {
	// Namespace on the member holds the ServiceAccount; empty means DefaultSecretNamespace
	// ("karmada-cluster"), as `karmadactl join` uses.
	Namespace string
	// TokenTTL is the token lifetime requested; zero means one year. The member's API server may
	// shorten it (--service-account-max-token-expiration).
	TokenTTL time.Duration
}

// Join prepares a member cluster for push-mode access by Karmada, as `karmadactl join` does on the
// member side (pkg/util/credential.go ObtainCredentialsFromMemberCluster, v1.17.1): the namespace, a
// ServiceAccount named karmada-<member>, and a ClusterRoleBinding granting it cluster-admin. Instead of
// a legacy ServiceAccount token Secret it asks the TokenRequest API for a token, and returns a
// kubeconfig for the member's API server (member.Host, with member's CA data or insecure flag) that
// carries the token: pass it to Register. Existing objects are kept, so joining again only issues a
// new token. member must be allowed to create those objects (a member administrator).
func Join(ctx context.Context, member *rest.Config, name string, opts JoinOptions) ([]byte, error) {
	if member == nil || member.Host == "" {
		return nil, errors.New("karmada: join: no member API server")
	}
	c, err := client.New(member, client.Options{})
	if err != nil {
		return nil, fmt.Errorf("karmada: join %s: %w", name, err)
	}
	ns := opts.Namespace
	if ns == "" {
		ns = DefaultSecretNamespace
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: "karmada-" + name, Labels: managedLabels(nil)}}
	binding := &rbacv1.ClusterRoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "karmada-" + name, Labels: managedLabels(nil)},
		Subjects: []rbacv1.Subject{{Kind: rbacv1.ServiceAccountKind, Namespace: ns, Name: sa.Name}},
		RoleRef:  rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "cluster-admin"}}
	for _, obj := range []client.Object{&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, sa, binding} {
		if err := c.Create(ctx, obj); err != nil && !apierrors.IsAlreadyExists(err) {
			return nil, fmt.Errorf("karmada: join %s: create %T %s: %w", name, obj, obj.GetName(), err)
		}
	}
	ttl := opts.TokenTTL
	if ttl == 0 {
		ttl = 365 * 24 * time.Hour
	}
	seconds := int64(ttl / time.Second)
	tr := &authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &seconds}}
	if err := c.SubResource("token").Create(ctx, sa, tr); err != nil {
		return nil, fmt.Errorf("karmada: join %s: request a token: %w", name, err)
	}
	return memberKubeconfig(member, tr.Status.Token)
}

// memberKubeconfig is a kubeconfig for the member's API server with a bearer token.
func memberKubeconfig(member *rest.Config, token string) ([]byte, error) {
	kc := clientcmdapi.NewConfig()
	kc.Clusters["member"] = &clientcmdapi.Cluster{Server: member.Host, CertificateAuthorityData: member.CAData,
		InsecureSkipTLSVerify: member.Insecure}
	kc.AuthInfos["karmada"] = &clientcmdapi.AuthInfo{Token: token}
	kc.Contexts["member"] = &clientcmdapi.Context{Cluster: "member", AuthInfo: "karmada"}
	kc.CurrentContext = "member"
	out, err := clientcmd.Write(*kc)
	if err != nil {
		return nil, fmt.Errorf("karmada: join: kubeconfig: %w", err)
	}
	return out, nil
}
