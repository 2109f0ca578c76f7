package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// Issue 13's proof: the whole rollout of a good revision is driven tick by tick on the real API
// server and Prometheus, and faults are injected at every API write the controller makes. The
// invariantChecker holds the invariants after every step of every run.

// maxWritePoints bounds the write points the suite prepares namespaces (and series) for.
const maxWritePoints = 48

const (
	oldImage = "registry.corp.example/recommender:1.0"
	newImage = "registry.corp.example/recommender:1.1"
	// newerImage is pushed mid-run.
	newerImage = "registry.corp.example/recommender:1.2"
)

// faultSuite is what the runs share: one exporter serving every run's series and one Prometheus.
type faultSuite struct {
	source *prometheus.Source
}

func startFaultSuite(t *testing.T, namespaces []string) *faultSuite {
	exporter := newIstioExporter()
	t.Cleanup(exporter.Close)
	for _, ns := range namespaces {
		exporter.set(ns, "recommender", batch{ok: 100, latencyMs: 40})
	}
	prom := testenv.StartPrometheus(t, testenv.PrometheusOptions{ScrapeTargets: []testenv.ScrapeTarget{
		{Address: strings.TrimPrefix(exporter.URL, "http://")}}})
	source, err := prometheus.NewForAddress(prom.URL, prometheus.Options{Provider: observe.Istio})
	require.NoError(t, err)
	s := &stage{ns: namespaces[len(namespaces)-1], metrics: source}
	s.waitForMetrics(t) // the last namespace's series are there, so are the others'
	return &faultSuite{source: source}
}

// world starts a run in namespace ns with one replica carrying faults f.
func (fs *faultSuite) world(t *testing.T, ns string, f *faults) (*tickWorld, *flakyMetrics) {
	m := &flakyMetrics{next: fs.source}
	return newTickWorld(t, ns, analysis, m, f), m
}

// wholeRollout is first sight, the release of newImage, and the run to its end.
func wholeRollout(w *tickWorld) (rev string, final rollout.Phase) {
	w.initialized()
	rev = w.release(newImage)
	return rev, w.finished(30).Status.Phase
}

// requireShipped checks the end of a run that must promote rev exactly once.
func requireShipped(t *testing.T, w *tickWorld, rev string, phase rollout.Phase) {
	t.Helper()
	assert.Equal(t, rollout.Succeeded, phase)
	w.check.verify(t, rev)
	s := w.snapshot()
	require.NotNil(t, s.primary)
	assert.Equal(t, newImage, s.primary.Spec.Template.Spec.Containers[0].Image)
	assert.Equal(t, traffic.PrimaryOnly(), s.routes)
	assert.Zero(t, ready(s.canary), "the canary is scaled to zero")
}

func faultNamespaces() []string {
	ns := []string{"fault-clean", "fault-push", "fault-replicas", "fault-record", "fault-edit", "fault-prom-1", "fault-prom-2"}
	for k := 1; k <= maxWritePoints; k++ {
		ns = append(ns, fmt.Sprintf("fault-kill-%d", k), fmt.Sprintf("fault-conflict-%d", k))
	}
	return ns
}

func TestFaultSuite(t *testing.T) {
	start := time.Now()
	fs := startFaultSuite(t, faultNamespaces())

	// The clean run enumerates the write points of a whole rollout.
	clean := &faults{record: true}
	w, _ := fs.world(t, "fault-clean", clean)
	rev, phase := wholeRollout(w)
	requireShipped(t, w, rev, phase)
	points := clean.count()
	t.Logf("a whole rollout makes %d API writes in %d ticks:\n%s", points, w.step, strings.Join(clean.log, "\n"))
	require.LessOrEqual(t, points, maxWritePoints)

	t.Run("kill", func(t *testing.T) {
		for k := 1; k <= points; k++ {
			t.Run(fmt.Sprintf("before write %d", k), func(t *testing.T) {
				t.Parallel()
				w, _ := fs.world(t, fmt.Sprintf("fault-kill-%d", k), &faults{killAt: k})
				rev, phase := wholeRollout(w)
				assert.Equal(t, 1, w.kills, "killed once")
				requireShipped(t, w, rev, phase)
			})
		}
	})
	t.Run("conflict", func(t *testing.T) {
		for k := 1; k <= points; k++ {
			t.Run(fmt.Sprintf("on write %d", k), func(t *testing.T) {
				t.Parallel()
				w, _ := fs.world(t, fmt.Sprintf("fault-conflict-%d", k), &faults{conflictAt: k})
				rev, phase := wholeRollout(w)
				requireShipped(t, w, rev, phase)
			})
		}
	})
	t.Run("new revision pushed while killed before promotion", func(t *testing.T) {
		testPushWhileKilled(t, fs, promoteWrite(t, clean.log))
	})
	t.Run("two replicas", func(t *testing.T) { testTwoReplicas(t, fs) })
	t.Run("record deleted", func(t *testing.T) { testRecordDeleted(t, fs) })
	t.Run("routes edited by hand", func(t *testing.T) { testRoutesEdited(t, fs) })
	t.Run("prometheus down below threshold", func(t *testing.T) { testPrometheusDown(t, fs, "fault-prom-1", 1) })
	t.Run("prometheus down for threshold ticks", func(t *testing.T) { testPrometheusDown(t, fs, "fault-prom-2", 2) })
	t.Logf("fault suite: %d write points, %s", points, time.Since(start).Round(time.Millisecond))
}

// Two replicas without leader election tick concurrently on every step: the record's
// compare-and-set keeps one decision per tick.
func testTwoReplicas(t *testing.T, fs *faultSuite) {
	w, _ := fs.world(t, "fault-replicas", nil)
	w.replicas = append(w.replicas, w.newReplica(nil))
	rev, phase := wholeRollout(w)
	requireShipped(t, w, rev, phase)
}

// The record annotation is deleted while the canary serves traffic: the controller routes all
// traffic to the primary before it scales the canary down, and analyses the revision again.
func testRecordDeleted(t *testing.T, fs *faultSuite) {
	w, _ := fs.world(t, "fault-record", nil)
	w.initialized()
	rev := w.release(newImage)
	w.until(10, "canary at 30%", func(s snapshot) bool { return s.routes.Canary >= 30 })
	w.check.allowRegression()
	w.deleteRecord()
	requireShipped(t, w, rev, w.finished(30).Status.Phase)
}

// The VirtualService is edited by hand mid-run: the controller holds (moves no traffic, promotes
// nothing) until the routes are restored, then continues.
func testRoutesEdited(t *testing.T, fs *faultSuite) {
	w, _ := fs.world(t, "fault-edit", nil)
	w.initialized()
	rev := w.release(newImage)
	at := w.until(10, "canary at 30%", func(s snapshot) bool { return s.routes.Canary == 30 && len(s.record.Pending) == 0 })
	edited := traffic.Split{Primary: 40, Canary: 60}
	require.NoError(t, w.observer.SetRoutes(context.Background(), edited))
	for range 3 {
		w.tick()
		s := w.snapshot()
		assert.Equal(t, edited, s.routes, "held: the hand edit is not overwritten")
		assert.Equal(t, at.primaryRevision(), s.primaryRevision(), "nothing promoted while held")
	}
	w.check.allowRegression()
	require.NoError(t, w.observer.SetRoutes(context.Background(), at.routes))
	requireShipped(t, w, rev, w.finished(30).Status.Phase)
}

// Prometheus stops answering for ticks ticks mid-run. Below the failure threshold the run
// continues when it is back; at the threshold the run is rolled back and nothing is promoted.
func testPrometheusDown(t *testing.T, fs *faultSuite, ns string, ticks int) {
	w, m := fs.world(t, ns, nil)
	w.initialized()
	rev := w.release(newImage)
	w.until(10, "canary at 20%", func(s snapshot) bool { return s.routes.Canary >= 20 })
	m.down.Store(true)
	for range ticks {
		w.tick()
	}
	m.down.Store(false)
	final := w.finished(30).Status.Phase
	if ticks < 2 { // the analysis threshold
		requireShipped(t, w, rev, final)
		return
	}
	assert.Equal(t, rollout.Failed, final)
	w.check.verify(t)
	s := w.snapshot()
	assert.Equal(t, oldImage, s.primary.Spec.Template.Spec.Containers[0].Image)
	assert.Equal(t, traffic.PrimaryOnly(), s.routes)
}

// promoteWrite is the write point of the promotion: the patch of the primary after first sight.
func promoteWrite(t *testing.T, log []string) int {
	for i, line := range log {
		if strings.Contains(line, "PATCH") && strings.HasSuffix(line, "/recommender-primary") {
			return i + 1
		}
	}
	t.Fatalf("no promotion among the writes:\n%s", strings.Join(log, "\n"))
	return 0
}

// Fault 1 end to end: the controller dies just before it promotes 1.1, and the developer pushes
// 1.2 before a new one starts. 1.1 must not be promoted by a replay that would copy 1.2, and 1.2
// ships only after its own analysis.
func testPushWhileKilled(t *testing.T, fs *faultSuite, k int) {
	w, _ := fs.world(t, "fault-push", &faults{killAt: k})
	w.initialized()
	w.release(newImage)
	var pushed string
	w.onKill = func() { pushed = w.release(newerImage) }
	final := w.finished(40).Status.Phase
	require.Equal(t, 1, w.kills)
	assert.Equal(t, rollout.Succeeded, final)
	w.check.verify(t, pushed)
	assert.Equal(t, newerImage, w.snapshot().primary.Spec.Template.Spec.Containers[0].Image)
}
