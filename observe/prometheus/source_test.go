package prometheus_test

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

func TestQueryMapsAnswersToSamples(t *testing.T) {
	cases := map[string]struct {
		status int
		body   string
		want   observe.Sample
		cause  error // for QueryError samples, what Do's error wraps
	}{
		"one series":      {body: vectorBody("99.5"), want: observe.Value(99.5)},
		"scalar":          {body: `{"status":"success","data":{"resultType":"scalar","result":[1700000000,"42"]}}`, want: observe.Value(42)},
		"empty vector":    {body: vectorBody(), want: observe.Empty()},
		"NaN":             {body: vectorBody("NaN"), want: observe.Empty()},
		"+Inf is a value": {body: vectorBody("+Inf"), want: observe.Value(math.Inf(1))},
		"two series":      {body: vectorBody("1", "2"), want: observe.Sample{Kind: observe.QueryError}, cause: prometheus.ErrAmbiguous},
		"matrix": {body: `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1700000000,"1"]]}]}}`,
			want: observe.Sample{Kind: observe.QueryError}, cause: prometheus.ErrAmbiguous},
		"string result": {body: `{"status":"success","data":{"resultType":"string","result":[1700000000,"x"]}}`,
			want: observe.Sample{Kind: observe.QueryError}},
		"bad PromQL": {status: http.StatusBadRequest, body: `{"status":"error","errorType":"bad_data","error":"parse error at char 5"}`,
			want: observe.Sample{Kind: observe.QueryError}},
		"server error": {status: http.StatusServiceUnavailable, body: `{"status":"error","errorType":"unavailable","error":"overloaded"}`,
			want: observe.Sample{Kind: observe.QueryError}},
		"garbage JSON":  {body: `<html>oops</html>`, want: observe.Sample{Kind: observe.QueryError}},
		"garbage value": {body: vectorBody("abc"), want: observe.Sample{Kind: observe.QueryError}},
		"truncated":     {body: `{"status":"success","data":{"resultType":"vector","result":[`, want: observe.Sample{Kind: observe.QueryError}},
		"proxy 502":     {status: http.StatusBadGateway, body: `bad gateway`, want: observe.Sample{Kind: observe.QueryError}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := serve(t, &fakeAPI{status: tc.status, body: tc.body}, prometheus.Options{})
			got := s.Query(context.Background(), observe.Query{Metric: "m", Expr: "up"})
			assert.Equal(t, tc.want.Kind, got.Kind, "sample %+v", got)
			if tc.want.Kind == observe.HasValue {
				assert.Equal(t, tc.want.Value, got.Value)
				return
			}
			if tc.want.Kind != observe.QueryError {
				return
			}
			assert.Contains(t, got.Err, `query "up"`)
			assert.False(t, got.Check(observe.Range{}), "an error must never pass a check")
			_, err := s.Do(context.Background(), "up")
			var qe *prometheus.QueryError
			require.ErrorAs(t, err, &qe)
			assert.Equal(t, "up", qe.Query)
			if tc.cause != nil {
				assert.ErrorIs(t, err, tc.cause)
			}
		})
	}
}

func TestQueryPrometheusErrorIsTyped(t *testing.T) {
	s := serve(t, &fakeAPI{status: http.StatusUnprocessableEntity,
		body: `{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}`}, prometheus.Options{})
	_, err := s.Do(context.Background(), "a / b")
	var pe *promv1.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, promv1.ErrExec, pe.Type)
}

func TestQuerySlowServerTimesOut(t *testing.T) {
	f := &fakeAPI{body: vectorBody("100"), delay: 5 * time.Second}
	s := serve(t, f, prometheus.Options{Timeout: 100 * time.Millisecond})
	start := time.Now()
	got := s.Query(context.Background(), observe.Query{Metric: "m", Expr: "up"})
	assert.Less(t, time.Since(start), 2*time.Second, "the timeout must cut the query short")
	assert.Equal(t, observe.QueryError, got.Kind)
	_, err := s.Do(context.Background(), "up")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	// The server is told the same deadline, so Prometheus stops evaluating.
	require.NotEmpty(t, f.seen())
	assert.Equal(t, "100ms", f.seen()[0].Get("timeout"))
}

func TestQueryServerDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.URL
	srv.Close() // nothing listens there any more
	s, err := prometheus.NewForAddress(addr, prometheus.Options{Timeout: time.Second})
	require.NoError(t, err)
	got := s.Query(context.Background(), observe.Query{Metric: "m", Expr: "up"})
	assert.Equal(t, observe.QueryError, got.Kind)
	assert.Contains(t, got.Err, "connect")
}

func TestQueryHonoursCallerCancellation(t *testing.T) {
	s := serve(t, &fakeAPI{body: vectorBody("1"), delay: 5 * time.Second}, prometheus.Options{Timeout: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := s.Do(ctx, "up")
	assert.ErrorIs(t, err, context.Canceled)
}

func TestQueryUsesInjectedClock(t *testing.T) {
	at := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	f := &fakeAPI{body: vectorBody("1")}
	s := serve(t, f, prometheus.Options{Now: func() time.Time { return at }})
	s.Query(context.Background(), observe.Query{Metric: "m", Expr: "up"})
	require.Len(t, f.seen(), 1)
	assert.Equal(t, "1777636800", f.seen()[0].Get("time"))
	assert.Equal(t, "up", f.seen()[0].Get("query"))
}

func TestSampleRendersTheTemplate(t *testing.T) {
	f := &fakeAPI{body: vectorBody("99.9")}
	s := serve(t, f, prometheus.Options{})
	tmpl, err := observe.Builtin(observe.Istio, observe.RequestSuccessRate)
	require.NoError(t, err)
	got := s.Sample(context.Background(), tmpl, observe.Variables{Namespace: "test", Target: "podinfo", Interval: 30 * time.Second})
	assert.Equal(t, observe.Value(99.9), got)
	q := f.seen()[0].Get("query")
	assert.Contains(t, q, `destination_workload_namespace="test"`)
	assert.Contains(t, q, `destination_workload=~"podinfo"`)
	assert.Contains(t, q, `[30s]`)
}

func TestSampleRenderFailureIsAnErrorSample(t *testing.T) {
	f := &fakeAPI{body: vectorBody("1")}
	s := serve(t, f, prometheus.Options{})
	got := s.Sample(context.Background(), observe.Template{Name: "bad", Query: "rate(x{a=\"{{ nope }}\"}[1m])"}, observe.Variables{})
	assert.Equal(t, observe.QueryError, got.Kind)
	assert.Contains(t, got.Err, "nope")
	assert.Empty(t, f.seen(), "a template that does not render must not be sent")
}

func TestNewRejectsBadOptions(t *testing.T) {
	_, err := prometheus.New(nil, prometheus.Options{})
	assertInvalid(t, err, "api")
	_, err = prometheus.NewForAddress("", prometheus.Options{})
	assertInvalid(t, err, "address")
	_, err = prometheus.NewForAddress("http://127.0.0.1:9", prometheus.Options{Timeout: -time.Second})
	assertInvalid(t, err, "timeout")
	_, err = prometheus.NewForAddress("://no-scheme", prometheus.Options{})
	assertInvalid(t, err, "address")
}

func assertInvalid(t *testing.T, err error, field string) {
	t.Helper()
	require.Error(t, err)
	assert.ErrorIs(t, err, prometheus.ErrInvalid)
	var ve *prometheus.ValidationError
	require.True(t, errors.As(err, &ve))
	assert.Equal(t, field, ve.Field)
}

func BenchmarkQuery(b *testing.B) {
	srv := httptest.NewServer(&fakeAPI{status: http.StatusOK, body: vectorBody("99.5")})
	defer srv.Close()
	s, err := prometheus.NewForAddress(srv.URL, prometheus.Options{})
	require.NoError(b, err)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if got := s.Query(ctx, observe.Query{Expr: "up"}); got.Kind != observe.HasValue {
			b.Fatal(got)
		}
	}
}
