package traffic

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// Service is the routed application: the hosts clients call and the two
// backends traffic is split between. It names the mesh objects (a
// VirtualService and its DestinationRules) after Name.
type Service struct {
	// Name names the routing objects; a DNS-1123 subdomain.
	Name string `json:"name"`
	// Namespace of the routing objects and backends.
	Namespace string `json:"namespace"`
	// Hosts are the addresses clients use (a service name, an FQDN or an
	// external host bound through Gateways). At least one is required.
	Hosts []string `json:"hosts"`
	// Gateways bind the routes to ingress gateways; empty means the mesh
	// (sidecars) only.
	Gateways []string `json:"gateways,omitempty"`
	// Port is the destination port; 0 lets the mesh pick the service's only
	// port.
	Port uint32 `json:"port,omitempty"`
	// Primary serves the stable version.
	Primary Backend `json:"primary"`
	// Canary serves the new version under analysis.
	Canary Backend `json:"canary"`
}

// Backend is one destination: a service host, optionally narrowed to a
// subset of its pods. Flagger's style uses two services (podinfo-primary,
// podinfo-canary); Argo's subset style uses one host with two subsets.
type Backend struct {
	// Host is the service that receives the traffic, e.g. "podinfo-primary"
	// or "podinfo.test.svc.cluster.local".
	Host string `json:"host"`
	// Subset names a DestinationRule subset of Host; empty routes to every
	// pod of Host.
	Subset string `json:"subset,omitempty"`
	// Labels select the subset's pods; required exactly when Subset is set.
	Labels map[string]string `json:"labels,omitempty"`
}

// UsesSubsets reports whether the backends are subsets rather than whole
// services.
func (s *Service) UsesSubsets() bool { return s.Primary.Subset != "" || s.Canary.Subset != "" }

// Validate returns every invalid field, each a *ValidationError, joined in
// the order of their fields (a backend reports its first invalid field).
func (s *Service) Validate() error {
	var p problems
	p.add(dnsSubdomain("service.name", s.Name))
	if errs := validation.IsDNS1123Label(s.Namespace); len(errs) > 0 {
		p.add(invalid("service.namespace", "%q: %s", s.Namespace, strings.Join(errs, "; ")))
	}
	p.add(s.validateHosts())
	if s.Port > 65535 {
		p.add(invalid("service.port", "%d is outside 1..65535", s.Port))
	}
	p.add(s.Primary.validate("service.primary"))
	p.add(s.Canary.validate("service.canary"))
	if s.Primary.Host == s.Canary.Host && s.Primary.Subset == s.Canary.Subset {
		p.add(invalid("service.canary", "routes to the same destination as the primary (%s)", s.Canary))
	}
	return p.join()
}

func (s *Service) validateHosts() error {
	if len(s.Hosts) == 0 {
		return invalid("service.hosts", "at least one host is required")
	}
	var p problems
	for i, h := range s.Hosts {
		switch {
		case strings.TrimSpace(h) == "" || strings.ContainsAny(h, " /"):
			p.add(invalid(fmt.Sprintf("service.hosts[%d]", i), "%q is not a host name", h))
		case slices.Index(s.Hosts, h) != i:
			p.add(invalid(fmt.Sprintf("service.hosts[%d]", i), "%q is listed twice", h))
		}
	}
	return p.join()
}

// Validate returns the first invalid field of the backend, named
// "backend.host", "backend.subset" or "backend.labels".
func (b Backend) Validate() error { return b.validate("backend") }

func (b *Backend) validate(field string) error {
	if b.Host == "" {
		return invalid(field+".host", "is required")
	}
	if strings.ContainsAny(b.Host, " /") {
		return invalid(field+".host", "%q is not a host name", b.Host)
	}
	if b.Subset == "" {
		if len(b.Labels) > 0 {
			return invalid(field+".labels", "labels select a subset, but subset is empty")
		}
		return nil
	}
	if errs := validation.IsDNS1123Label(b.Subset); len(errs) > 0 {
		return invalid(field+".subset", "%q: %s", b.Subset, strings.Join(errs, "; "))
	}
	if len(b.Labels) == 0 {
		return invalid(field+".labels", "a subset needs labels to select its pods")
	}
	for _, k := range slices.Sorted(maps.Keys(b.Labels)) {
		v := b.Labels[k]
		if errs := validation.IsQualifiedName(k); len(errs) > 0 {
			return invalid(field+".labels", "key %q: %s", k, strings.Join(errs, "; "))
		}
		if errs := validation.IsValidLabelValue(v); len(errs) > 0 {
			return invalid(field+".labels["+k+"]", "%q: %s", v, strings.Join(errs, "; "))
		}
	}
	return nil
}

// String renders the backend as host or host/subset.
func (b Backend) String() string {
	if b.Subset == "" {
		return b.Host
	}
	return b.Host + "/" + b.Subset
}

func dnsSubdomain(field, v string) error {
	if errs := validation.IsDNS1123Subdomain(v); len(errs) > 0 {
		return invalid(field, "%q: %s", v, strings.Join(errs, "; "))
	}
	return nil
}
