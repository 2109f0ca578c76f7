package runner_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// world is the fault tests' own double of a target: a canary template at
// some revision, a primary running another, the routes and the stored
// record. Its PromoteSpec keeps the port's contract (compare-and-set on the
// template revision), so the tests show what the Runner does when the
// contract refuses a promotion. Hooks let a test act in the middle of a
// tick (a push while metrics are queried, a hand edit of the routes).
type world struct {
	mu         sync.Mutex
	canaryRev  string
	primaryRev string
	canaryUp   bool
	routes     traffic.Split
	// sets lists every split written, in order.
	sets []traffic.Split
	// promotions lists the revisions copied to the primary.
	promotions []string
	// failPromote fails that many PromoteSpec calls with a transient error.
	failPromote int
	// failSet fails that many SetRoutes calls with a transient error.
	failSet int
	// onQuery runs (unlocked) when a metric is queried, i.e. in the middle of
	// an analysis tick.
	onQuery func()
	record  []byte
	now     time.Time
}

var errTransient = errors.New("transient failure")

func newWorld(rev string) *world {
	return &world{canaryRev: rev, primaryRev: rev, routes: traffic.PrimaryOnly(),
		now: time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)}
}

func (w *world) Observe(context.Context) (runner.WorkloadState, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return runner.WorkloadState{Revision: w.canaryRev, Primary: rollout.Ready, Canary: rollout.Ready}, nil
}

func (w *world) ScaleCanary(_ context.Context, up bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.canaryUp = up
	return nil
}

func (w *world) PromoteSpec(_ context.Context, rev string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failPromote > 0 {
		w.failPromote--
		return fmt.Errorf("promote %s: %w", rev, errTransient)
	}
	if rev != w.canaryRev {
		return fmt.Errorf("promote %s: the template is at %s: %w", rev, w.canaryRev, runner.ErrRevisionChanged)
	}
	w.primaryRev = rev
	w.promotions = append(w.promotions, rev)
	return nil
}

func (w *world) GetRoutes(context.Context) (traffic.Split, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.routes, nil
}

func (w *world) SetRoutes(_ context.Context, s traffic.Split) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failSet > 0 {
		w.failSet--
		return fmt.Errorf("set routes %s: %w", s, errTransient)
	}
	w.routes = s
	w.sets = append(w.sets, s)
	return nil
}

func (w *world) Query(context.Context, observe.Query) observe.Sample {
	if w.onQuery != nil {
		w.onQuery()
	}
	return observe.Value(99.9)
}

func (w *world) Load(context.Context) (runner.Record, bool, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.record == nil {
		return runner.Record{}, false, nil
	}
	var rec runner.Record
	if err := json.Unmarshal(w.record, &rec); err != nil {
		return runner.Record{}, false, err
	}
	return rec, true, nil
}

func (w *world) Save(_ context.Context, rec runner.Record) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	w.record = data
	return nil
}

// push changes the canary's template, as a developer's deploy does.
func (w *world) push(rev string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.canaryRev = rev
}

// edit changes the routes by hand, as kubectl edit does.
func (w *world) edit(s traffic.Split) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.routes = s
}

func (w *world) stored(t *testing.T) runner.Record {
	t.Helper()
	rec, found, err := w.Load(context.Background())
	require.NoError(t, err)
	require.True(t, found)
	return rec
}

// faultSpec is a canary in two steps (50, then promotion) with one metric.
func faultSpec() rollout.Spec {
	return rollout.Spec{StepWeight: 25, MaxWeight: 50,
		Metrics: []rollout.Metric{{Name: "request-success-rate", ThresholdRange: observe.AtLeast(99)}}}
}

// runnerFor builds a fresh Runner over the world, as a restarted controller
// would; router overrides the world as TrafficRouter when not nil.
func (w *world) runnerFor(t *testing.T, spec rollout.Spec, router runner.TrafficRouter) *runner.Runner {
	t.Helper()
	if router == nil {
		router = w
	}
	run, err := runner.New(spec, runner.Target{Name: "cart", Namespace: "shop", Provider: observe.Istio},
		runner.Ports{Workload: w, Router: router, Metrics: w, Store: w})
	require.NoError(t, err)
	return run
}

// tick runs one tick one interval after the last.
func (w *world) tick(t *testing.T, run *runner.Runner, intents rollout.Intents) (runner.TickReport, error) {
	t.Helper()
	w.now = w.now.Add(time.Minute)
	return run.Tick(context.Background(), w.now, intents)
}

// tickOK runs one tick that must succeed.
func (w *world) tickOK(t *testing.T, run *runner.Runner) runner.TickReport {
	t.Helper()
	rep, err := w.tick(t, run, rollout.Intents{})
	require.NoError(t, err)
	return rep
}

// reasons lists the reasons of a report's events.
func reasons(rep runner.TickReport) []rollout.Reason {
	out := make([]rollout.Reason, 0, len(rep.Events))
	for _, e := range rep.Events {
		out = append(out, e.Reason)
	}
	return out
}
