package main

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	coordinationv1 "k8s.io/api/coordination/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
)

// Issue 13's faults of records and writers, on the real API server with the controller running.

// strandWatch polls the VirtualService and the canary and remembers any moment at which the
// routes sent traffic to a canary scaled to zero.
type strandWatch struct {
	mu       sync.Mutex
	stranded []string
	stop     chan struct{}
	done     chan struct{}
}

func (s *stage) watchStranding(t *testing.T) *strandWatch {
	w := &strandWatch{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		ctx := context.Background()
		for {
			select {
			case <-w.stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
			r, err := s.router.GetRoutes(ctx)
			d := &appsv1.Deployment{}
			gerr := env.Client.Get(ctx, client.ObjectKey{Namespace: s.ns, Name: "recommender"}, d)
			if err == nil && gerr == nil && r.Canary > 0 && ptr.Deref(d.Spec.Replicas, 1) == 0 {
				w.mu.Lock()
				w.stranded = append(w.stranded, r.String())
				w.mu.Unlock()
			}
		}
	}()
	t.Cleanup(w.finish)
	return w
}

func (w *strandWatch) finish() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
}

func (w *strandWatch) result() []string {
	w.finish()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stranded
}

// Fault 3: the record annotation is deleted while the canary serves 30%. The controller must move
// all traffic to the primary before it scales the canary down, say so in an Event, and analyse
// the new revision from the start; it must never record the unanalysed revision as promoted.
// Before: the canary was scaled to zero under 30% of the traffic and the record said Initialized
// at the new revision, which was then never shipped.
func TestRecordLostMidRolloutIsMadeSafeFirst(t *testing.T) {
	s := newStage(t, "shop-lost", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	s.waitForMetrics(t)
	s.startRelease(t, "registry.corp.example/recommender:2.0", 30)
	watch := s.watchStranding(t)

	s.removeAnnotation(t, kube.AnnotationRecord)

	require.Eventually(t, func() bool { return s.hasEvent(t, "RecordLost", "routed all traffic to the primary") },
		30*time.Second, 50*time.Millisecond, "an event says the record was lost and what was done")
	require.Eventually(t, func() bool {
		rec, ok := s.record(t)
		return ok && rec.Status.Phase == rollout.Succeeded && len(rec.Pending) == 0
	}, 90*time.Second, 100*time.Millisecond, "the new revision is analysed again and promoted")
	assert.Empty(t, watch.result(), "traffic was never routed to a canary with zero replicas")
	primary := s.deployment(t, "recommender-primary")
	assert.Equal(t, "registry.corp.example/recommender:2.0", primary.Spec.Template.Spec.Containers[0].Image)
}

// Fault 5: an unknown intent word is a Warning event, not silence, and is consumed.
func TestUnknownIntentIsAWarning(t *testing.T) {
	s := newStage(t, "shop-intent", batch{ok: 100, latencyMs: 40})
	s.waitInitialized(t)
	d := s.deployment(t, "recommender")
	patch := client.MergeFrom(d.DeepCopy())
	d.Annotations[kube.AnnotationIntent] = "promot"
	require.NoError(t, env.Client.Patch(context.Background(), d, patch))
	require.Eventually(t, func() bool { return s.hasEvent(t, "UnknownIntent", `ignored ["promot"]`) },
		30*time.Second, 50*time.Millisecond)
	require.Eventually(t, func() bool {
		_, set := s.deployment(t, "recommender").Annotations[kube.AnnotationIntent]
		return !set
	}, 10*time.Second, 50*time.Millisecond, "the intent read is consumed")
}

// Fault 2: replicas of the controller elect one leader with a Lease, by default.
func TestReplicasElectOneLeaderWithALease(t *testing.T) {
	s := newStage(t, "shop-lease", batch{ok: 100, latencyMs: 40})
	s.stop() // the stage's controller runs without election; replace it by two electing replicas
	for range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(s.runController(t, ctx, cancel, true))
	}
	lease := &coordinationv1.Lease{}
	require.Eventually(t, func() bool {
		err := env.Client.Get(context.Background(), client.ObjectKey{Namespace: s.ns, Name: LeaseName}, lease)
		return err == nil && ptr.Deref(lease.Spec.HolderIdentity, "") != ""
	}, 30*time.Second, 100*time.Millisecond, "a Lease names the leader")
	s.waitInitialized(t)
	s.waitForMetrics(t)
	weights, rec := s.release(t, "registry.corp.example/recommender:1.1")
	assert.Equal(t, rollout.Succeeded, rec.Status.Phase)
	assert.Equal(t, []int{0, 10, 20, 30, 40, 50, 0}, weights)
	assert.Equal(t, int64(2), s.deployment(t, "recommender-primary").Generation, "promoted once")
}

// Fault 2: even without election (two replicas racing, as during a handover), compare-and-set on
// the record keeps one decision per tick: weights walk up one step at a time and the primary is
// promoted once.
func TestTwoUnelectedReplicasPromoteOnce(t *testing.T) {
	s := newStage(t, "shop-race", batch{ok: 100, latencyMs: 40})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(s.runController(t, ctx, cancel, false))
	s.waitInitialized(t)
	s.waitForMetrics(t)
	weights, rec := s.release(t, "registry.corp.example/recommender:1.1")
	assert.Equal(t, rollout.Succeeded, rec.Status.Phase)
	assert.Equal(t, []int{0, 10, 20, 30, 40, 50, 0}, weights)
	assert.Equal(t, int64(2), s.deployment(t, "recommender-primary").Generation, "promoted once")
}
