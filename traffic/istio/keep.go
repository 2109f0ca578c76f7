package istio

import (
	"slices"

	"google.golang.org/protobuf/proto"
	apinet "istio.io/api/networking/v1"
)

// keepTheirs copies onto next, the spec about to be written, the fields of
// current that the Router does not write: exportTo, and on each route its
// request and response headers, rewrite, CORS policy and fault injection.
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
	}
}

// cloneOf deep-copies a message, keeping nil as nil.
func cloneOf[M proto.Message](m M) M {
	return proto.Clone(m).(M)
}
