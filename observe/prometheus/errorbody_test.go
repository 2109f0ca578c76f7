package prometheus_test

import (
	"context"
	"net/http"
	"testing"

	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// Prometheus and Thanos answer a query that timed out (503), hit a storage error (500: with
// partial_response=false, a store that failed) or was cancelled with the same JSON error envelope as
// a 422, but client_golang reads only 400 and 422 bodies and reported "server_error: server error:
// 503", hiding the cause in Error.Detail. The error now carries the server's errorType and message.
func TestQueryErrorNamesTheServersCause(t *testing.T) {
	storeDown := `proxy Series(): fetch series for {cluster=\"b\", fleet=\"f\"} Addr: b-sidecar:10901 MinTime: 0 MaxTime: 1: ` +
		`rpc error: code = Unavailable desc = connection refused`
	cases := map[string]struct {
		status   int
		body     string
		typ      promv1.ErrorType
		contains string
	}{
		"a timeout": {status: http.StatusServiceUnavailable,
			body: `{"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"}`,
			typ:  promv1.ErrTimeout, contains: "timeout: query timed out in expression evaluation"},
		"a store that failed, partial response off": {status: http.StatusInternalServerError,
			body: `{"status":"error","errorType":"internal","error":"` + storeDown + `"}`,
			typ:  "internal", contains: "Addr: b-sidecar:10901"},
		"cancelled": {status: 499, body: `{"status":"error","errorType":"canceled","error":"context canceled"}`,
			typ: promv1.ErrCanceled, contains: "canceled: context canceled"},
		"a proxy's page keeps the status": {status: http.StatusBadGateway, body: `<html>bad gateway</html>`,
			typ: promv1.ErrServer, contains: "server error: 502"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := serve(t, &fakeAPI{status: tc.status, body: tc.body}, prometheus.Options{})
			got := s.Query(context.Background(), observe.Query{Metric: "m", Expr: "up"})
			assert.Equal(t, observe.QueryError, got.Kind)
			assert.Contains(t, got.Err, tc.contains)
			_, err := s.Do(context.Background(), "up")
			var pe *promv1.Error
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tc.typ, pe.Type)
			assert.Equal(t, tc.body, pe.Detail, "the body stays available")
		})
	}
}
