package istio

import (
	"slices"

	"google.golang.org/protobuf/proto"
	apinet "istio.io/api/networking/v1"
)

// keepTheirs copies onto next, the spec about to be written, the fields of
// current that the Router does not write: exportTo, on each route its
// request and response headers, rewrite, CORS policy and fault injection,
// and on each destination its headers (route[].headers, kept with the
// backend they were set on, whatever its weight).
// They change how requests are treated, not where they go, so they are the
// platform team's (set by hand, by GitOps, by a mutating admission policy)
// and a weight change must not delete them. A route this write adds — the
// A/B route carved out of the default one — takes them from the default
// route, so that matching requests are treated as before. Copies are deep:
// next and current share nothing.
func keepTheirs(next, current *apinet.VirtualService) {
	next.ExportTo = slices.Clone(current.ExportTo)
	for _, r := range next.Http {
		from := findRoute(current.Http, r.GetName())
		if from == nil {
			from = findRoute(current.Http, RouteDefault)
		}
		if from == nil {
			continue
		}
		r.Headers = cloneOf(from.Headers)
		r.Rewrite = cloneOf(from.Rewrite)
		r.CorsPolicy = cloneOf(from.CorsPolicy)
		r.Fault = cloneOf(from.Fault)
		keepDestinationHeaders(r, from)
	}
}

// keepDestinationHeaders copies onto each destination of next the headers
// of the same backend (host and subset) in from: a team tags a backend's
// requests (x-version: canary), and the tag must follow the backend, not
// the position in the list.
func keepDestinationHeaders(next, from *apinet.HTTPRoute) {
	for _, d := range next.Route {
		for _, f := range from.Route {
			if sameBackend(d.GetDestination(), f.GetDestination()) {
				d.Headers = cloneOf(f.Headers)
				break
			}
		}
	}
}

func sameBackend(a, b *apinet.Destination) bool {
	return a.GetHost() == b.GetHost() && a.GetSubset() == b.GetSubset()
}

// cloneOf deep-copies a message, keeping nil as nil.
func cloneOf[M proto.Message](m M) M {
	return proto.Clone(m).(M)
}
