package istio

import (
	"fmt"
	"slices"
	"strconv"

	"google.golang.org/protobuf/proto"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// parse reads the split vs routes, as ParseSplit does, and also refuses routes whose timeout or
// retries are not the Router's Policy: every write of the routes restores the Policy's, so a
// timeout or retry policy changed by someone else would be replaced without a word.
func (r *Router) parse(vs *networkingv1.VirtualService) (traffic.Split, error) {
	split, err := ParseSplit(vs, r.opts.Service)
	if err != nil {
		return split, err
	}
	timeout, retries := durationOf(r.opts.Policy.Timeout.Duration), httpRetry(r.opts.Policy.Retries)
	for _, route := range vs.Spec.Http {
		field := ""
		switch {
		case !proto.Equal(route.GetTimeout(), timeout):
			field = "timeout"
		case !proto.Equal(route.GetRetries(), retries):
			field = "retries"
		}
		if field != "" {
			return traffic.Split{}, &RoutesError{Namespace: vs.Namespace, Name: vs.Name, Reason: fmt.Sprintf(
				"route %q: its %s is not the Router's policy, which every write of the routes would restore", route.GetName(), field)}
		}
	}
	return split, nil
}

// bindingProblem checks that the VirtualService binds the hosts and gateways the Service declares:
// the Router writes them on every step, so hosts or gateways changed by someone else (a gateway
// added by hand, a GitOps manifest naming the FQDN) would be replaced without a word. Order does not
// matter; the Router writes the Service's.
func bindingProblem(vs *networkingv1.VirtualService, svc traffic.Service) string {
	switch {
	case !sameSet(vs.Spec.Hosts, svc.Hosts):
		return fmt.Sprintf("hosts %q are not the service's %q, which every write of the routes would restore", vs.Spec.Hosts, svc.Hosts)
	case !sameSet(orMesh(vs.Spec.Gateways), orMesh(svc.Gateways)):
		return fmt.Sprintf("gateways %q are not the service's %q, which every write of the routes would restore", vs.Spec.Gateways, svc.Gateways)
	}
	return ""
}

// portProblem checks a destination's port against the Service's: the Router writes the Service's
// port (none when it is 0) into every destination and the mirror, so a port set by someone else —
// how one port of a multi-port service is chosen behind a gateway — would be replaced without a word.
func portProblem(d *apinet.Destination, svc traffic.Service) error {
	if got := d.GetPort().GetNumber(); got != svc.Port {
		return fmt.Errorf("port %s is not the service's port %s, which every write of the routes would restore",
			portString(got), portString(svc.Port))
	}
	return nil
}

func portString(p uint32) string {
	if p == 0 {
		return "(none)"
	}
	return strconv.FormatUint(uint64(p), 10)
}

// orMesh is a gateway list with the default Istio applies to none: the mesh's sidecars.
func orMesh(gateways []string) []string {
	if len(gateways) == 0 {
		return []string{"mesh"}
	}
	return gateways
}

// sameSet compares two lists as sets.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
