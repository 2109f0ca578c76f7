package wave

import (
	"fmt"
	"strconv"

	"github.com/fleetkit/fleetkit/rollout"
)

// Wave is one stage of a fleet rollout. Count or Percent (exactly one) is
// cumulative: the number or share of members that run the new revision once
// the wave is done. "One store, then 10%, then all" is
// [{Count: 1}, {Percent: 10}, {Percent: 100}].
type Wave struct {
	Name    string `json:"name"`
	Count   int    `json:"count,omitempty"`
	Percent int    `json:"percent,omitempty"`
}

// Spec drives one rollout across fleet members in waves; every wave is
// gated by Analysis over that wave's clusters.
type Spec struct {
	Analysis rollout.Spec `json:"analysis"`
	Waves    []Wave       `json:"waves"`
	// RevertOnFailure redeploys the stable revision to the clusters of
	// completed waves when a later wave fails. Without it they keep the new
	// revision, which passed their own analysis.
	RevertOnFailure bool `json:"revertOnFailure,omitempty"`
}

// Planned is a wave resolved against the members: the clusters it adds.
type Planned struct {
	Name     string   `json:"name"`
	Clusters []string `json:"clusters"`
}

// Plan resolves the waves against members, in the members' order (put
// the canary store first). A percentage is rounded up so that any positive
// share covers at least one member. A wave that adds no member (10% of five
// stores after a one-store canary wave) is dropped. The last wave must cover
// every member.
func Plan(spec Spec, members []string) ([]Planned, error) {
	if err := validate(spec, members); err != nil {
		return nil, err
	}
	n := len(members)
	var plan []Planned
	done := 0
	for i, w := range spec.Waves {
		upto := w.Count
		if w.Percent > 0 {
			upto = (w.Percent*n + 99) / 100
		}
		upto = min(upto, n)
		if upto < done {
			return nil, specError(field("waves", i, ""), fmt.Sprintf("covers %d members, fewer than the previous wave's %d", upto, done))
		}
		if upto == done {
			continue
		}
		name := w.Name
		if name == "" {
			name = "wave-" + strconv.Itoa(i+1)
		}
		plan = append(plan, Planned{Name: name, Clusters: append([]string(nil), members[done:upto]...)})
		done = upto
	}
	if done != n {
		return nil, specError("waves", fmt.Sprintf("the last wave covers %d of %d members; end with percent: 100", done, n))
	}
	return plan, nil
}

func validate(spec Spec, members []string) error {
	if err := spec.Analysis.Validate(); err != nil {
		return err
	}
	if len(members) == 0 {
		return specError("members", "at least one member is required")
	}
	seen := make(map[string]bool, len(members))
	for i, m := range members {
		if m == "" || seen[m] {
			return specError(field("members", i, ""), fmt.Sprintf("empty or duplicate member %q", m))
		}
		seen[m] = true
	}
	if len(spec.Waves) == 0 {
		return specError("waves", "at least one wave is required")
	}
	for i, w := range spec.Waves {
		switch {
		case (w.Count > 0) == (w.Percent > 0):
			return specError(field("waves", i, ""), "set exactly one of count, percent (positive)")
		case w.Count < 0 || w.Percent < 0 || w.Percent > 100:
			return specError(field("waves", i, ""), "count must be positive, percent within 1..100")
		}
	}
	return nil
}

func specError(field, reason string) error {
	return &rollout.ValidationError{Kind: rollout.ErrInvalidSpec, Field: field, Reason: reason}
}

func field(list string, i int, sub string) string {
	return list + "[" + strconv.Itoa(i) + "]" + sub
}
