package istio

import (
	"fmt"

	apinet "istio.io/api/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// parseMatches reads match conditions back into the model. Conditions the
// model has no field for (authority, port, source labels...) are refused
// rather than dropped, since dropping one would widen the match.
func parseMatches(in []*apinet.HTTPMatchRequest) ([]traffic.Match, error) {
	out := make([]traffic.Match, 0, len(in))
	for i, m := range in {
		if m.Authority != nil || m.Scheme != nil || m.Port != 0 || len(m.SourceLabels) > 0 || len(m.Gateways) > 0 ||
			len(m.WithoutHeaders) > 0 || m.SourceNamespace != "" || m.IgnoreUriCase {
			return nil, fmt.Errorf("match[%d] has a condition fleetkit does not model", i)
		}
		tm, err := parseMatch(m)
		if err != nil {
			return nil, fmt.Errorf("match[%d]: %w", i, err)
		}
		out = append(out, tm)
	}
	return out, nil
}

func parseMatch(m *apinet.HTTPMatchRequest) (traffic.Match, error) {
	var out traffic.Match
	var err error
	if out.Headers, err = parseStringMatches(m.Headers); err != nil {
		return out, err
	}
	// A regex on the cookie header is how Cookie is written.
	if c, ok := out.Headers[traffic.CookieHeader]; ok && c.Regex != "" {
		out.Cookie = c.Regex
		delete(out.Headers, traffic.CookieHeader)
		if len(out.Headers) == 0 {
			out.Headers = nil
		}
	}
	if out.URI, err = parseOptional(m.Uri); err != nil {
		return out, err
	}
	if out.Method, err = parseOptional(m.Method); err != nil {
		return out, err
	}
	out.QueryParams, err = parseStringMatches(m.QueryParams)
	return out, err
}

func parseStringMatches(in map[string]*apinet.StringMatch) (map[string]traffic.StringMatch, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make(map[string]traffic.StringMatch, len(in))
	for k, v := range in {
		sm, err := parseStringMatch(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = sm
	}
	return out, nil
}

func parseOptional(m *apinet.StringMatch) (*traffic.StringMatch, error) {
	if m == nil {
		return nil, nil
	}
	sm, err := parseStringMatch(m)
	return &sm, err
}

func parseStringMatch(m *apinet.StringMatch) (traffic.StringMatch, error) {
	switch t := m.GetMatchType().(type) {
	case *apinet.StringMatch_Exact:
		return traffic.Exact(t.Exact), nil
	case *apinet.StringMatch_Prefix:
		return traffic.Prefix(t.Prefix), nil
	case *apinet.StringMatch_Regex:
		return traffic.Regex(t.Regex), nil
	default:
		return traffic.StringMatch{}, fmt.Errorf("a string match without exact, prefix or regex")
	}
}
