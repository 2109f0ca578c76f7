package istio

import (
	"context"
	"fmt"

	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// CompareAndSetRoutes sets the split to while the VirtualService routes
// from, and does nothing when it routes to already (a replayed step). It is
// how rollout/runner moves traffic (runner.ConditionalRouter): the split is
// compared on the object just read, and the update is conditioned on that
// object's resourceVersion, so nothing another writer did in between is
// overwritten. Routes that are neither from nor to are a
// *traffic.ChangedError; a layout this package does not write (a route
// added by hand) a *RoutesError; an edit while writing an *EditError. All
// three match traffic.ErrRoutesChanged, and nothing is written. Other
// errors are those of SetRoutes.
func (r *Router) CompareAndSetRoutes(ctx context.Context, from, to traffic.Split) error {
	check := func(current *networkingv1.VirtualService) (bool, error) {
		got, err := r.parse(current)
		switch {
		case err != nil:
			return false, err
		case got.Equal(to):
			return true, nil
		case !got.Equal(from):
			return false, &traffic.ChangedError{Object: "VirtualService " + r.ref(), Expected: from, Found: got}
		}
		return false, nil
	}
	if err := r.write(ctx, to, check); err != nil {
		return fmt.Errorf("istio: set routes %s to %s of %s: %w", from, to, r.ref(), err)
	}
	return nil
}
