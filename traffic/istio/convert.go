package istio

import (
	"maps"
	"time"

	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/wrapperspb"
	apinet "istio.io/api/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// destination renders a backend, with the service's port when set.
func destination(b traffic.Backend, port uint32) *apinet.Destination {
	d := &apinet.Destination{Host: b.Host, Subset: b.Subset}
	if port != 0 {
		d.Port = &apinet.PortSelector{Number: port}
	}
	return d
}

func stringMatch(m traffic.StringMatch) *apinet.StringMatch {
	switch {
	case m.Exact != "":
		return &apinet.StringMatch{MatchType: &apinet.StringMatch_Exact{Exact: m.Exact}}
	case m.Prefix != "":
		return &apinet.StringMatch{MatchType: &apinet.StringMatch_Prefix{Prefix: m.Prefix}}
	default:
		return &apinet.StringMatch{MatchType: &apinet.StringMatch_Regex{Regex: m.Regex}}
	}
}

func optionalStringMatch(m *traffic.StringMatch) *apinet.StringMatch {
	if m == nil {
		return nil
	}
	return stringMatch(*m)
}

func stringMatches(in map[string]traffic.StringMatch) map[string]*apinet.StringMatch {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string]*apinet.StringMatch, len(in))
	for k, v := range in {
		out[k] = stringMatch(v)
	}
	return out
}

// httpMatch renders a match; the cookie condition becomes a regex on the
// cookie header, as Istio has no cookie matcher of its own.
func httpMatch(m traffic.Match) *apinet.HTTPMatchRequest {
	out := &apinet.HTTPMatchRequest{
		Headers:     stringMatches(m.Headers),
		Uri:         optionalStringMatch(m.URI),
		Method:      optionalStringMatch(m.Method),
		QueryParams: stringMatches(m.QueryParams),
	}
	if m.Cookie != "" {
		if out.Headers == nil {
			out.Headers = map[string]*apinet.StringMatch{}
		}
		out.Headers[traffic.CookieHeader] = stringMatch(traffic.Regex(m.Cookie))
	}
	return out
}

func durationOf(d time.Duration) *durationpb.Duration {
	if d <= 0 {
		return nil
	}
	return durationpb.New(d)
}

func uint32Of(v int) *wrapperspb.UInt32Value {
	if v <= 0 {
		return nil
	}
	return wrapperspb.UInt32(uint32(v))
}

func cloneLabels(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}
