package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-logr/logr/funcr"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Issue 13, fault 7: the controller's metric source keeps the server's
// warnings (logged and returned for the rollout's events), and with
// --fleet-clusters a partial fleet answer is a failed query, not a value.
func TestMetricSourceKeepsWarnings(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = r.ParseForm()
		if r.Form.Get("query") == "count by (cluster) (up)" {
			_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"vector","result":[{"metric":{"cluster":"a"},"value":[1,"1"]}]}}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"success","warnings":["store b unavailable"],"data":{"resultType":"vector","result":[{"metric":{},"value":[1,"99.5"]}]}}`))
	}))
	t.Cleanup(srv.Close)
	var logged []string
	logger := funcr.New(func(prefix, args string) { logged = append(logged, args) }, funcr.Options{})

	src, err := newMetricSource(srv.URL, observe.Istio, "", logger)
	require.NoError(t, err)
	warner, ok := src.(runner.WarningMetricSource)
	require.True(t, ok, "the runner reads the warnings through WarningMetricSource")
	s, warnings := warner.QueryWithWarnings(context.Background(), observe.Query{Metric: "m", Expr: "x"})
	assert.Equal(t, observe.Value(99.5), s)
	assert.Equal(t, []string{"store b unavailable"}, warnings)
	assert.True(t, strings.Contains(strings.Join(logged, "\n"), "store b unavailable"), "logged too: %q", logged)

	fleet, err := newMetricSource(srv.URL, observe.Istio, "a,b", logger)
	require.NoError(t, err)
	s, warnings = fleet.(runner.WarningMetricSource).QueryWithWarnings(context.Background(), observe.Query{Metric: "m", Expr: "x"})
	assert.Equal(t, observe.QueryError, s.Kind, "b is missing: never a pass")
	assert.Contains(t, s.Err, "missing clusters b")
	assert.Contains(t, warnings, "store b unavailable")

	_, err = newMetricSource(srv.URL, observe.Istio, "a,,b", logger)
	assert.ErrorIs(t, err, prometheus.ErrInvalid)
}
