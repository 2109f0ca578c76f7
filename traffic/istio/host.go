package istio

import "strings"

// sameHost reports whether two hosts of rules in namespace ns name the same
// service. Istio reads a short name (no dot) as <name>.<ns>.svc.<cluster
// domain> of the rule's namespace and any other host as written
// (istio.io/api v1.29, Destination.host and DestinationRule.host). The
// cluster domain is not known here, so a short name equals any
// <name>.<ns>.svc.* host: a team's FQDN spelling of the same service is
// not a mismatch.
func sameHost(a, b, ns string) bool {
	if a == b {
		return true
	}
	if strings.Contains(a, ".") {
		a, b = b, a
	}
	return !strings.Contains(a, ".") && strings.HasPrefix(b, a+"."+ns+".svc.")
}
