package main

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// requestCounter counts the controller's API writes, and every request by verb and resource.
type requestCounter struct {
	writes *atomic.Int64
	mu     sync.Mutex
	byKind map[string]int
}

// countingTransport counts the requests of one client of the controller.
type countingTransport struct {
	next http.RoundTripper
	*requestCounter
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if isWrite(req) {
		t.writes.Add(1)
	}
	t.mu.Lock()
	t.byKind[req.Method+" "+resourceOf(req.URL.Path)]++
	t.mu.Unlock()
	return t.next.RoundTrip(req)
}

// snapshot returns the request counts so far and starts counting anew.
func (t *requestCounter) snapshot() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.byKind
	t.byKind = map[string]int{}
	return s
}

// resourceOf is the resource a request path addresses: /apis/apps/v1/namespaces/load/deployments/x is
// "deployments" ("deployments primary" for a primary), and a list says so.
func resourceOf(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i, p := range parts {
		if p == "namespaces" && i+2 < len(parts) {
			rest := parts[i+2:]
			if len(rest) == 1 {
				return rest[0] + " (list)"
			}
			if strings.HasSuffix(rest[1], "-primary") {
				return rest[0] + " primary"
			}
			return strings.Join(append([]string{rest[0]}, rest[2:]...), "/")
		}
	}
	return path
}

// reportRequests logs the API requests of the window per tick, by verb and resource.
func (m *tickMeter) reportRequests(b *testing.B, byKind map[string]int) {
	m.mu.Lock()
	ticks := max(float64(m.ticks), 1)
	defer m.mu.Unlock()
	keys := slices.Sorted(maps.Keys(byKind))
	var sb strings.Builder
	total := 0
	for _, k := range keys {
		total += byKind[k]
		fmt.Fprintf(&sb, "\n  %-40s %6d  %.2f/tick", k, byKind[k], float64(byKind[k])/ticks)
	}
	b.ReportMetric(float64(total)/ticks, "requests/tick")
	b.ReportMetric(float64(m.reconciles)/ticks, "reconciles/tick")
	b.Logf("the Deployment controller stand-in wrote %d statuses (%.2f per tick): a Deployment's generation counts annotation changes, "+
		"so every record save is followed by one (in a cluster, also by an update of the ReplicaSet, which copies the annotations)",
		m.statuses, float64(m.statuses)/ticks)
	b.Logf("API requests in the window: %d (%.2f per tick)%s", total, float64(total)/ticks, sb.String())
}
