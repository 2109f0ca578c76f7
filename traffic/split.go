package traffic

import "fmt"

// TotalWeight is the sum every split's weights must reach.
const TotalWeight = 100

// Split is how requests are divided between the primary and the canary.
//
// Without Match, Primary and Canary split all requests. With Match, they
// split only the requests that match a rule; every other request goes to the
// primary (A/B testing routes matching requests 0/100). Mirror additionally
// copies a share of the requests served by the primary to the canary, whose
// answers are discarded.
type Split struct {
	// Primary is the primary's percentage of the routed requests.
	Primary int `json:"primary"`
	// Canary is the canary's percentage; Primary + Canary = 100.
	Canary int `json:"canary"`
	// Mirror copies requests to the canary; nil mirrors nothing.
	Mirror *Mirror `json:"mirror,omitempty"`
	// Match restricts the weighted route to matching requests: a request
	// matches when any rule matches.
	Match []Match `json:"match,omitempty"`
}

// Mirror copies requests to the canary.
type Mirror struct {
	// Percent of requests mirrored, in (0, 100]; fractions are allowed
	// (Istio's mirrorPercentage).
	Percent float64 `json:"percent"`
}

// PrimaryOnly routes every request to the primary.
func PrimaryOnly() Split { return Split{Primary: TotalWeight} }

// Weighted routes canary percent of the requests to the canary and the
// rest to the primary.
func Weighted(canary int) Split { return Split{Primary: TotalWeight - canary, Canary: canary} }

// Mirrored routes every request to the primary and mirrors percent of them
// to the canary.
func Mirrored(percent float64) Split {
	return Split{Primary: TotalWeight, Mirror: &Mirror{Percent: percent}}
}

// Validate returns every invalid field, each a *ValidationError named under
// "split" ("split.canary", "split.match[0].cookie"), joined in the order of
// their fields: the weights' first problem and each match rule's first.
func (s Split) Validate() error {
	var p problems
	p.add(s.ValidateWeights("split"))
	p.add(ValidateMatches("split.match", s.Match))
	return p.join()
}

// ValidateWeights validates everything but the match rules — the weights
// and the mirror percentage — naming the fields under field. It allocates
// only to report an error, where Validate compiles the rules' regular
// expressions; a caller that re-checks routes on every step (the rollout
// engine) uses it, and Validate or ValidateMatches once where the rules
// come from.
func (s Split) ValidateWeights(field string) error {
	switch {
	case s.Primary < 0 || s.Primary > TotalWeight:
		return invalid(field+".primary", "%d is outside 0..100", s.Primary)
	case s.Canary < 0 || s.Canary > TotalWeight:
		return invalid(field+".canary", "%d is outside 0..100", s.Canary)
	case s.Primary+s.Canary != TotalWeight:
		return invalid(field, "primary %d + canary %d must be 100", s.Primary, s.Canary)
	}
	if m := s.Mirror; m != nil && !(m.Percent > 0 && m.Percent <= 100) {
		return invalid(field+".mirror.percent", "%v is outside (0, 100]", m.Percent)
	}
	return nil
}

// Mirrored reports whether requests are mirrored to the canary.
func (s Split) Mirrored() bool { return s.Mirror != nil }

// Equal reports whether two splits route the same way. Two nil mirrors, and
// nil and empty match lists, are equal.
func (s Split) Equal(o Split) bool {
	if s.Primary != o.Primary || s.Canary != o.Canary || s.Mirrored() != o.Mirrored() {
		return false
	}
	if s.Mirror != nil && s.Mirror.Percent != o.Mirror.Percent {
		return false
	}
	if len(s.Match) != len(o.Match) {
		return false
	}
	for i := range s.Match {
		if !s.Match[i].Equal(o.Match[i]) {
			return false
		}
	}
	return true
}

// String renders the split as "primary/canary" plus its mirror and match.
func (s Split) String() string {
	out := fmt.Sprintf("%d/%d", s.Primary, s.Canary)
	if s.Mirror != nil {
		out += fmt.Sprintf(" mirror %g%%", s.Mirror.Percent)
	}
	if len(s.Match) > 0 {
		out += fmt.Sprintf(" match(%d)", len(s.Match))
	}
	return out
}
