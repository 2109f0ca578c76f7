package kube

import (
	"context"
	"errors"
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
	describeSafe(&b, p.Rerouted, p.ScaledDown)
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
	if p.Rerouted, p.ScaledDown, err = makeSafe(ctx, "prepare", w, router); err != nil {
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

// describeSafe appends what makeSafe did to an event message.
func describeSafe(b *strings.Builder, rerouted *traffic.Split, scaledDown int32) {
	if rerouted != nil {
		fmt.Fprintf(b, "; routes %s sent traffic to the canary: routed all traffic to the primary", rerouted)
	}
	if scaledDown > 0 {
		fmt.Fprintf(b, "; scaled the canary from %d replicas to zero", scaledDown)
	}
}

// makeSafe moves traffic before capacity: it routes all traffic to the primary if the routes send
// any to the canary (routeToPrimary), and only then scales the canary to zero. The primary must
// exist. verb names the caller in errors.
func makeSafe(ctx context.Context, verb string, w *Workload, router runner.TrafficRouter) (rerouted *traffic.Split, scaledDown int32, err error) {
	routes, err := router.GetRoutes(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("kube: %s %s: read routes: %w", verb, w.target, err)
	}
	if !routes.Equal(traffic.PrimaryOnly()) {
		if err := routeToPrimary(ctx, router, routes); err != nil {
			return nil, 0, fmt.Errorf("kube: %s %s: route all to the primary: %w", verb, w.target, err)
		}
		rerouted = &routes
	}
	if scaledDown, err = w.CanaryReplicas(ctx); err != nil {
		return rerouted, 0, err
	}
	if err := w.scale(ctx, 0); err != nil {
		return rerouted, scaledDown, err
	}
	return rerouted, scaledDown, nil
}

// Released is what Release found and did.
type Released struct {
	// Removed is true when Release found a record and removed it; false means there was none and
	// Release did nothing.
	Removed bool
	// Rerouted holds the routes found sending traffic to the canary, which Release replaced by
	// all-to-the-primary; nil when they sent nothing to it.
	Rerouted *traffic.Split
	// ScaledDown is the canary's replica count Release found and scaled to zero.
	ScaledDown int32
}

// Message says what Release did, for an Event; empty when it did nothing.
func (r Released) Message() string {
	if !r.Removed {
		return ""
	}
	var b strings.Builder
	b.WriteString("released the target")
	describeSafe(&b, r.Rerouted, r.ScaledDown)
	b.WriteString("; removed the rollout record: the primary keeps serving, changes to the target are no longer rolled out")
	return b.String()
}

// Release makes a target safe when it leaves a controller's care (its analysis annotation
// removed) while it has a record: left alone, the routes would keep their split (70/30 forever)
// with the canary serving its share, and every template edit would go live to it unanalysed.
//
// As Prepare does, it moves traffic before capacity: it routes all traffic to the primary if the
// routes send any to the canary (conditioned on the routes it read when the router is a
// runner.ConditionalRouter), then scales the canary to zero, and only then removes the record
// (Store.Remove). Without a record it does nothing. The primary and the routing objects stay.
// A router that finds no routing object should report routes that send nothing to the canary
// (traffic.PrimaryOnly) if that is what the missing object means to it.
//
// A missing primary is an error matching ErrPrimaryMissing and nothing is changed: routing all
// traffic to it, or scaling the canary down, would be an outage. Retrying does not help; the
// user restores the analysis annotation (and with it the primary) or deletes the record.
//
// The store must not have been loaded by another caller: Release loads it, and Remove removes
// exactly what that Load saw, so a record another writer saved meanwhile fails with ErrConflict.
func Release(ctx context.Context, w *Workload, router runner.TrafficRouter, store *Store) (Released, error) {
	var r Released
	_, found, err := store.Load(ctx)
	if err != nil && !errors.Is(err, runner.ErrInvalidRecord) {
		return r, err
	}
	if !found {
		return r, nil
	}
	primary, err := w.PrimaryExists(ctx)
	if err != nil {
		return r, err
	}
	if !primary {
		return r, fmt.Errorf("kube: release %s: %w %s: left the routes, the canary and the record as they are",
			w.target, ErrPrimaryMissing, PrimaryName(w.target.Name))
	}
	if r.Rerouted, r.ScaledDown, err = makeSafe(ctx, "release", w, router); err != nil {
		return r, err
	}
	if err := store.Remove(ctx); err != nil {
		return r, err
	}
	r.Removed = true
	return r, nil
}

// routeToPrimary sends all traffic to the primary, conditioned on the routes read when the router
// can (runner.ConditionalRouter), so that an edit made meanwhile is reported, not overwritten.
func routeToPrimary(ctx context.Context, router runner.TrafficRouter, read traffic.Split) error {
	if cr, ok := router.(runner.ConditionalRouter); ok {
		return cr.CompareAndSetRoutes(ctx, read, traffic.PrimaryOnly())
	}
	return router.SetRoutes(ctx, traffic.PrimaryOnly())
}
