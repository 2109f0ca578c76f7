package main

import (
	"context"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/log"

	"github.com/fleetkit/fleetkit/rollout"
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

func (r *Reconciler) event(obj runtime.Object, eventType, reason, msg string) {
	if r.Recorder != nil {
		r.Recorder.Eventf(obj, nil, eventType, reason, "Analysis", "%s", msg)
	}
}

// parseIntents reads a comma-separated list of promote, abort, retry, skip, suspend.
func parseIntents(s string) rollout.Intents {
	var in rollout.Intents
	for _, word := range strings.Split(s, ",") {
		switch strings.TrimSpace(word) {
		case "promote":
			in.Promote = true
		case "abort":
			in.Abort = true
		case "retry":
			in.Retry = true
		case "skip":
			in.Skip = true
		case "suspend":
			in.Suspend = true
		}
	}
	return in
}

func (r *Reconciler) clearIntent(ctx context.Context, key client.ObjectKey) error {
	d := &appsv1.Deployment{}
	if err := r.Client.Get(ctx, key, d); err != nil {
		return err
	}
	patch := client.MergeFrom(d.DeepCopy())
	delete(d.Annotations, AnnotationIntent)
	return r.Client.Patch(ctx, d, patch)
}
