package istio

import (
	"context"
	"fmt"
	"maps"
	"slices"

	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/traffic"
)

// Ensure creates the VirtualService (routing everything to the primary)
// and the DestinationRules when they do not exist. Existing objects are
// left alone: their routes may be mid-rollout. Call it when a rollout is
// set up, not on every tick — it is what would otherwise hide a deleted
// VirtualService.
//
// An existing DestinationRule is checked, not changed: it must be the rule
// of the backends' host (in any spelling: a short name or its FQDN) and
// define each subset the routes send traffic to, with every label the
// service's backend gives it (more labels, other subsets and the team's own
// traffic policy are its business). A rule of another host, a missing
// subset or one that selects other pods is a *SubsetError: Istio would
// answer the requests routed to it with 503s.
// The rules are created and checked before the VirtualService, which is
// not created when a check fails.
func (r *Router) Ensure(ctx context.Context) error {
	vs, err := NewVirtualService(r.opts.Service).WithSplit(traffic.PrimaryOnly()).
		WithPolicy(r.opts.Policy).WithLabels(r.opts.Labels).Build()
	if err != nil {
		return fmt.Errorf("istio: ensure %s: %w", r.ref(), err)
	}
	drs, err := DestinationRules(r.opts.Service, r.opts.Policy)
	if err != nil {
		return fmt.Errorf("istio: ensure %s: %w", r.ref(), err)
	}
	// The rules first: a VirtualService naming a subset no rule defines
	// fails every request routed to it.
	objs := make([]client.Object, 0, len(drs)+1)
	for _, dr := range drs {
		dr.Labels = mergeInto(dr.Labels, r.opts.Labels)
		objs = append(objs, dr)
	}
	objs = append(objs, vs)
	for _, obj := range objs {
		kind := obj.GetObjectKind().GroupVersionKind().Kind
		err := r.c.Create(ctx, obj)
		if dr, ok := obj.(*networkingv1.DestinationRule); ok && apierrors.IsAlreadyExists(err) {
			err = r.checkSubsets(ctx, dr)
		}
		if client.IgnoreAlreadyExists(err) != nil {
			return fmt.Errorf("istio: ensure %s %s/%s: %w", kind, obj.GetNamespace(), obj.GetName(), notInstalled(kind, err))
		}
	}
	return nil
}

// checkSubsets reads the existing rule named like want and checks that it
// is a rule of want's host and defines want's subsets, each with all of
// want's labels.
func (r *Router) checkSubsets(ctx context.Context, want *networkingv1.DestinationRule) error {
	if len(want.Spec.Subsets) == 0 {
		return nil
	}
	have := &networkingv1.DestinationRule{}
	if err := r.c.Get(ctx, client.ObjectKeyFromObject(want), have); err != nil {
		return err
	}
	for _, w := range want.Spec.Subsets {
		fail := func(format string, args ...any) error {
			return &SubsetError{Namespace: have.Namespace, Name: have.Name, Subset: w.Name, Reason: fmt.Sprintf(format, args...)}
		}
		// Istio applies a rule's subsets to its own host only: a rule of
		// another host under this name defines none of the routes' subsets.
		if !sameHost(have.Spec.Host, want.Spec.Host, have.Namespace) {
			return fail("the rule is for host %q, not %q, the host the routes send traffic to; "+
				"Istio applies a rule's subsets to its own host only", have.Spec.Host, want.Spec.Host)
		}
		h := findSubset(have, w.Name)
		if h == nil {
			return fail("is missing; the routes send traffic to it")
		}
		for _, k := range slices.Sorted(maps.Keys(w.Labels)) {
			if got, ok := h.Labels[k]; !ok || got != w.Labels[k] {
				return fail("labels %v do not select the pods the service's backend does (%s=%s)", h.Labels, k, w.Labels[k])
			}
		}
	}
	return nil
}

func findSubset(dr *networkingv1.DestinationRule, name string) *apinet.Subset {
	for _, s := range dr.Spec.Subsets {
		if s.GetName() == name {
			return s
		}
	}
	return nil
}
