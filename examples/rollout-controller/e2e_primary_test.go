package main

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/events"
	"k8s.io/utils/ptr"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// The primary is deleted by hand mid-rollout (or garbage-collected after the target was recreated
// with a copied record). Before, the record was readable so setup never ran again: every tick
// failed with "recommender-primary not found" while the VirtualService kept 70% of the traffic on
// a primary without pods. Now the controller recreates the primary, routes all traffic to it
// before it scales the canary down, and says in a PrimaryMissing event that the revision it
// recreated the primary from was never analysed.
func TestDeletedPrimaryIsRecreated(t *testing.T) {
	s := newStage(t, "shop-noprimary", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)
	s.startRelease(t, "registry.corp.example/recommender:4.0", 30)
	watch := s.watchStranding(t)

	old := s.deployment(t, "recommender-primary")
	require.NoError(t, env.Client.Delete(context.Background(), old))

	require.Eventually(t, func() bool { return s.hasEvent(t, "PrimaryMissing", "without analysis") },
		30*time.Second, 50*time.Millisecond, "a Warning event says the primary was missing and what was done")
	// The warning comes before the setup; the PrimaryRecreated event after it.
	require.Eventually(t, func() bool { return s.hasEvent(t, "PrimaryRecreated", "scaled the canary") },
		30*time.Second, 50*time.Millisecond, "the setup is done")
	require.Eventually(t, func() bool {
		p := &appsv1.Deployment{}
		err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: s.ns, Name: "recommender-primary"}, p)
		return err == nil && p.UID != old.UID
	}, 10*time.Second, 50*time.Millisecond, "the primary is recreated")
	routes, err := s.router.GetRoutes(context.Background())
	require.NoError(t, err)
	assert.Equal(t, traffic.PrimaryOnly(), routes)
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1), "the canary is scaled down")
	assert.Empty(t, watch.result(), "traffic was never routed to a canary with zero replicas")
	primary := s.deployment(t, "recommender-primary")
	assert.Equal(t, "registry.corp.example/recommender:4.0", primary.Spec.Template.Spec.Containers[0].Image,
		"recreated from the target's template, the only one there is")
	assert.True(t, metav1.IsControlledBy(primary, s.deployment(t, "recommender")))
	time.Sleep(2 * time.Second) // a few intervals: the ticks run again
	rec, ok := s.record(t)
	require.True(t, ok)
	assert.Equal(t, rollout.Initialized, rec.Status.Phase)
	assert.False(t, s.hasEvent(t, "TickFailed", "not found"), "no tick failed on the missing primary after the recovery")
}

// A recovery from a missing primary that dies halfway (here: its VirtualService write fails, after
// it recreated the primary) is finished by the next reconcile. Before the record was removed
// first, the recreated primary hid the loss: the next controller ticked on the old 70/30 record,
// with no event, over a primary now running the unanalysed template.
func TestInterruptedPrimaryRecoveryIsFinished(t *testing.T) {
	s := newStage(t, "shop-noprimary-kill", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)
	s.startRelease(t, "registry.corp.example/recommender:4.1", 30)
	s.stop()
	ctx := context.Background()
	require.NoError(t, env.Client.Delete(ctx, s.deployment(t, "recommender-primary")))

	cfg := rest.CopyConfig(env.Config)
	cfg.WrapTransport = func(rt http.RoundTripper) http.RoundTripper { return &failVirtualServiceWrites{next: rt} }
	c, err := client.New(cfg, client.Options{Scheme: env.Scheme})
	require.NoError(t, err)
	rec := events.NewFakeRecorder(16)
	dying := &Reconciler{Client: c, Reader: c, Metrics: s.metrics, Provider: observe.Istio, Now: time.Now, Recorder: rec}
	_, err = dying.Reconcile(ctx, ctrl.Request{NamespacedName: client.ObjectKey{Namespace: s.ns, Name: "recommender"}})
	require.ErrorIs(t, err, errKilled)
	s.deployment(t, "recommender-primary") // recreated before the failure
	close(rec.Events)
	var evs []string
	for e := range rec.Events {
		evs = append(evs, e)
	}
	// Before, the warning came only after a successful setup: the next reconcile saw a lost record
	// and said RecordLost, and nobody was told the primary now runs the unanalysed template.
	assert.True(t, hasWarning(evs, "PrimaryMissing", "without analysis"), "events: %q", evs)

	s.startController(t)
	require.Eventually(t, func() bool {
		rec, ok := s.record(t)
		return ok && rec.Status.Phase == rollout.Initialized
	}, 30*time.Second, 50*time.Millisecond, "the next reconcile finishes the recovery")
	routes, err := s.router.GetRoutes(ctx)
	require.NoError(t, err)
	assert.Equal(t, traffic.PrimaryOnly(), routes)
	assert.Equal(t, int32(0), ptr.Deref(s.deployment(t, "recommender").Spec.Replicas, -1))
	assert.True(t, s.hasEvent(t, "RecordLost", "routed all traffic to the primary"))
}

// failVirtualServiceWrites fails every change of a VirtualService as a dead controller's would
// (creates pass: Router.Ensure creates, and finds it exists).
type failVirtualServiceWrites struct{ next http.RoundTripper }

func (f *failVirtualServiceWrites) RoundTrip(req *http.Request) (*http.Response, error) {
	if isWrite(req) && req.Method != http.MethodPost && strings.Contains(req.URL.Path, "/virtualservices") {
		return nil, errKilled
	}
	return f.next.RoundTrip(req)
}
