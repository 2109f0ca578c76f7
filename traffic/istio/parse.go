package istio

import (
	"fmt"
	"math"

	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// ParseSplit reads the split a VirtualService really routes for svc. It
// accepts the layout VirtualServiceBuilder writes and refuses anything it
// cannot read faithfully (a third destination, a missing default route, an
// unsupported match condition) with a *RoutesError: guessing a weight
// would let the rollout engine decide on traffic that is not there.
func ParseSplit(vs *networkingv1.VirtualService, svc traffic.Service) (traffic.Split, error) {
	fail := func(format string, args ...any) (traffic.Split, error) {
		return traffic.Split{}, &RoutesError{Namespace: vs.Namespace, Name: vs.Name, Reason: fmt.Sprintf(format, args...)}
	}
	def, matched := findRoute(vs.Spec.Http, RouteDefault), findRoute(vs.Spec.Http, RouteMatch)
	if def == nil {
		return fail("no HTTP route named %q", RouteDefault)
	}
	if reason := layoutProblem(vs); reason != "" {
		return fail("%s", reason)
	}
	if reason := bindingProblem(vs, svc); reason != "" {
		return fail("%s", reason)
	}
	if len(def.Match) > 0 {
		return fail("route %q has match conditions", RouteDefault)
	}
	weighted := def
	if matched != nil {
		if reason := abDefaultProblem(def, svc); reason != "" {
			return fail("%s", reason)
		}
		weighted = matched
	}
	primary, canary, err := weights(weighted, svc)
	if err != nil {
		return fail("route %q: %v", weighted.Name, err)
	}
	split := traffic.Split{Primary: primary, Canary: canary}
	if split.Mirror, err = mirror(weighted, svc); err != nil {
		return fail("route %q: %v", weighted.Name, err)
	}
	if matched != nil {
		if split.Match, err = parseMatches(matched.Match); err != nil {
			return fail("route %q: %v", RouteMatch, err)
		}
	}
	return split, nil
}

// layoutProblem checks that the VirtualService has only the routes this
// package writes, in its order: RouteMatch (when matching) before
// RouteDefault, no other HTTP route and no TCP or TLS route, and no field
// on them that routes requests the weights do not describe. Any other
// route takes requests the split does not describe, and SetRoutes would
// delete it.
func layoutProblem(vs *networkingv1.VirtualService) string {
	if len(vs.Spec.Tcp) > 0 || len(vs.Spec.Tls) > 0 {
		return "has TCP or TLS routes, which this package does not write"
	}
	seen := map[string]bool{}
	for _, r := range vs.Spec.Http {
		name := r.GetName()
		switch {
		case name != RouteMatch && name != RouteDefault:
			return fmt.Sprintf("route %q is not one this package writes (only %q and %q)", name, RouteMatch, RouteDefault)
		case seen[name]:
			return fmt.Sprintf("route %q appears twice", name)
		case name == RouteMatch && seen[RouteDefault]:
			return fmt.Sprintf("route %q must come before route %q, which takes every request", RouteMatch, RouteDefault)
		}
		if field := unreadField(r); field != "" {
			return fmt.Sprintf("route %q sets %s, which changes where requests go and which this package does not read", name, field)
		}
		seen[name] = true
	}
	return ""
}

// unreadField names a field of r that sends or copies requests somewhere
// the weights and the mirror do not say, or "": a redirect, a direct
// response or a delegate answers instead of the destinations; the mirrors
// list and the deprecated integer mirrorPercent mirror other shares (Istio
// v1.29 virtual_service.proto: mirrorPercent applies when mirrorPercentage
// is unset, so ignoring it would report 100%).
func unreadField(r *apinet.HTTPRoute) string {
	switch {
	case r.Redirect != nil:
		return "redirect"
	case r.DirectResponse != nil:
		return "directResponse"
	case r.Delegate != nil:
		return "delegate"
	case len(r.Mirrors) > 0:
		return "mirrors"
	case r.GetMirrorPercent() != nil: //nolint:staticcheck // read to refuse the deprecated field
		return "mirrorPercent"
	}
	return ""
}

// abDefaultProblem checks the default route of the A/B layout: it sends
// every unmatched request to the primary and copies none of them. The
// split's mirror is on the match route; a mirror here copies requests the
// split does not describe, and the next write, which does not write it,
// would remove it.
func abDefaultProblem(def *apinet.HTTPRoute, svc traffic.Service) string {
	if p, c, err := weights(def, svc); err != nil || p != traffic.TotalWeight || c != 0 {
		return fmt.Sprintf("with A/B matches, route %q must send everything to the primary", RouteDefault)
	}
	if def.Mirror != nil {
		return fmt.Sprintf("with A/B matches, route %q mirrors to %s: the split mirrors only on route %q, "+
			"so the unmatched requests' mirror is not one this package reads, and writing the split would remove it",
			RouteDefault, describe(def.Mirror), RouteMatch)
	}
	return ""
}

func findRoute(routes []*apinet.HTTPRoute, name string) *apinet.HTTPRoute {
	for _, r := range routes {
		if r.GetName() == name {
			return r
		}
	}
	return nil
}

// weights sums the route's weights per backend. Istio reads a single
// destination without a weight as 100.
func weights(r *apinet.HTTPRoute, svc traffic.Service) (primary, canary int, err error) {
	if len(r.Route) == 1 && r.Route[0].Weight == 0 {
		r = &apinet.HTTPRoute{Route: []*apinet.HTTPRouteDestination{{Destination: r.Route[0].Destination, Weight: traffic.TotalWeight}}}
	}
	for _, d := range r.Route {
		switch {
		case isBackend(d.Destination, svc.Primary):
			primary += int(d.Weight)
		case isBackend(d.Destination, svc.Canary):
			canary += int(d.Weight)
		default:
			return 0, 0, fmt.Errorf("destination %s is neither the primary (%s) nor the canary (%s)",
				describe(d.Destination), svc.Primary, svc.Canary)
		}
		if err := portProblem(d.Destination, svc); err != nil {
			return 0, 0, fmt.Errorf("destination %s: %w", describe(d.Destination), err)
		}
	}
	if primary+canary != traffic.TotalWeight {
		return 0, 0, fmt.Errorf("weights add up to %d, not 100", primary+canary)
	}
	return primary, canary, nil
}

func mirror(r *apinet.HTTPRoute, svc traffic.Service) (*traffic.Mirror, error) {
	if r.Mirror == nil {
		return nil, nil
	}
	if !isBackend(r.Mirror, svc.Canary) {
		return nil, fmt.Errorf("mirrors to %s, not the canary (%s)", describe(r.Mirror), svc.Canary)
	}
	if err := portProblem(r.Mirror, svc); err != nil {
		return nil, fmt.Errorf("mirror %s: %w", describe(r.Mirror), err)
	}
	// Istio mirrors everything when no percentage is set.
	pct := 100.0
	if r.MirrorPercentage != nil {
		pct = r.MirrorPercentage.Value
	}
	if pct <= 0 || pct > 100 || math.IsNaN(pct) {
		return nil, fmt.Errorf("mirror percentage %v is outside (0, 100]", pct)
	}
	return &traffic.Mirror{Percent: pct}, nil
}

func isBackend(d *apinet.Destination, b traffic.Backend) bool {
	return d != nil && d.Host == b.Host && d.Subset == b.Subset
}

func describe(d *apinet.Destination) string {
	if d == nil {
		return "<none>"
	}
	return traffic.Backend{Host: d.Host, Subset: d.Subset}.String()
}
