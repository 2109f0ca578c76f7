package istio

import (
	"context"
	"fmt"

	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/traffic"
)

// Ensure creates the VirtualService (routing everything to the primary)
// and the DestinationRules when they do not exist. Existing objects are
// left alone: their routes may be mid-rollout. Call it when a rollout is
// set up, not on every tick — it is what would otherwise hide a deleted
// VirtualService.
func (r *Router) Ensure(ctx context.Context) error {
	vs, err := NewVirtualService(r.opts.Service).WithSplit(traffic.PrimaryOnly()).
		WithPolicy(r.opts.Policy).WithLabels(r.opts.Labels).Build()
	if err != nil {
		return fmt.Errorf("istio: ensure %s: %w", r.ref(), err)
	}
	objs := []client.Object{vs}
	drs, err := DestinationRules(r.opts.Service, r.opts.Policy)
	if err != nil {
		return fmt.Errorf("istio: ensure %s: %w", r.ref(), err)
	}
	for _, dr := range drs {
		dr.Labels = mergeInto(dr.Labels, r.opts.Labels)
		objs = append(objs, dr)
	}
	for _, obj := range objs {
		if err := r.c.Create(ctx, obj); client.IgnoreAlreadyExists(err) != nil {
			return fmt.Errorf("istio: ensure %s %s/%s: %w", obj.GetObjectKind().GroupVersionKind().Kind,
				obj.GetNamespace(), obj.GetName(), err)
		}
	}
	return nil
}
