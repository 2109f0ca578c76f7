package prometheus_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/api"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// fakeAPI is a stand-in Prometheus HTTP API: it answers /api/v1/query with a
// fixed body and status after an optional delay, recording the queries.
type fakeAPI struct {
	status int
	body   string
	delay  time.Duration

	mu      sync.Mutex
	queries []url.Values
	active  atomic.Int32
	peak    atomic.Int32
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := f.active.Add(1)
	defer f.active.Add(-1)
	for {
		p := f.peak.Load()
		if n <= p || f.peak.CompareAndSwap(p, n) {
			break
		}
	}
	_ = r.ParseForm()
	f.mu.Lock()
	f.queries = append(f.queries, r.Form)
	f.mu.Unlock()
	select {
	case <-time.After(f.delay):
	case <-r.Context().Done():
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(f.status)
	_, _ = w.Write([]byte(f.body))
}

func (f *fakeAPI) seen() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.queries...)
}

func vectorBody(values ...string) string {
	out := `{"status":"success","data":{"resultType":"vector","result":[`
	for i, v := range values {
		if i > 0 {
			out += ","
		}
		out += `{"metric":{"pod":"p` + string(rune('a'+i)) + `"},"value":[1700000000,"` + v + `"]}`
	}
	return out + `]}}`
}

// serve starts f and returns a Source over it.
func serve(t *testing.T, f *fakeAPI, opts prometheus.Options) *prometheus.Source {
	t.Helper()
	if f.status == 0 {
		f.status = http.StatusOK
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	s, err := prometheus.NewForAddress(srv.URL, opts)
	require.NoError(t, err)
	return s
}

func newAPIClient(address string) (api.Client, error) {
	return api.NewClient(api.Config{Address: address})
}
