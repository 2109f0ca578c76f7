package main

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// report turns a tick's events into Kubernetes events on the target and log lines.
func (r *Reconciler) report(ctx context.Context, target *appsv1.Deployment, rep runner.TickReport) {
	logger := log.FromContext(ctx)
	for _, e := range rep.Events {
		r.event(target, string(e.Type), string(e.Reason), e.Message())
	}
	for name, msg := range rep.HookErrors {
		r.event(target, "Warning", "WebhookFailed", name+": "+msg)
	}
	logger.Info("tick", "phase", rep.Status.Phase, "canaryWeight", rep.Status.Routes.Canary,
		"failedChecks", rep.Status.FailedChecks, "actions", len(rep.Actions), "replayed", rep.Replayed)
}

// reportIntent warns about the words of the intent annotation that name no intent: they are
// consumed with the rest, so an operator must see that they did nothing.
func (r *Reconciler) reportIntent(target *appsv1.Deployment, in kube.Intent) {
	if len(in.Unknown) == 0 {
		return
	}
	r.event(target, "Warning", "UnknownIntent", fmt.Sprintf(
		"annotation %s: ignored %q; the intents are promote, abort, retry, skip and suspend",
		kube.AnnotationIntent, in.Unknown))
}

func (r *Reconciler) event(obj runtime.Object, eventType, reason, msg string) {
	if r.Recorder != nil {
		r.Recorder.Eventf(obj, nil, eventType, reason, "Analysis", "%s", msg)
	}
}
