package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	appsv1 "k8s.io/api/apps/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/traffic"
)

// startRelease changes the image and waits until the VirtualService routes weight to the canary.
func (s *stage) startRelease(t *testing.T, image string, weight int) {
	ctx := context.Background()
	d := s.deployment(t, "recommender")
	d.Spec.Template.Spec.Containers[0].Image = image
	require.NoError(t, env.Client.Update(ctx, d))
	require.Eventually(t, func() bool {
		r, err := s.router.GetRoutes(ctx)
		return err == nil && r.Canary >= weight
	}, 60*time.Second, 50*time.Millisecond, "the canary never reached weight %d", weight)
}

func TestControllerRestartedMidRolloutResumes(t *testing.T) {
	s := newStage(t, "shop-restart", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)
	s.startRelease(t, "registry.corp.example/recommender:2.0", 30)

	s.stop() // the controller dies mid-rollout...
	before, found := s.record(t)
	require.True(t, found)
	time.Sleep(1500 * time.Millisecond)
	s.startController(t) // ...and a new one takes over from the record

	weights, rec := s.release(t, "registry.corp.example/recommender:2.0")
	assert.Equal(t, rollout.Succeeded, rec.Status.Phase)
	assert.GreaterOrEqual(t, weights[1], before.Status.Routes.Canary, "no weight regression after the restart")
	for i := 2; i < len(weights)-1; i++ {
		assert.Greater(t, weights[i], weights[i-1], "weights keep walking up: %v", weights)
	}
	primary := s.deployment(t, "recommender-primary")
	assert.Equal(t, "registry.corp.example/recommender:2.0", primary.Spec.Template.Spec.Containers[0].Image)
	assert.Equal(t, int64(2), primary.Generation, "the primary was changed once: created, then promoted once")
}

func TestDeletedVirtualServiceStopsTheRollout(t *testing.T) {
	s := newStage(t, "shop-deleted", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)
	s.startRelease(t, "registry.corp.example/recommender:3.0", 10)

	vs := &networkingv1.VirtualService{ObjectMeta: metav1.ObjectMeta{Name: "recommender", Namespace: s.ns}}
	require.NoError(t, env.Client.Delete(context.Background(), vs))

	require.Eventually(t, func() bool { return s.hasEvent(t, "TickFailed", "not found") }, 30*time.Second, 100*time.Millisecond,
		"a deleted VirtualService must be reported as a TickFailed event")
	time.Sleep(3 * time.Second) // several intervals: nothing may be promoted behind the missing routes
	rec, _ := s.record(t)
	assert.Equal(t, rollout.Progressing, rec.Status.Phase)
	primary := s.deployment(t, "recommender-primary")
	assert.Equal(t, "registry.corp.example/recommender:1.0", primary.Spec.Template.Spec.Containers[0].Image, "no silent promotion")
	err := env.Client.Get(context.Background(), client.ObjectKeyFromObject(vs), vs)
	assert.Error(t, err, "the controller does not recreate a VirtualService someone deleted mid-rollout")
}

// hasEvent reports whether the controller recorded an event with the reason whose note contains text.
func (s *stage) hasEvent(t *testing.T, reason, text string) bool {
	var list eventsv1.EventList
	if err := env.Client.List(context.Background(), &list, client.InNamespace(s.ns)); err != nil {
		t.Logf("list events: %v", err) // inside Eventually: report, do not FailNow from another goroutine
		return false
	}
	for _, e := range list.Items {
		if e.Reason == reason && containsFold(e.Note, text) {
			return true
		}
	}
	return false
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// A first reconcile that created the primary and then failed must not leave the target without
// routes: setup is finished by the next reconcile.
func TestInterruptedSetupIsFinished(t *testing.T) {
	s := newStage(t, "shop-partial", batch{ok: 100, latencyMs: 40}, primaryOf(recommender("shop-partial")))
	s.waitInitialized(t)
	routes, err := s.router.GetRoutes(context.Background())
	require.NoError(t, err, "the VirtualService was created although the primary already existed")
	assert.Equal(t, traffic.PrimaryOnly(), routes)
}

// primaryOf is the primary an interrupted first setup left behind: created before the target's
// record, here even before the target, so without an owner reference or revision annotation.
func primaryOf(target *appsv1.Deployment) *appsv1.Deployment {
	p := target.DeepCopy()
	p.Name, p.Annotations = kube.PrimaryName(target.Name), nil
	labels := map[string]string{"app": p.Name}
	p.Labels, p.Spec.Selector.MatchLabels, p.Spec.Template.Labels = labels, labels, labels
	return p
}
