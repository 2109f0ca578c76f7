package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/rollout/webhook"
)

// A gate that answers 202 passes; one that answers 403 fails, and the
// error says why.
func ExampleCaller_Call() {
	gate := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/open" {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		http.Error(w, "gate closed", http.StatusForbidden)
	}))
	defer gate.Close()

	c, err := webhook.New(webhook.Options{})
	if err != nil {
		panic(err)
	}
	for _, path := range []string{"/open", "/closed"} {
		res, err := c.Call(context.Background(), runner.HookRequest{
			Webhook: rollout.Webhook{Name: "approval", Type: rollout.ConfirmPromotion, URL: gate.URL + path,
				Timeout: metav1.Duration{Duration: 5 * time.Second}},
			Name: "podinfo", Namespace: "test", Phase: rollout.Progressing, Revision: "r2",
		})
		fmt.Println(path, res, err != nil)
	}
	// Output:
	// /open pass false
	// /closed fail true
}

// Show a webhook URL in an event without its secrets: a Slack path token, a query token and a password.
func ExampleRedactURL() {
	fmt.Println(webhook.RedactURL("https://hooks.slack.com/services/T0001/B0002/AbCdEfGhIjKlMnOp"))
	fmt.Println(webhook.RedactURL("https://ops:hunter2@gate.example.com/gate/approve?token=abc123&sig=ff00"))
	// Output:
	// https://hooks.slack.com/services/xxxxx/xxxxx/xxxxx
	// https://xxxxx@gate.example.com/gate/approve?sig=xxxxx&token=xxxxx
}
