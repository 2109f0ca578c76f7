package main

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// deploymentWorkload is runner.Workload over a target Deployment (the canary, which users edit) and
// its primary copy.
type deploymentWorkload struct {
	c      client.Client
	target types.NamespacedName
}

var _ runner.Workload = (*deploymentWorkload)(nil)

func (w *deploymentWorkload) get(ctx context.Context, name string) (*appsv1.Deployment, error) {
	d := &appsv1.Deployment{}
	err := w.c.Get(ctx, types.NamespacedName{Namespace: w.target.Namespace, Name: name}, d)
	return d, err
}

// Observe reports the target template's revision and the readiness of both Deployments.
func (w *deploymentWorkload) Observe(ctx context.Context) (runner.WorkloadState, error) {
	canary, err := w.get(ctx, w.target.Name)
	if err != nil {
		return runner.WorkloadState{}, err
	}
	primary, err := w.get(ctx, primaryName(w.target.Name))
	if err != nil {
		return runner.WorkloadState{}, err
	}
	rev, err := rollout.RevisionOf(canary.Spec.Template)
	if err != nil {
		return runner.WorkloadState{}, err
	}
	return runner.WorkloadState{Revision: rev, Primary: readiness(primary), Canary: readiness(canary)}, nil
}

// readiness follows `kubectl rollout status`: the controller saw the latest spec and every replica is
// updated and available. A Deployment past its progress deadline is Fatal.
func readiness(d *appsv1.Deployment) rollout.Readiness {
	for _, c := range d.Status.Conditions {
		if c.Type == appsv1.DeploymentProgressing && c.Status == corev1.ConditionFalse &&
			c.Reason == "ProgressDeadlineExceeded" {
			return rollout.Fatal
		}
	}
	want := ptr.Deref(d.Spec.Replicas, 1)
	s := d.Status
	if want == 0 || s.ObservedGeneration < d.Generation || s.UpdatedReplicas < want || s.AvailableReplicas < want {
		return rollout.NotReady
	}
	return rollout.Ready
}

// ScaleCanary scales the target to the primary's replica count, or to zero.
func (w *deploymentWorkload) ScaleCanary(ctx context.Context, up bool) error {
	replicas := int32(0)
	if up {
		primary, err := w.get(ctx, primaryName(w.target.Name))
		if err != nil {
			return err
		}
		replicas = ptr.Deref(primary.Spec.Replicas, 1)
	}
	canary, err := w.get(ctx, w.target.Name)
	if err != nil {
		return err
	}
	patch := client.MergeFrom(canary.DeepCopy())
	canary.Spec.Replicas = ptr.To(replicas)
	if err := w.c.Patch(ctx, canary, patch); err != nil {
		return fmt.Errorf("scale %s to %d: %w", w.target, replicas, err)
	}
	return nil
}

// PromoteSpec copies the target's pod template to the primary, relabelled for the primary's selector.
func (w *deploymentWorkload) PromoteSpec(ctx context.Context) error {
	canary, err := w.get(ctx, w.target.Name)
	if err != nil {
		return err
	}
	primary, err := w.get(ctx, primaryName(w.target.Name))
	if err != nil {
		return err
	}
	patch := client.MergeFrom(primary.DeepCopy())
	primary.Spec.Template = primaryTemplate(canary)
	return w.c.Patch(ctx, primary, patch)
}

// primaryTemplate is the target's template with app=<primary> so the primary's pods are its own.
func primaryTemplate(target *appsv1.Deployment) corev1.PodTemplateSpec {
	t := *target.Spec.Template.DeepCopy()
	if t.Labels == nil {
		t.Labels = map[string]string{}
	}
	t.Labels["app"] = primaryName(target.Name)
	return t
}

// newPrimary is the primary Deployment created on first sight of a target.
func newPrimary(target *appsv1.Deployment) *appsv1.Deployment {
	name := primaryName(target.Name)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: target.Namespace, Labels: map[string]string{"app": name}},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(ptr.Deref(target.Spec.Replicas, 1)),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": name}},
			Template: primaryTemplate(target),
		},
	}
}
