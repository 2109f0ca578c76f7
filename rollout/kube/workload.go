package kube

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Workload is runner.Workload over a target Deployment, which serves as the canary, and its
// primary copy <target>-primary (see PrimaryName). It keeps no state between calls, so it is safe
// for concurrent use; the API server arbitrates concurrent writers.
type Workload struct {
	c      client.Client
	r      client.Reader
	target types.NamespacedName
}

var _ runner.Workload = (*Workload)(nil)

// NewWorkload returns the Workload of opts.Target. Missing options are a *ValidationError.
func NewWorkload(c client.Client, opts Options) (*Workload, error) {
	if err := opts.validate(c); err != nil {
		return nil, err
	}
	return &Workload{c: c, r: opts.reader(c), target: opts.Target}, nil
}

func (w *Workload) primaryKey() types.NamespacedName {
	return types.NamespacedName{Namespace: w.target.Namespace, Name: PrimaryName(w.target.Name)}
}

func (w *Workload) get(ctx context.Context, key types.NamespacedName) (*appsv1.Deployment, error) {
	d := &appsv1.Deployment{}
	if err := w.r.Get(ctx, key, d); err != nil {
		return nil, fmt.Errorf("kube: get deployment %s: %w", key, err)
	}
	return d, nil
}

// Observe implements runner.Workload: the target template's revision and the readiness of both
// Deployments.
func (w *Workload) Observe(ctx context.Context) (runner.WorkloadState, error) {
	canary, err := w.get(ctx, w.target)
	if err != nil {
		return runner.WorkloadState{}, err
	}
	primary, err := w.get(ctx, w.primaryKey())
	if err != nil {
		return runner.WorkloadState{}, err
	}
	rev, err := RevisionOf(canary)
	if err != nil {
		return runner.WorkloadState{}, err
	}
	return runner.WorkloadState{Revision: rev, Primary: Readiness(primary), Canary: Readiness(canary)}, nil
}

// ScaleCanary implements runner.Workload: it scales the target to the primary's replica count, or
// to zero.
func (w *Workload) ScaleCanary(ctx context.Context, up bool) error {
	replicas := int32(0)
	if up {
		primary, err := w.get(ctx, w.primaryKey())
		if err != nil {
			return err
		}
		replicas = ptr.Deref(primary.Spec.Replicas, 1)
	}
	return w.scale(ctx, replicas)
}

func (w *Workload) scale(ctx context.Context, replicas int32) error {
	canary, err := w.get(ctx, w.target)
	if err != nil {
		return err
	}
	if ptr.Deref(canary.Spec.Replicas, 1) == replicas {
		return nil
	}
	patch := client.MergeFrom(canary.DeepCopy())
	canary.Spec.Replicas = ptr.To(replicas)
	if err := w.c.Patch(ctx, canary, patch); err != nil {
		return fmt.Errorf("kube: scale %s to %d: %w", w.target, replicas, err)
	}
	return nil
}

// CanaryReplicas returns the replicas the target's spec asks for.
func (w *Workload) CanaryReplicas(ctx context.Context) (int32, error) {
	canary, err := w.get(ctx, w.target)
	if err != nil {
		return 0, err
	}
	return ptr.Deref(canary.Spec.Replicas, 1), nil
}

// PromoteSpec implements runner.Workload: it copies the target's pod template to the primary if
// the template is still at revision, and records revision on the primary (AnnotationRevision).
// The copy is of the template whose revision was compared, so the primary gets exactly the
// analysed revision even if the target changes meanwhile. A template that moved on changes
// nothing and returns a *RevisionChangedError, which matches runner.ErrRevisionChanged — unless
// the primary already runs revision, which is a replay of a promotion that succeeded.
func (w *Workload) PromoteSpec(ctx context.Context, revision string) error {
	canary, err := w.get(ctx, w.target)
	if err != nil {
		return err
	}
	primary, err := w.get(ctx, w.primaryKey())
	if err != nil {
		return err
	}
	rev, err := RevisionOf(canary)
	if err != nil {
		return err
	}
	if rev != revision {
		if primary.Annotations[AnnotationRevision] == revision {
			return nil // promoted already; the template moved on since
		}
		return &RevisionChangedError{Target: w.target, Want: revision, Got: rev}
	}
	patch := client.MergeFrom(primary.DeepCopy())
	primary.Spec.Template = primaryTemplate(canary)
	setAnnotation(primary, AnnotationRevision, rev)
	if err := w.c.Patch(ctx, primary, patch); err != nil {
		return fmt.Errorf("kube: promote %s revision %s: %w", w.target, rev, err)
	}
	return nil
}

// RevisionOf returns the revision of a Deployment's pod template (rollout.RevisionOf).
func RevisionOf(d *appsv1.Deployment) (string, error) {
	rev, err := rollout.RevisionOf(d.Spec.Template)
	if err != nil {
		return "", fmt.Errorf("kube: revision of %s/%s: %w", d.Namespace, d.Name, err)
	}
	return rev, nil
}

func setAnnotation(d *appsv1.Deployment, key, value string) {
	if d.Annotations == nil {
		d.Annotations = map[string]string{}
	}
	d.Annotations[key] = value
}
