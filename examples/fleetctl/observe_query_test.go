package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const queryFleet = `name: shop
members:
- {name: a, apiEndpoint: "https://a.example:6443"}
- {name: b, apiEndpoint: "https://b.example:6443"}
- {name: c, apiEndpoint: "https://c.example:6443"}
`

// fakeQuerier answers every query with one series per cluster in up (the
// probe's answer too), and /api/v1/stores with a healthy sidecar each; the
// function it returns lists the queries asked so far (asked concurrently:
// the answer and its coverage probe).
func fakeQuerier(t *testing.T, up ...string) (string, func() []string) {
	t.Helper()
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/api/v1/stores") {
			var stores []string
			for _, c := range up {
				stores = append(stores, `{"name":"`+c+`:10901","lastError":null,"labelSets":[{"cluster":"`+c+`"}]}`)
			}
			_, _ = w.Write([]byte(`{"status":"success","data":{"sidecar":[` + strings.Join(stores, ",") + `]}}`))
			return
		}
		_ = r.ParseForm()
		mu.Lock()
		queries = append(queries, r.Form.Get("query"))
		mu.Unlock()
		var series []string
		for i, c := range up {
			series = append(series, `{"metric":{"cluster":"`+c+`"},"value":[1,"`+string(rune('1'+i))+`.5"]}`)
		}
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"vector","result":[` + strings.Join(series, ",") + `]}}`))
	}))
	t.Cleanup(srv.Close)
	return srv.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), queries...)
	}
}

func TestObserveQueryPrintsCoverage(t *testing.T) {
	fleet := writeTemp(t, "fleet.yaml", queryFleet)
	url, queries := fakeQuerier(t, "a", "b", "c")
	out, stderr, err := runCLI(t, "observe", "query", "-f", fleet, "--url", url, "--template", "cpu-by-cluster", "--interval", "1m")
	require.NoError(t, err, stderr)
	assert.Contains(t, out, "SERIES         VALUE\n{cluster=\"a\"}  1.5\n{cluster=\"b\"}  2.5\n{cluster=\"c\"}  3.5\n")
	assert.Contains(t, out, "coverage: 3/3 clusters")
	assert.Contains(t, queries(), `sum by (cluster) (rate(container_cpu_usage_seconds_total{container!=""}[1m]))`)

	out, stderr, err = runCLI(t, "observe", "query", "-f", fleet, "--url", url, "sum by (cluster) (up)", "-o", "json")
	require.NoError(t, err, stderr)
	var doc queryOutput
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, "sum by (cluster) (up)", doc.Query)
	assert.Len(t, doc.Result, 3)
	assert.Equal(t, []string{"a", "b", "c"}, doc.Coverage.Present)
}

func TestObserveQueryPartialAnswer(t *testing.T) {
	fleet := writeTemp(t, "fleet.yaml", queryFleet)
	url, _ := fakeQuerier(t, "a", "c")
	_, stderr, err := runCLI(t, "observe", "query", "-f", fleet, "--url", url, "--template", "fleet-cpu")
	require.Error(t, err, "strict by default: a partial answer fails")
	assert.Contains(t, err.Error()+stderr, "missing clusters b")

	out, stderr, err := runCLI(t, "observe", "query", "-f", fleet, "--url", url, "--template", "fleet-cpu", "--lenient")
	require.NoError(t, err, stderr)
	assert.Contains(t, out, "coverage: 2/3 clusters (missing b)")
}

func TestObserveQueryOneCluster(t *testing.T) {
	fleet := writeTemp(t, "fleet.yaml", queryFleet)
	url, queries := fakeQuerier(t, "b")
	out, stderr, err := runCLI(t, "observe", "query", "-f", fleet, "--url", url, "--template", "cluster-memory", "--cluster", "b")
	require.NoError(t, err, stderr)
	assert.Contains(t, out, "coverage: 1/1 clusters")
	assert.Contains(t, queries(), `sum(container_memory_working_set_bytes{ cluster="b", container!=""})`)
}

func TestObserveQueryRefusesBadFlags(t *testing.T) {
	fleet := writeTemp(t, "fleet.yaml", queryFleet)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no url", []string{"-f", fleet, "up"}, "--url is required"},
		{"no query", []string{"-f", fleet, "--url", "http://q"}, "pass PROMQL or --template"},
		{"both", []string{"-f", fleet, "--url", "http://q", "--template", "fleet-cpu", "up"}, "not both"},
		{"unknown template", []string{"-f", fleet, "--url", "http://q", "--template", "request-success-rate"}, "not a fleet template"},
		{"cluster outside the fleet", []string{"-f", fleet, "--url", "http://q", "--template", "cluster-cpu", "--cluster", "z"}, `"z" is not a member`},
		{"cluster with promql", []string{"-f", fleet, "--url", "http://q", "--cluster", "a", "up"}, "--cluster selects"},
		{"no fleet", []string{"--url", "http://q", "up"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, err := runCLI(t, append([]string{"observe", "query"}, tt.args...)...)
			require.Error(t, err)
			assert.Contains(t, err.Error()+stderr, tt.want)
		})
	}
}
