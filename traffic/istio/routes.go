package istio

import (
	"maps"
	"math"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// SplitOf converts the routes the rollout engine asks for into the traffic
// model. Mirror without a weight mirrors everything.
func SplitOf(r rollout.Routes) traffic.Split {
	s := traffic.Split{Primary: r.Primary, Canary: r.Canary}
	if r.Mirror {
		pct := float64(r.MirrorWeight)
		if r.MirrorWeight == 0 {
			pct = 100
		}
		s.Mirror = &traffic.Mirror{Percent: pct}
	}
	for _, m := range r.Match {
		tm := traffic.Match{Headers: map[string]traffic.StringMatch{}, Cookie: m.Cookie}
		for k, v := range m.Headers {
			tm.Headers[k] = traffic.StringMatch(v)
		}
		if len(tm.Headers) == 0 {
			tm.Headers = nil
		}
		if m.URI != nil {
			u := traffic.StringMatch(*m.URI)
			tm.URI = &u
		}
		s.Match = append(s.Match, tm)
	}
	return s
}

// RoutesOf converts a split read from the cluster into the engine's routes.
// A fractional mirror percentage is rounded; 100 is written as 0, the
// engine's "everything". Match conditions the engine does not model
// (method, query parameters) are dropped from the engine's view only; the
// cluster keeps them.
func RoutesOf(s traffic.Split) rollout.Routes {
	r := rollout.Routes{Primary: s.Primary, Canary: s.Canary}
	if s.Mirror != nil {
		r.Mirror = true
		if s.Mirror.Percent < 100 {
			r.MirrorWeight = max(1, int(math.Round(s.Mirror.Percent)))
		}
	}
	for _, m := range s.Match {
		rm := rollout.MatchRule{Cookie: m.Cookie}
		if len(m.Headers) > 0 {
			rm.Headers = make(map[string]rollout.StringMatch, len(m.Headers))
			for k, v := range maps.All(m.Headers) {
				rm.Headers[k] = rollout.StringMatch(v)
			}
		}
		if m.URI != nil {
			u := rollout.StringMatch(*m.URI)
			rm.URI = &u
		}
		r.Match = append(r.Match, rm)
	}
	return r
}
