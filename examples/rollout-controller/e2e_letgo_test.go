package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/traffic"
)

// The analysis annotation is removed while the canary serves 30%. Before, the predicate dropped
// the update and the reconcile returned at once: the VirtualService stayed 70/30 forever, the
// canary kept its replicas, and template edits went live to 30% unanalysed. Now the controller
// routes all traffic to the primary, then scales the canary to zero, removes the record and
// says so in an AnalysisRemoved event.
func TestRemovedAnalysisRoutesAllToThePrimary(t *testing.T) {
	s := newStage(t, "shop-letgo", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)
	s.startRelease(t, "registry.corp.example/recommender:5.0", 30)
	watch := s.watchStranding(t)

	s.removeAnnotation(t, kube.AnnotationAnalysis)

	require.Eventually(t, func() bool { return s.hasEvent(t, "AnalysisRemoved", "routed all traffic to the primary") },
		30*time.Second, 50*time.Millisecond, "an event says what was done")
	_, found := s.record(t)
	assert.False(t, found, "the record is removed")
	routes, err := s.router.GetRoutes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, traffic.PrimaryOnly(), routes)
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1), "the canary is scaled down")
	assert.Empty(t, watch.result(), "traffic was never routed to a canary with zero replicas")
	assert.Equal(t, "registry.corp.example/recommender:1.0",
		s.deployment(t, "recommender-primary").Spec.Template.Spec.Containers[0].Image, "nothing was promoted")

	d := s.deployment(t, "recommender")
	d.Spec.Template.Spec.Containers[0].Image = "registry.corp.example/recommender:5.1"
	require.NoError(t, env.Client.Update(context.Background(), d))
	time.Sleep(2 * time.Second) // intervals of the analysis that was: the controller leaves the target alone
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1))
	_, found = s.record(t)
	assert.False(t, found)
	routes, err = s.router.GetRoutes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, traffic.PrimaryOnly(), routes)
}

// The analysis annotation is removed while the primary is missing: nothing can be made safe until
// the user acts (restores the annotation, or deletes the record), and either edit reconciles
// again. Before, the plain error was retried with backoff forever, a ReleaseFailed event each time.
func TestRemovedAnalysisWithoutPrimaryIsNotRetried(t *testing.T) {
	const ns = "letgo-noprimary"
	d := releasedAt70(ns)
	evs, err := reconcileOnce(t, ns, d)
	require.ErrorIs(t, err, kube.ErrPrimaryMissing)
	assert.ErrorIs(t, err, reconcile.TerminalError(nil), "retrying changes nothing")
	assert.True(t, hasWarning(evs, "ReleaseFailed", "recommender-primary"), "events: %q", evs)
	assert.Contains(t, recommenderOf(t, ns).Annotations, kube.AnnotationRecord, "the record is left as it is")
}

func recommenderOf(t *testing.T, ns string) *appsv1.Deployment {
	t.Helper()
	d := &appsv1.Deployment{}
	require.NoError(t, env.Client.Get(context.Background(), client.ObjectKey{Namespace: ns, Name: "recommender"}, d))
	return d
}

// Without a VirtualService no routes send traffic to the canary: the target is still released
// (the canary scaled down, the record removed) and no VirtualService is created for it.
func TestRemovedAnalysisWithoutVirtualServiceReleases(t *testing.T) {
	const ns = "letgo-novs"
	d := releasedAt70(ns)
	evs, err := reconcileOnce(t, ns, primaryOf(recommender(ns)), d)
	require.NoError(t, err)
	assert.Contains(t, evs, "Normal AnalysisRemoved annotation "+kube.AnnotationAnalysis+
		" removed: released the target; scaled the canary from 2 replicas to zero; removed the rollout record: "+
		"the primary keeps serving, changes to the target are no longer rolled out")
	got := recommenderOf(t, ns)
	assert.NotContains(t, got.Annotations, kube.AnnotationRecord)
	assert.Equal(t, int32(0), ptr.Deref(got.Spec.Replicas, -1))
}

// releasedAt70 is the target with its analysis annotation removed while its record says 70/30.
func releasedAt70(ns string) *appsv1.Deployment {
	d := recommender(ns)
	delete(d.Annotations, kube.AnnotationAnalysis)
	d.Annotations[kube.AnnotationRecord] = `{"status":{"phase":"Progressing","routes":{"primary":70,"canary":30}}}`
	return d
}
