package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// DefaultTimeout is Flagger's webhook timeout, used when a webhook sets
// none.
const DefaultTimeout = 10 * time.Second

// maxBody is how much of an answer is kept for the error message.
const maxBody = 512

// Options configures a Caller.
type Options struct {
	// Client sends the requests; nil means a client of its own with
	// http.DefaultTransport. Its Timeout, if any, also applies.
	Client *http.Client
	// DefaultTimeout applies to webhooks without a timeout; zero means
	// DefaultTimeout, negative is invalid.
	DefaultTimeout time.Duration
}

// Caller calls webhooks over HTTP. It implements runner.HookCaller and is
// safe for concurrent use.
type Caller struct {
	client  *http.Client
	timeout time.Duration
}

// New returns a Caller.
func New(opts Options) (*Caller, error) {
	if opts.DefaultTimeout < 0 {
		return nil, &ValidationError{Field: "defaultTimeout", Reason: opts.DefaultTimeout.String() + " is negative"}
	}
	c := &Caller{client: opts.Client, timeout: opts.DefaultTimeout}
	if c.client == nil {
		c.client = &http.Client{}
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	return c, nil
}

// Call posts req's payload to its webhook and applies Flagger's rule: a
// status up to 202 within the timeout passes, anything else fails. A
// failure comes with an error saying why (a *ValidationError for a bad
// webhook, a *CallError otherwise); Call never panics and never passes a
// call it could not complete.
func (c *Caller) Call(ctx context.Context, req runner.HookRequest) (rollout.HookResult, error) {
	w := req.Webhook
	u, err := checkURL(w)
	if err != nil {
		return rollout.HookFail, err
	}
	// Errors end up in events and logs: the URL is shown redacted, and anything quoting it is redacted too.
	target, shown, rd := u.String(), RedactURL(w.URL), redactor(w.URL, u)
	if w.Timeout.Duration < 0 {
		return rollout.HookFail, &ValidationError{Field: "webhooks[" + w.Name + "].timeout", Reason: "is negative"}
	}
	timeout := w.Timeout.Duration
	if timeout == 0 {
		timeout = c.timeout
	}
	body, err := json.Marshal(PayloadOf(req))
	if err != nil {
		return rollout.HookFail, &CallError{Webhook: w.Name, URL: shown, Err: err}
	}
	status, answer, err := c.post(ctx, target, body, timeout)
	timedOut := errors.Is(err, ErrTimeout)
	result := rollout.PassFromStatus(status, timedOut || err != nil)
	if result == rollout.HookPass {
		return result, nil
	}
	if err == nil {
		err = fmt.Errorf("%w: status %d is above 202", ErrRejected, status)
	}
	return result, &CallError{Webhook: w.Name, URL: shown, Status: status, Body: rd.Replace(answer),
		Err: redacted{err: err, msg: rd.Replace(err.Error())}}
}

// post sends body and returns the status and the start of the answer. A
// deadline that expires before the answer is read is ErrTimeout: a server
// that answers 200 only after the timeout still fails.
func (c *Caller) post(ctx context.Context, target string, body []byte, timeout time.Duration) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	hreq.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(hreq)
	if err != nil {
		return 0, "", classify(ctx, err, timeout)
	}
	defer func() { _ = resp.Body.Close() }()
	head, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return resp.StatusCode, "", classify(ctx, err, timeout)
	}
	_, _ = io.Copy(io.Discard, resp.Body) // lets the connection be reused
	if ctx.Err() != nil {
		return resp.StatusCode, "", classify(ctx, ctx.Err(), timeout)
	}
	return resp.StatusCode, strings.TrimSpace(string(head)), nil
}

func classify(ctx context.Context, err error, timeout time.Duration) error {
	var ne net.Error
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return fmt.Errorf("%w after %s: %w", ErrTimeout, timeout, err)
	}
	return err
}

func checkURL(w rollout.Webhook) (*url.URL, error) {
	field := "webhooks[" + w.Name + "].url"
	if w.URL == "" {
		return nil, &ValidationError{Field: field, Reason: "is required"}
	}
	u, err := url.Parse(w.URL)
	if err != nil { // url's error quotes the whole URL, credentials included: do not pass it on
		return nil, &ValidationError{Field: field, Reason: "is not a valid URL"}
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &ValidationError{Field: field, Reason: fmt.Sprintf("%q is not an http(s) URL", RedactURL(w.URL))}
	}
	return u, nil
}

// redacted is an error whose message had the webhook URL's secrets taken out; errors.Is and As still
// see the cause.
type redacted struct {
	err error
	msg string
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }
