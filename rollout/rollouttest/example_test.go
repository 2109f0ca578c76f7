package rollouttest_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// The doubles record every port call in one journal and fail on demand.
func Example() {
	ctx := context.Background()
	d := rollouttest.New("r1")
	d.Workload.SetRevision("r2")
	_ = d.Router.SetRoutes(ctx, traffic.Weighted(10))
	d.Workload.FailNext(rollouttest.OpScaleCanary, errors.New("quota exceeded"))
	_ = d.Workload.ScaleCanary(ctx, true)
	_ = d.Workload.ScaleCanary(ctx, true)
	d.Workload.SetRevision("r3")
	err := d.Workload.PromoteSpec(ctx, "r2")
	for _, c := range d.Calls() {
		fmt.Println(c)
	}
	fmt.Println("refused:", errors.Is(err, runner.ErrRevisionChanged), "- primary runs", d.Workload.PrimaryRevision())
	// Output:
	// Router.SetRoutes(90/10)
	// Workload.ScaleCanary(up) -> rollouttest: Workload.ScaleCanary: quota exceeded
	// Workload.ScaleCanary(up)
	// Workload.PromoteSpec(r2) -> rollouttest: promote r2: the canary is at r3: runner: revision changed
	// refused: true - primary runs r1
}
