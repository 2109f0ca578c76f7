package simulate

import (
	"errors"
	"strconv"

	"github.com/fleetkit/fleetkit/rollout"
)

// checkNames refuses webhook and metric names in the ticks that the spec
// does not declare (rollout.Spec.CheckNames): a misspelt metric would be
// ignored while the metric it meant passed by default. Each problem names
// its tick, as ticks[2].metrics["request-sucess-rate"], and matches both
// ErrInvalidScenario and rollout.ErrUndeclaredName.
func (sc *Scenario) checkNames() error {
	var errs []error
	for i := range sc.Ticks {
		err := sc.Spec.CheckNames(sc.Ticks[i].Hooks, sc.Ticks[i].Metrics)
		for _, ve := range rollout.Problems(err) {
			errs = append(errs, &rollout.ValidationError{Kind: ErrInvalidScenario,
				Field: "ticks[" + strconv.Itoa(i) + "]." + ve.Field, Reason: ve.Reason, Cause: rollout.ErrUndeclaredName})
		}
	}
	return errors.Join(errs...)
}
