package testenv

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// webhookServing is a running karmada-webhook's address and certificate authority.
type webhookServing struct {
	addr string
	ca   []byte
	name string // of the webhook configurations
}

// karmadaHook is one admission webhook of Karmada's (artifacts/deploy/webhook-configuration.yaml).
type karmadaHook struct {
	name, path, group, resource string
	scope                       admissionregistrationv1.ScopeType
	ops                         []admissionregistrationv1.OperationType
}

var (
	createUpdate = []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update}
	createOnly   = []admissionregistrationv1.OperationType{admissionregistrationv1.Create}
	// mutatingHooks are the mutations policies, bindings and works get: defaults and permanent IDs.
	mutatingHooks = []karmadaHook{
		{"propagationpolicy.karmada.io", "/mutate-propagationpolicy", "policy.karmada.io", "propagationpolicies", admissionregistrationv1.NamespacedScope, createUpdate},
		{"clusterpropagationpolicy.karmada.io", "/mutate-clusterpropagationpolicy", "policy.karmada.io", "clusterpropagationpolicies", admissionregistrationv1.ClusterScope, createUpdate},
		{"overridepolicy.karmada.io", "/mutate-overridepolicy", "policy.karmada.io", "overridepolicies", admissionregistrationv1.NamespacedScope, createUpdate},
		{"resourcebinding.karmada.io", "/mutate-resourcebinding", "work.karmada.io", "resourcebindings", admissionregistrationv1.NamespacedScope, createOnly},
		{"work.karmada.io", "/mutate-work", "work.karmada.io", "works", admissionregistrationv1.NamespacedScope, createUpdate},
	}
	// validatingHooks are the policy validations (the binding's needs FederatedResourceQuota, not installed).
	validatingHooks = []karmadaHook{
		{"propagationpolicy.karmada.io", "/validate-propagationpolicy", "policy.karmada.io", "propagationpolicies", admissionregistrationv1.NamespacedScope, createUpdate},
		{"clusterpropagationpolicy.karmada.io", "/validate-clusterpropagationpolicy", "policy.karmada.io", "clusterpropagationpolicies", admissionregistrationv1.ClusterScope, createUpdate},
		{"overridepolicy.karmada.io", "/validate-overridepolicy", "policy.karmada.io", "overridepolicies", admissionregistrationv1.NamespacedScope, createUpdate},
		{"clusteroverridepolicy.karmada.io", "/validate-clusteroverridepolicy", "policy.karmada.io", "clusteroverridepolicies", admissionregistrationv1.ClusterScope, createUpdate},
	}
)

// startWebhook runs karmada-webhook on a free loopback port with a fresh serving certificate and
// registers its webhooks, then waits until the API server's admission reaches it.
func (k *KarmadaComponents) startWebhook(bin, kubeconfig string, opts KarmadaOptions) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	certDir := filepath.Join(k.dir, "webhook-certs")
	ca, err := writeServingCert(certDir)
	if err != nil {
		return fmt.Errorf("webhook certificate: %w", err)
	}
	if err := k.run(KarmadaWebhook, bin, "--kubeconfig="+kubeconfig, "--bind-address=127.0.0.1",
		"--secure-port="+strconv.Itoa(port), "--cert-dir="+certDir, "--metrics-bind-address=0",
		"--health-probe-bind-address=0", "--v=2"); err != nil {
		return err
	}
	w := &webhookServing{addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), ca: ca, name: "fleetkit-karmada-" + strconv.Itoa(port)}
	timeout := opts.StartTimeout
	if timeout == 0 {
		timeout = time.Minute
	}
	if err := k.waitServing(w, timeout); err != nil {
		return err
	}
	k.webhook = w
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return w.register(ctx, k.env)
}

// waitServing waits until the webhook completes a TLS handshake with its CA.
func (k *KarmadaComponents) waitServing(w *webhookServing, timeout time.Duration) error {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(w.ca)
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if err := k.Check(); err != nil {
			return err
		}
		conn, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", w.addr,
			&tls.Config{RootCAs: pool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12})
		if err == nil {
			return conn.Close()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("karmada-webhook not serving on %s after %s; log: %s", w.addr, timeout, k.Logs(KarmadaWebhook, 2000))
}

func (w *webhookServing) clientConfig(path string) admissionregistrationv1.WebhookClientConfig {
	return admissionregistrationv1.WebhookClientConfig{URL: ptr.To("https://" + w.addr + path), CABundle: w.ca}
}

func rulesOf(h karmadaHook) []admissionregistrationv1.RuleWithOperations {
	return []admissionregistrationv1.RuleWithOperations{{Operations: h.ops, Rule: admissionregistrationv1.Rule{
		APIGroups: []string{h.group}, APIVersions: []string{"*"}, Resources: []string{h.resource}, Scope: ptr.To(h.scope)}}}
}

// register creates the mutating and validating webhook configurations.
func (w *webhookServing) register(ctx context.Context, e *Env) error {
	none := admissionregistrationv1.SideEffectClassNone
	mutating := &admissionregistrationv1.MutatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: w.name}}
	for _, h := range mutatingHooks {
		mutating.Webhooks = append(mutating.Webhooks, admissionregistrationv1.MutatingWebhook{Name: h.name,
			ClientConfig: w.clientConfig(h.path), Rules: rulesOf(h), FailurePolicy: ptr.To(admissionregistrationv1.Fail),
			SideEffects: &none, AdmissionReviewVersions: []string{"v1"}, TimeoutSeconds: ptr.To[int32](10)})
	}
	validating := &admissionregistrationv1.ValidatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: w.name}}
	for _, h := range validatingHooks {
		validating.Webhooks = append(validating.Webhooks, admissionregistrationv1.ValidatingWebhook{Name: h.name,
			ClientConfig: w.clientConfig(h.path), Rules: rulesOf(h), FailurePolicy: ptr.To(admissionregistrationv1.Fail),
			SideEffects: &none, AdmissionReviewVersions: []string{"v1"}, TimeoutSeconds: ptr.To[int32](10)})
	}
	for _, obj := range []client.Object{mutating, validating} {
		if err := e.Client.Create(ctx, obj); err != nil {
			return fmt.Errorf("register karmada-webhook: %w", err)
		}
	}
	return nil
}

// unregister deletes the webhook configurations, so that the API server stops calling a stopped
// webhook.
func (w *webhookServing) unregister(ctx context.Context, e *Env) error {
	var errs []error
	for _, obj := range []client.Object{&admissionregistrationv1.MutatingWebhookConfiguration{},
		&admissionregistrationv1.ValidatingWebhookConfiguration{}} {
		obj.SetName(w.name)
		if err := e.Client.Delete(ctx, obj); err != nil && !apierrors.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("unregister karmada-webhook: %w", err))
		}
	}
	return errors.Join(errs...)
}

// writeServingCert writes tls.crt and tls.key for 127.0.0.1 into dir, signed by a fresh CA, and
// returns the CA certificate (PEM).
func writeServingCert(dir string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "fleetkit-testenv-ca"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "karmada-webhook"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(24 * time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		DNSNames: []string{"localhost"}, KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, caTmpl, &key.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "tls.crt"), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "tls.key"), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), nil
}
