package runner

import (
	"context"
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// setRoutes changes the routes from the split a step was decided on to the
// one it decided, on that condition: atomically through a ConditionalRouter,
// otherwise by reading the routes first. Routes found changed by someone
// else go to drifted. A pending step from a record written before steps
// named their starting split (from is nil) is set unconditionally.
func (r *Runner) setRoutes(ctx context.Context, from *traffic.Split, to traffic.Split) (*rollout.Event, error) {
	if from == nil {
		return nil, r.ports.Router.SetRoutes(ctx, to)
	}
	err := r.compareAndSet(ctx, *from, to)
	if errors.Is(err, traffic.ErrRoutesChanged) {
		return r.drifted(ctx, *from, to, err)
	}
	return nil, err
}

func (r *Runner) compareAndSet(ctx context.Context, from, to traffic.Split) error {
	if cr, ok := r.ports.Router.(ConditionalRouter); ok {
		return cr.CompareAndSetRoutes(ctx, from, to)
	}
	current, err := r.ports.Router.GetRoutes(ctx)
	switch {
	case err != nil:
		return err
	case current.Equal(to):
		return nil
	case !current.Equal(from):
		return &traffic.ChangedError{Object: r.ref(), Expected: from, Found: current}
	}
	return r.ports.Router.SetRoutes(ctx, to)
}

// checkRoutes compares the routes read back (or the error reading them)
// with the routes the Runner set last, expected; the zero split means
// nothing was set yet. Drift goes to drifted, which may re-assert expected:
// routes then holds what is routed.
func (r *Runner) checkRoutes(ctx context.Context, expected traffic.Split, routes *traffic.Split, readErr error) (*rollout.Event, error) {
	nothingSet := expected.Primary == 0 && expected.Canary == 0
	if readErr != nil && (nothingSet || !errors.Is(readErr, traffic.ErrRoutesChanged)) {
		return nil, fmt.Errorf("%w: read routes of %s: %w", ErrPort, r.ref(), readErr)
	}
	cause := readErr
	if readErr == nil {
		if nothingSet || routes.Equal(expected) {
			return nil, nil
		}
		cause = &traffic.ChangedError{Object: r.ref(), Expected: expected, Found: *routes}
	}
	note, err := r.drifted(ctx, expected, expected, cause)
	if err == nil {
		*routes = expected
	}
	return note, err
}

// drifted applies the spec's route-drift policy to routes someone else
// changed: hold (a *DriftError, nothing written) or re-assert to. Either
// way an event says what happened.
func (r *Runner) drifted(ctx context.Context, expected, to traffic.Split, cause error) (*rollout.Event, error) {
	subject := "set " + expected.String() + ": " + cause.Error()
	var changed *traffic.ChangedError
	if errors.As(cause, &changed) {
		subject = "set " + expected.String() + ", found " + changed.Found.String()
	}
	if !r.spec.Options.ReassertRoutes() {
		return &rollout.Event{Type: rollout.Warning, Reason: rollout.ReasonRoutesDrifted, Subject: subject},
			&DriftError{Target: r.ref(), Expected: expected, Err: cause}
	}
	note := &rollout.Event{Type: rollout.Warning, Reason: rollout.ReasonRoutesReasserted, Subject: subject}
	if err := r.ports.Router.SetRoutes(ctx, to); err != nil {
		return note, fmt.Errorf("%w: re-assert routes %s of %s: %w", ErrPort, to, r.ref(), err)
	}
	return note, nil
}
