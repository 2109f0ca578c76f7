package kube

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/rollout"
)

// Readiness follows `kubectl rollout status`: the Deployment controller saw the latest spec and
// every wanted replica is updated and available. A Deployment past its progress deadline is
// rollout.Fatal; one scaled to zero is not ready, since it serves nothing.
func Readiness(d *appsv1.Deployment) rollout.Readiness {
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
