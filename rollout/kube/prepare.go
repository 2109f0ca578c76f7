package kube

import (
	"context"
	"fmt"
	"strings"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// Preparation is what Prepare found and did.
type Preparation struct {
	// FirstSight is true when the primary did not exist and was created; false means the record
	// was lost (deleted, the target replaced without it, unreadable, or a setup interrupted).
	FirstSight bool
	// Rerouted holds the routes found sending traffic to the canary, which Prepare replaced by
	// all-to-the-primary; nil when they sent nothing to it.
	Rerouted *traffic.Split
	// ScaledDown is the canary's replica count Prepare found and scaled to zero.
	ScaledDown int32
	// Revision is what the new record says the primary runs (rollout.InitialStatus): a target at
	// another revision starts a new analysis on the next tick.
	Revision string
}

// Message says what Prepare found and did, for an Event.
func (p Preparation) Message() string {
	var b strings.Builder
	if p.FirstSight {
		b.WriteString("created the primary")
	} else {
		b.WriteString("no readable rollout record while the primary exists")
	}
	if p.Rerouted != nil {
		fmt.Fprintf(&b, "; routes %s sent traffic to the canary: routed all traffic to the primary", p.Rerouted)
	}
	if p.ScaledDown > 0 {
		fmt.Fprintf(&b, "; scaled the canary from %d replicas to zero", p.ScaledDown)
	}
	fmt.Fprintf(&b, "; the primary runs revision %s", p.Revision)
	if !p.FirstSight {
		b.WriteString(", any other revision is analysed from the start")
	}
	return b.String()
}

// Prepare makes a target safe and gives it a record, when it has no readable record: on first
// sight, and when the record was lost mid-rollout (the annotation deleted, the Deployment replaced
// by `kubectl replace` or a GitOps sync, the record unreadable, or a first setup interrupted).
//
// It never trusts what it cannot see, and it moves traffic before capacity: it ensures the primary
// (EnsurePrimary), routes all traffic to the primary if the routes send any to the canary
// (conditioned on the routes it read when the router is a runner.ConditionalRouter), then
// scales the canary to zero, and only then saves a record rollout.InitialStatus of the revision
// the primary runs (Workload.PrimaryRevision). A canary at another revision is then analysed from
// the start, never promoted on a lost record's word. Each step is idempotent, so a Prepare that
// fails halfway is finished by the next.
//
// The store must be the one whose Load found no readable record: its save replaces exactly what
// that Load saw, so a record another writer saved meanwhile fails with ErrConflict.
func Prepare(ctx context.Context, w *Workload, router runner.TrafficRouter, store *Store) (Preparation, error) {
	var p Preparation
	created, err := w.EnsurePrimary(ctx)
	if err != nil {
		return p, err
	}
	p.FirstSight = created
	routes, err := router.GetRoutes(ctx)
	if err != nil {
		return p, fmt.Errorf("kube: prepare %s: read routes: %w", w.target, err)
	}
	if !routes.Equal(traffic.PrimaryOnly()) {
		if err := routeToPrimary(ctx, router, routes); err != nil {
			return p, fmt.Errorf("kube: prepare %s: route all to the primary: %w", w.target, err)
		}
		p.Rerouted = &routes
	}
	if p.ScaledDown, err = w.CanaryReplicas(ctx); err != nil {
		return p, err
	}
	if err := w.scale(ctx, 0); err != nil {
		return p, err
	}
	if p.Revision, err = w.PrimaryRevision(ctx); err != nil {
		return p, err
	}
	if err := store.Save(ctx, runner.Record{Status: rollout.InitialStatus(p.Revision)}); err != nil {
		return p, err
	}
	return p, nil
}

// routeToPrimary sends all traffic to the primary, conditioned on the routes read when the router
// can (runner.ConditionalRouter), so that an edit made meanwhile is reported, not overwritten.
func routeToPrimary(ctx context.Context, router runner.TrafficRouter, read traffic.Split) error {
	if cr, ok := router.(runner.ConditionalRouter); ok {
		return cr.CompareAndSetRoutes(ctx, read, traffic.PrimaryOnly())
	}
	return router.SetRoutes(ctx, traffic.PrimaryOnly())
}
