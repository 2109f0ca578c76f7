package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// snapshot is one look at a rollout target's objects, read from the API server: what the
// invariants are checked on.
type snapshot struct {
	routes    traffic.Split
	hasRoutes bool
	canary    *appsv1.Deployment
	primary   *appsv1.Deployment // nil until created
	record    runner.Record
	hasRecord bool
}

// takeSnapshot reads the target's objects with c, an uncached client that injects no faults.
func takeSnapshot(ctx context.Context, c client.Client, router *istio.Router, ns string) (snapshot, error) {
	var s snapshot
	routes, err := router.GetRoutes(ctx)
	switch {
	case err == nil:
		s.routes, s.hasRoutes = routes, true
	case !apierrors.IsNotFound(err):
		return s, fmt.Errorf("read routes: %w", err)
	}
	s.canary = &appsv1.Deployment{}
	if err := c.Get(ctx, client.ObjectKey{Namespace: ns, Name: "recommender"}, s.canary); err != nil {
		return s, fmt.Errorf("read canary: %w", err)
	}
	primary := &appsv1.Deployment{}
	err = c.Get(ctx, client.ObjectKey{Namespace: ns, Name: kube.PrimaryName("recommender")}, primary)
	switch {
	case err == nil:
		s.primary = primary
	case !apierrors.IsNotFound(err):
		return s, fmt.Errorf("read primary: %w", err)
	}
	if raw, ok := s.canary.Annotations[kube.AnnotationRecord]; ok {
		if err := json.Unmarshal([]byte(raw), &s.record); err != nil {
			return s, fmt.Errorf("record annotation: %w", err)
		}
		s.hasRecord = true
	}
	return s, nil
}

// ready is how many replicas of d serve: the fewer of its desired and its ready replicas, so a
// Deployment just scaled to zero counts as serving nothing even before its status catches up.
func ready(d *appsv1.Deployment) int32 {
	if d == nil {
		return 0
	}
	return min(ptr.Deref(d.Spec.Replicas, 1), d.Status.ReadyReplicas)
}

// primaryRevision is the revision the primary runs, in the target's terms.
func (s snapshot) primaryRevision() string {
	if s.primary == nil {
		return ""
	}
	return s.primary.Annotations[kube.AnnotationRevision]
}

// invariantChecker holds issue 13's invariants over the sequence of snapshots of one rollout:
//
//   - no promotion of a revision that did not pass analysis: the primary changes to revision R
//     only after a record of R's run was seen deciding the promotion (Promoting, Finalising or
//     Succeeded) and the canary of R was seen at maxWeight;
//   - the canary weight never regresses except on rollback, on the end of a run (promotion
//     finalised, a new revision restarting analysis) or where the test allows it (a hand edit, a
//     record it deleted);
//   - never more than 0% to a backend with 0 ready replicas (the primary from the moment it
//     was first ready: on first sight the routes are created before it, as Flagger does);
//   - at most one promotion per revision.
//
// The first violation of each kind is kept with the step it was seen at.
type invariantChecker struct {
	maxWeight    int
	initial      string         // the revision the primary ran at first sight
	peak         map[string]int // highest canary weight seen per run revision
	passed       map[string]bool
	promotions   map[string]int
	primaryRev   string
	primaryReady bool
	lastCanary   int
	allowDrop    bool
	steps        int
	violations   []string
}

func newInvariantChecker(maxWeight int) *invariantChecker {
	return &invariantChecker{maxWeight: maxWeight, peak: map[string]int{}, passed: map[string]bool{},
		promotions: map[string]int{}}
}

// allowRegression lets the next drop of the canary weight pass: the test edited the routes or
// deleted the record itself.
func (c *invariantChecker) allowRegression() { c.allowDrop = true }

// observe checks one snapshot, taken after the step named step.
func (c *invariantChecker) observe(step string, s snapshot) {
	c.steps++
	run := ""
	if s.hasRecord {
		run = s.record.Status.LastAppliedRevision
		c.notePassed(run, s)
	}
	c.checkPromotion(step, s)
	c.checkReadiness(step, s)
	c.checkRegression(step, s, run)
}

// notePassed remembers the weights a run reached and whether its record decided to promote.
func (c *invariantChecker) notePassed(run string, s snapshot) {
	if s.hasRoutes && s.routes.Canary > c.peak[run] {
		c.peak[run] = s.routes.Canary
	}
	switch s.record.Status.Phase {
	case rollout.Promoting, rollout.Finalising, rollout.Succeeded:
		if c.peak[run] >= c.maxWeight {
			c.passed[run] = true
		}
	}
}

func (c *invariantChecker) checkPromotion(step string, s snapshot) {
	rev := s.primaryRevision()
	if rev == "" || rev == c.primaryRev {
		return
	}
	if c.primaryRev == "" && c.initial == "" {
		c.initial, c.primaryRev = rev, rev // first sight: the primary is created, not promoted
		return
	}
	c.primaryRev = rev
	c.promotions[rev]++
	if !c.passed[rev] {
		c.fail(step, "promoted revision %s which did not pass analysis (peak weight %d)", rev, c.peak[rev])
	}
	if c.promotions[rev] > 1 || rev == c.initial {
		c.fail(step, "revision %s promoted %d times", rev, c.promotions[rev]+boolInt(rev == c.initial))
	}
}

func (c *invariantChecker) checkReadiness(step string, s snapshot) {
	if ready(s.primary) > 0 {
		c.primaryReady = true
	}
	if !s.hasRoutes {
		return
	}
	if s.routes.Canary > 0 && ready(s.canary) == 0 {
		c.fail(step, "routes %s send traffic to a canary with 0 ready replicas", s.routes)
	}
	if s.routes.Primary > 0 && ready(s.primary) == 0 && c.primaryReady {
		c.fail(step, "routes %s send traffic to a primary with 0 ready replicas", s.routes)
	}
}

func (c *invariantChecker) checkRegression(step string, s snapshot, run string) {
	if !s.hasRoutes {
		return
	}
	w := s.routes.Canary
	if w < c.lastCanary && !c.allowDrop && !c.mayDrop(s) {
		c.fail(step, "canary weight regressed %d → %d in phase %s of run %s", c.lastCanary, w,
			s.record.Status.Phase, run)
	}
	if w < c.lastCanary {
		c.allowDrop = false
	}
	c.lastCanary = w
}

// mayDrop reports the phases in which a lower canary weight is the rollout's own decision: a
// rollback, the end of a promoted run, or a run that restarts analysis (of a new revision).
func (c *invariantChecker) mayDrop(s snapshot) bool {
	if !s.hasRecord {
		return false
	}
	switch s.record.Status.Phase {
	case rollout.Failed, rollout.Finalising, rollout.Succeeded, rollout.Initialized:
		return true
	case rollout.Progressing:
		return s.record.Status.Iterations == 0 && s.routes.Canary == 0
	}
	return false
}

func (c *invariantChecker) fail(step, format string, args ...any) {
	c.violations = append(c.violations, fmt.Sprintf("after %s: ", step)+fmt.Sprintf(format, args...))
}

// verify fails t with every violation seen, and requires that promoted be the revisions promoted.
func (c *invariantChecker) verify(t *testing.T, promoted ...string) {
	t.Helper()
	for _, v := range c.violations {
		t.Errorf("invariant violated %s", v)
	}
	var got []string
	for rev := range c.promotions {
		got = append(got, rev)
	}
	slices.Sort(got)
	slices.Sort(promoted)
	if !slices.Equal(got, promoted) && (len(got) != 0 || len(promoted) != 0) {
		t.Errorf("promoted revisions %v, want %v", got, promoted)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
