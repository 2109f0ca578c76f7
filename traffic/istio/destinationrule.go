package istio

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/fleetkit/fleetkit/traffic"
)

// DestinationRuleBuilder builds one DestinationRule: the policy for one
// host and, optionally, its subsets.
type DestinationRuleBuilder struct {
	name, namespace, host string
	subsets               []subset
	policy                traffic.Policy
	labels, annotations   map[string]string
}

type subset struct {
	name   string
	labels map[string]string
}

// NewDestinationRule starts a DestinationRule name/namespace for host.
func NewDestinationRule(name, namespace, host string) *DestinationRuleBuilder {
	return &DestinationRuleBuilder{name: name, namespace: namespace, host: host}
}

// WithSubset adds a subset selecting the pods with labels.
func (b *DestinationRuleBuilder) WithSubset(name string, labels map[string]string) *DestinationRuleBuilder {
	b.subsets = append(b.subsets, subset{name: name, labels: maps.Clone(labels)})
	return b
}

// WithPolicy sets the destination-side policy: outlier detection,
// connection pool and locality failover. Timeouts and retries belong to the
// VirtualService and are ignored here.
func (b *DestinationRuleBuilder) WithPolicy(p traffic.Policy) *DestinationRuleBuilder {
	b.policy = p
	return b
}

// WithLabels adds labels to the object's metadata.
func (b *DestinationRuleBuilder) WithLabels(l map[string]string) *DestinationRuleBuilder {
	b.labels = mergeInto(b.labels, l)
	return b
}

// WithAnnotations adds annotations to the object's metadata.
func (b *DestinationRuleBuilder) WithAnnotations(a map[string]string) *DestinationRuleBuilder {
	b.annotations = mergeInto(b.annotations, a)
	return b
}

// Build validates the rule and returns it, or every error joined.
func (b *DestinationRuleBuilder) Build() (*networkingv1.DestinationRule, error) {
	if err := b.validate(); err != nil {
		return nil, err
	}
	dr := &networkingv1.DestinationRule{
		TypeMeta: metav1.TypeMeta{APIVersion: APIVersion, Kind: "DestinationRule"},
		ObjectMeta: metav1.ObjectMeta{Name: b.name, Namespace: b.namespace,
			Labels: cloneLabels(b.labels), Annotations: cloneLabels(b.annotations)},
	}
	dr.Spec.Host = b.host
	dr.Spec.TrafficPolicy = trafficPolicy(b.policy)
	for _, s := range b.subsets {
		dr.Spec.Subsets = append(dr.Spec.Subsets, &apinet.Subset{Name: s.name, Labels: maps.Clone(s.labels)})
	}
	return dr, nil
}

func (b *DestinationRuleBuilder) validate() error {
	var errs []error
	if v := validation.IsDNS1123Subdomain(b.name); len(v) > 0 {
		errs = append(errs, &ValidationError{Field: "destinationRule.name", Reason: fmt.Sprintf("%q: %s", b.name, strings.Join(v, "; "))})
	}
	if v := validation.IsDNS1123Label(b.namespace); len(v) > 0 {
		errs = append(errs, &ValidationError{Field: "destinationRule.namespace", Reason: fmt.Sprintf("%q: %s", b.namespace, strings.Join(v, "; "))})
	}
	if b.host == "" {
		errs = append(errs, &ValidationError{Field: "destinationRule.host", Reason: "is required"})
	}
	for i, s := range b.subsets {
		field := fmt.Sprintf("destinationRule.subsets[%d]", i)
		if slices.IndexFunc(b.subsets, func(o subset) bool { return o.name == s.name }) != i {
			errs = append(errs, &ValidationError{Field: field, Reason: fmt.Sprintf("subset %q is defined twice", s.name)})
		}
		if err := (traffic.Backend{Host: b.host, Subset: s.name, Labels: s.labels}).Validate(); b.host != "" && err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", field, err))
		}
	}
	errs = append(errs, b.policy.Validate())
	return errors.Join(errs...)
}

// DestinationRules returns the rules a service needs: one rule per backend host, carrying the
// subsets the backends select on it and the destination-side policy. Subsets of one host (primary
// and canary, or only one side) share one rule named after the service; two service hosts get one
// rule each, named after the host.
func DestinationRules(svc traffic.Service, p traffic.Policy) ([]*networkingv1.DestinationRule, error) {
	if err := svc.Validate(); err != nil {
		return nil, err
	}
	backends := []traffic.Backend{svc.Primary, svc.Canary}
	if svc.Primary.Host == svc.Canary.Host {
		dr, err := hostRule(svc.Name, svc.Namespace, backends, p)
		if err != nil {
			return nil, err
		}
		return []*networkingv1.DestinationRule{dr}, nil
	}
	var out []*networkingv1.DestinationRule
	for _, be := range backends {
		dr, err := hostRule(ruleName(be.Host), svc.Namespace, []traffic.Backend{be}, p)
		if err != nil {
			return nil, err
		}
		out = append(out, dr)
	}
	return out, nil
}

// hostRule is the rule of one host with the subsets of the given backends (all on that host).
func hostRule(name, namespace string, backends []traffic.Backend, p traffic.Policy) (*networkingv1.DestinationRule, error) {
	b := NewDestinationRule(name, namespace, backends[0].Host).WithPolicy(p)
	for _, be := range backends {
		if be.Subset != "" {
			b.WithSubset(be.Subset, be.Labels)
		}
	}
	return b.Build()
}

// ruleName names a rule after its host's short name ("podinfo-canary" for
// "podinfo-canary.test.svc.cluster.local").
func ruleName(host string) string {
	short, _, _ := strings.Cut(host, ".")
	return short
}
