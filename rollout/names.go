package rollout

import (
	"cmp"
	"errors"
	"slices"
	"strconv"

	"github.com/fleetkit/fleetkit/internal/spelling"
	"github.com/fleetkit/fleetkit/observe"
)

// CheckNames reports every key of hooks and metrics that the spec does not
// declare: a metric key must be the name of one of its metrics, a hook key
// the name of one of its webhooks or the type of one. A key nothing
// declares is a typo (request-sucess-rate) that would otherwise be ignored
// while the metric it meant reads as absent, or passes by a default.
//
// Each problem is a *ValidationError of kind ErrInvalidObservation, caused
// by ErrUndeclaredName, whose Field is hooks["key"] or metrics["key"]; its
// Reason names the declared name closest to the key when one is near. They
// are joined in the order of their fields. CheckNames allocates only when
// it reports a problem; Step calls it on every observation.
func (s *Spec) CheckNames(hooks map[string]HookResult, metrics map[string]observe.Sample) error {
	var bad []*ValidationError
	for k := range hooks {
		if !s.declaresHook(k) {
			bad = append(bad, s.undeclaredHook(k))
		}
	}
	for k := range metrics {
		if !s.declaresMetric(k) {
			bad = append(bad, s.undeclaredMetric(k))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	if len(bad) == 1 {
		return bad[0]
	}
	slices.SortFunc(bad, func(a, b *ValidationError) int { return cmp.Compare(a.Field, b.Field) })
	errs := make([]error, len(bad))
	for i, e := range bad {
		errs[i] = e
	}
	return errors.Join(errs...)
}

func (s *Spec) declaresMetric(name string) bool {
	for i := range s.Metrics {
		if s.Metrics[i].Name == name {
			return true
		}
	}
	return false
}

func (s *Spec) declaresHook(key string) bool {
	for i := range s.Webhooks {
		if s.Webhooks[i].Name == key || string(s.Webhooks[i].EffectiveType()) == key {
			return true
		}
	}
	return false
}

func (s *Spec) undeclaredMetric(name string) *ValidationError {
	names := make([]string, len(s.Metrics))
	for i := range s.Metrics {
		names[i] = s.Metrics[i].Name
	}
	return undeclared(`metrics[`+strconv.Quote(name)+`]`, "not declared in spec.metrics"+suggest(name, names))
}

func (s *Spec) undeclaredHook(key string) *ValidationError {
	field := `hooks[` + strconv.Quote(key) + `]`
	if HookType(key).known() {
		return undeclared(field, "no webhook of type "+key+" in spec.webhooks")
	}
	names := make([]string, 0, 2*len(s.Webhooks))
	for i := range s.Webhooks {
		names = append(names, s.Webhooks[i].Name, string(s.Webhooks[i].EffectiveType()))
	}
	return undeclared(field, "not declared in spec.webhooks"+suggest(key, names))
}

func undeclared(field, reason string) *ValidationError {
	return &ValidationError{Kind: ErrInvalidObservation, Field: field, Reason: reason, Cause: ErrUndeclaredName}
}

// suggest returns `; did you mean "x"?` for the candidate closest to name
// by edit distance, the first in the spec's order on a tie, when it is
// near enough to be a typo (at most two edits, or a quarter of the name);
// otherwise "".
func suggest(name string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if d := spelling.Distance(name, c); bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	if bestDist < 0 || (bestDist > 2 && 4*bestDist > len(name)) {
		return ""
	}
	return "; did you mean " + strconv.Quote(best) + "?"
}
