package webhook_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/rollout/webhook"
)

// recorder is a webhook server that answers with status after delay and
// records what it received.
type recorder struct {
	status int
	delay  time.Duration
	body   string

	mu       sync.Mutex
	payloads []webhook.Payload
	headers  []http.Header
	methods  []string
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	data, _ := io.ReadAll(req.Body)
	var p webhook.Payload
	_ = json.Unmarshal(data, &p)
	r.mu.Lock()
	r.payloads = append(r.payloads, p)
	r.headers = append(r.headers, req.Header.Clone())
	r.methods = append(r.methods, req.Method)
	r.mu.Unlock()
	select {
	case <-time.After(r.delay):
	case <-req.Context().Done(): // the caller gave up; do not hold the test server open
		return
	}
	w.WriteHeader(r.status)
	_, _ = io.WriteString(w, r.body)
}

func start(t *testing.T, r *recorder) string {
	t.Helper()
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return srv.URL
}

func request(url string, timeout time.Duration) runner.HookRequest {
	return runner.HookRequest{
		Webhook: rollout.Webhook{Name: "load-test", Type: rollout.PreRollout, URL: url,
			Timeout: metav1.Duration{Duration: timeout}, Metadata: map[string]string{"cmd": "hey -z 1m http://podinfo.test:9898/"}},
		Name: "podinfo", Namespace: "test", Phase: rollout.Progressing, Revision: "7d9f8c",
	}
}

func TestCallAppliesFlaggersPassRule(t *testing.T) {
	cases := map[string]struct {
		status int
		want   rollout.HookResult
	}{
		"200 passes": {http.StatusOK, rollout.HookPass},
		"201 passes": {http.StatusCreated, rollout.HookPass},
		"202 passes": {http.StatusAccepted, rollout.HookPass},
		"203 fails":  {http.StatusNonAuthoritativeInfo, rollout.HookFail},
		"204 fails":  {http.StatusNoContent, rollout.HookFail},
		"302 fails":  {http.StatusFound, rollout.HookFail},
		"403 fails":  {http.StatusForbidden, rollout.HookFail},
		"500 fails":  {http.StatusInternalServerError, rollout.HookFail},
		"503 fails":  {http.StatusServiceUnavailable, rollout.HookFail},
	}
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			url := start(t, &recorder{status: tc.status, body: "load test says no"})
			got, err := c.Call(context.Background(), request(url, time.Second))
			assert.Equal(t, tc.want, got)
			if tc.want == rollout.HookPass {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, webhook.ErrRejected)
			var ce *webhook.CallError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tc.status, ce.Status)
			assert.Equal(t, "load-test", ce.Webhook)
		})
	}
}

func TestCallSendsFlaggersPayload(t *testing.T) {
	r := &recorder{status: http.StatusOK}
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	req := request(start(t, r), time.Second)
	_, err = c.Call(context.Background(), req)
	require.NoError(t, err)
	require.Len(t, r.payloads, 1)
	assert.Equal(t, webhook.Payload{Name: "podinfo", Namespace: "test", Phase: "Progressing", Checksum: "7d9f8c",
		Metadata: map[string]string{"cmd": "hey -z 1m http://podinfo.test:9898/"}}, r.payloads[0])
	assert.Equal(t, http.MethodPost, r.methods[0])
	assert.Equal(t, "application/json", r.headers[0].Get("Content-Type"))
}

func TestPayloadJSONMatchesFlagger(t *testing.T) {
	p := webhook.PayloadOf(runner.HookRequest{Name: "podinfo", Namespace: "test", Phase: rollout.Failed,
		Revision: "abc", Webhook: rollout.Webhook{Metadata: map[string]string{"k": "v"}}})
	data, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"podinfo","namespace":"test","phase":"Failed","checksum":"abc","metadata":{"k":"v"}}`, string(data))
}

func TestPayloadCopiesMetadata(t *testing.T) {
	meta := map[string]string{"k": "v"}
	p := webhook.PayloadOf(runner.HookRequest{Webhook: rollout.Webhook{Metadata: meta}})
	p.Metadata["k"] = "changed"
	assert.Equal(t, "v", meta["k"])
}

func TestCallSlowServerFailsAtTheTimeout(t *testing.T) {
	r := &recorder{status: http.StatusOK, delay: 5 * time.Second}
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	start0 := time.Now()
	got, err := c.Call(context.Background(), request(start(t, r), 100*time.Millisecond))
	assert.Less(t, time.Since(start0), 2*time.Second)
	assert.Equal(t, rollout.HookFail, got, "a 200 that arrives after the timeout still fails")
	assert.ErrorIs(t, err, webhook.ErrTimeout)
	assert.Contains(t, err.Error(), "100ms")
}

func TestCallHangingServerUsesTheDefaultTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select { // hang until released or abandoned
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c, err := webhook.New(webhook.Options{DefaultTimeout: 150 * time.Millisecond})
	require.NoError(t, err)
	got, err := c.Call(context.Background(), request(srv.URL, 0))
	assert.Equal(t, rollout.HookFail, got)
	assert.ErrorIs(t, err, webhook.ErrTimeout)
}

func TestCallServerThatHangsUpFails(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close() // drop the connection without an answer
		}
	}))
	t.Cleanup(srv.Close)
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	got, err := c.Call(context.Background(), request(srv.URL, time.Second))
	assert.Equal(t, rollout.HookFail, got)
	var ce *webhook.CallError
	require.ErrorAs(t, err, &ce)
	assert.Zero(t, ce.Status)
	assert.NotErrorIs(t, err, webhook.ErrTimeout)
}

func TestCallUnreachableServerFails(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	got, err := c.Call(context.Background(), request(url, time.Second))
	assert.Equal(t, rollout.HookFail, got)
	assert.Error(t, err)
}

func TestCallCancelledByCaller(t *testing.T) {
	r := &recorder{status: http.StatusOK, delay: 5 * time.Second}
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	got, err := c.Call(ctx, request(start(t, r), time.Minute))
	assert.Equal(t, rollout.HookFail, got)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestCallKeepsTheStartOfARejection(t *testing.T) {
	long := make([]byte, 10_000)
	for i := range long {
		long[i] = 'x'
	}
	r := &recorder{status: http.StatusBadRequest, body: "halt: error budget exhausted " + string(long)}
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	_, err = c.Call(context.Background(), request(start(t, r), time.Second))
	var ce *webhook.CallError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Body, "halt: error budget exhausted")
	assert.LessOrEqual(t, len(ce.Body), 512)
}

func TestCallRejectsBadWebhooks(t *testing.T) {
	cases := map[string]struct {
		url     string
		timeout time.Duration
		field   string
	}{
		"no url":           {"", time.Second, "webhooks[load-test].url"},
		"not http":         {"ftp://example.com/hook", time.Second, "webhooks[load-test].url"},
		"no host":          {"http:///hook", time.Second, "webhooks[load-test].url"},
		"unparsable":       {"http://[::1", time.Second, "webhooks[load-test].url"},
		"negative timeout": {"http://example.com/", -time.Second, "webhooks[load-test].timeout"},
	}
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := c.Call(context.Background(), request(tc.url, tc.timeout))
			assert.Equal(t, rollout.HookFail, got)
			assert.ErrorIs(t, err, webhook.ErrInvalid)
			var ve *webhook.ValidationError
			require.True(t, errors.As(err, &ve))
			assert.Equal(t, tc.field, ve.Field)
		})
	}
}

func TestNewRejectsNegativeTimeout(t *testing.T) {
	_, err := webhook.New(webhook.Options{DefaultTimeout: -1})
	assert.ErrorIs(t, err, webhook.ErrInvalid)
}

func TestCallerIsAHookCaller(t *testing.T) {
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	var _ runner.HookCaller = c
}

func BenchmarkCall(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	c, err := webhook.New(webhook.Options{})
	require.NoError(b, err)
	req := request(srv.URL, time.Second)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if got, err := c.Call(ctx, req); got != rollout.HookPass {
			b.Fatal(err)
		}
	}
}

func TestCallErrorsNeverShowCredentials(t *testing.T) {
	c, err := webhook.New(webhook.Options{})
	require.NoError(t, err)
	for _, raw := range []string{"http://user:s3cr3t@127.0.0.1:1/gate", "ftp://user:s3cr3t@host/x", "http://user:s3cr3t@[::1/x"} {
		_, err := c.Call(context.Background(), runner.HookRequest{Webhook: rollout.Webhook{Name: "gate", URL: raw,
			Timeout: metav1.Duration{Duration: time.Second}}})
		require.Error(t, err)
		assert.NotContains(t, err.Error(), "s3cr3t", raw)
	}
}
