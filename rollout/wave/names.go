package wave

import (
	"cmp"
	"errors"
	"fmt"
	"slices"

	"github.com/fleetkit/fleetkit/rollout"
)

// checkClusterNames reports every metric key of a cluster's observation that
// the analysis spec does not declare, as rollout.Spec.CheckNames does for one
// runner: a typo would otherwise read as an absent sample while the key it
// meant is never looked at. Fields are clusters["name"].metrics["key"],
// sorted; nothing is allocated when every key is declared.
func checkClusterNames(spec *rollout.Spec, obs *Observation) error {
	var errs []error
	for name, c := range obs.Clusters {
		for _, ve := range rollout.Problems(spec.CheckNames(nil, c.Metrics)) {
			moved := *ve
			moved.Field = fmt.Sprintf("clusters[%q].%s", name, ve.Field)
			errs = append(errs, &moved)
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return cmp.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}
