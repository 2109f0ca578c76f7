package main

import (
	"bufio"
	"context"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// tickMeter counts the ticks the reconciler reports (Reconciler.Ticked), and those of them that
// analysed, by their metric queries: an analysing tick queries every metric once.
type tickMeter struct {
	mu         sync.Mutex
	queries    map[string]int       // by target, since the start
	tickedNow  map[string]bool      // the reconcile in progress of a target ticked
	last       map[string]time.Time // the last tick's start, by target
	gaps       []time.Duration      // between consecutive ticks of a target
	latencies  []time.Duration      // of the reconciles that ticked
	ticks      int
	analysed   int // ticks that queried metrics
	reconciles int // every reconcile, ticked or not
	statuses   int // status updates of the Deployment controller stand-in
}

// statusWritten counts a status update of the Deployment controller stand-in: one follows every
// record save, since a Deployment's generation counts annotation changes.
func (m *tickMeter) statusWritten() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.statuses++
}

func (m *tickMeter) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gaps, m.latencies, m.ticks, m.analysed, m.reconciles, m.statuses = nil, nil, 0, 0, 0, 0
	clear(m.last)
}

func (m *tickMeter) queried(target string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.queries[target]++
}

func (m *tickMeter) count(target string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.queries[target]
}

// tick is Reconciler.Ticked.
func (m *tickMeter) tick(target client.ObjectKey, _ runner.TickReport) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.tickedNow[target.Name] = true
}

// reconciled records a reconcile of target that started at start and took took; whether it
// ticked, and whether it analysed (queried metrics since before).
func (m *tickMeter) reconciled(target string, start time.Time, took time.Duration, before int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reconciles++
	if !m.tickedNow[target] {
		return
	}
	delete(m.tickedNow, target)
	m.ticks++
	if m.queries[target] > before {
		m.analysed++
	}
	m.latencies = append(m.latencies, took)
	if last, ok := m.last[target]; ok {
		m.gaps = append(m.gaps, start.Sub(last))
	}
	m.last[target] = start
}

func (m *tickMeter) report(b *testing.B, window time.Duration, writes int64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	ticks := float64(m.ticks)
	b.ReportMetric(ticks/window.Seconds(), "ticks/s")
	b.ReportMetric(float64(m.analysed)/window.Seconds(), "analysed-ticks/s")
	b.ReportMetric(ms2(percentile(m.latencies, 50)), "p50-tick-ms")
	b.ReportMetric(ms2(percentile(m.latencies, 99)), "p99-tick-ms")
	b.ReportMetric(ms2(percentile(m.gaps, 50)), "p50-interval-ms")
	b.ReportMetric(ms2(percentile(m.gaps, 99)), "p99-interval-ms")
	b.ReportMetric(float64(writes)/max(ticks, 1), "writes/tick")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(rssBytes())/(1<<20), "rss-MiB")
	b.Logf("%d rollouts (+%d at rest), %s window, workers %d, QPS %g: %d ticks (%.1f/s, want %.1f/s at 2 s; %d analysed), interval between ticks p50 %s p99 %s (limit 4s), "+
		"tick latency p50 %s p99 %s, %.1f API writes per tick, heap in use %d MiB, RSS %d MiB",
		*loadRollouts, *loadIdle, window, *loadWorkers, *loadQPS, m.ticks, ticks/window.Seconds(), float64(*loadRollouts+*loadIdle)/2, m.analysed,
		percentile(m.gaps, 50), percentile(m.gaps, 99), percentile(m.latencies, 50), percentile(m.latencies, 99),
		float64(writes)/max(ticks, 1), ms.HeapInuse>>20, rssBytes()>>20)
	if p99 := percentile(m.gaps, 99); p99 > 4*time.Second {
		b.Logf("p99 interval between ticks %s is later than twice the 2 s interval", p99)
	}
}

func ms2(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// rssBytes is the process's resident set size (Linux), 0 where unknown.
func rssBytes() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }() // read-only: nothing is lost if closing fails
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// meteredMetrics tells the meter which target each query is for.
type meteredMetrics struct {
	next  *prometheus.Source
	meter *tickMeter
}

func (m *meteredMetrics) Query(ctx context.Context, q observe.Query) observe.Sample {
	if target, ok := ctx.Value(targetKey{}).(string); ok {
		m.meter.queried(target)
	}
	return m.next.Query(ctx, q)
}

type targetKey struct{}

// timedReconciler times each reconcile for the meter.
type timedReconciler struct {
	next  reconcile.Reconciler
	meter *tickMeter
}

func (r *timedReconciler) Reconcile(ctx context.Context, req ctrl.Request) (ctrl.Result, error) {
	before := r.meter.count(req.Name)
	start := time.Now()
	res, err := r.next.Reconcile(context.WithValue(ctx, targetKey{}, req.Name), req)
	r.meter.reconciled(req.Name, start, time.Since(start), before)
	return res, err
}
