package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

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
