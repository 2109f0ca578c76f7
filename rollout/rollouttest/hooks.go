package rollouttest

import (
	"context"
	"fmt"
	"sync"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Hooks answers webhook calls: the double for runner.HookCaller. Every
// webhook passes unless SetResult or SetError says otherwise.
type Hooks struct {
	mu       sync.Mutex
	results  map[string]rollout.HookResult
	errs     map[string]error
	requests []runner.HookRequest
	log      *journal
}

var _ runner.HookCaller = (*Hooks)(nil)

// NewHooks returns a caller whose webhooks all pass.
func NewHooks() *Hooks { return newHooks(&journal{}) }

func newHooks(log *journal) *Hooks {
	return &Hooks{results: map[string]rollout.HookResult{}, errs: map[string]error{}, log: log}
}

// SetResult makes the named webhook answer r.
func (h *Hooks) SetResult(webhook string, r rollout.HookResult) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.results[webhook] = r
	delete(h.errs, webhook)
}

// SetError makes the named webhook fail with err (rollout.HookFail and the
// error, as a timeout or refused connection is reported); nil clears it.
func (h *Hooks) SetError(webhook string, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil {
		delete(h.errs, webhook)
		return
	}
	h.errs[webhook] = err
}

// Requests returns every call received, in order.
func (h *Hooks) Requests() []runner.HookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]runner.HookRequest(nil), h.requests...)
}

// Count returns how many times the named webhook was called.
func (h *Hooks) Count(webhook string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, r := range h.requests {
		if r.Webhook.Name == webhook {
			n++
		}
	}
	return n
}

// Calls returns the caller's port calls in order.
func (h *Hooks) Calls() Calls { return h.log.snapshot("Hooks") }

// Call implements runner.HookCaller.
func (h *Hooks) Call(ctx context.Context, req runner.HookRequest) (rollout.HookResult, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests = append(h.requests, req)
	err := h.errs[req.Webhook.Name]
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		err = fmt.Errorf("rollouttest: webhook %s: %w", req.Webhook.Name, err)
	}
	h.log.add(OpCall, req.Webhook.Name, err)
	if err != nil {
		return rollout.HookFail, err
	}
	if r, ok := h.results[req.Webhook.Name]; ok {
		return r, nil
	}
	return rollout.HookPass, nil
}
