package kube

import (
	"context"
	"fmt"
	"maps"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
)

// EnsurePrimary creates the primary, a copy of the target, when it does not exist, and reports
// whether it did. The primary is controlled by the target (an owner reference with controller and
// blockOwnerDeletion set), so deleting the target deletes the primary. An existing primary without
// a controller is adopted only if this adapter could have created it (see createdByUs): an
// unrelated Deployment that happens to be named <target>-primary is an error matching
// ErrPrimaryNotOwned, as is one whose controller is another object. A primary controlled by an
// earlier object of the target's name (the target was deleted and recreated) is adopted by the
// new one.
func (w *Workload) EnsurePrimary(ctx context.Context) (created bool, err error) {
	target, err := w.get(ctx, w.target)
	if err != nil {
		return false, err
	}
	primary := &appsv1.Deployment{}
	err = w.r.Get(ctx, w.primaryKey(), primary)
	if apierrors.IsNotFound(err) {
		return w.createPrimary(ctx, target)
	}
	if err != nil {
		return false, fmt.Errorf("kube: get deployment %s: %w", w.primaryKey(), err)
	}
	return false, w.adopt(ctx, target, primary)
}

// PrimaryExists reports whether the primary Deployment exists, read through Options.Reader. A
// controller that finds a record but no primary (deleted by hand, or garbage-collected after the
// target was recreated) calls Prepare again: nothing else recreates it.
func (w *Workload) PrimaryExists(ctx context.Context) (bool, error) {
	_, err := w.get(ctx, w.primaryKey())
	if apierrors.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

func (w *Workload) createPrimary(ctx context.Context, target *appsv1.Deployment) (bool, error) {
	primary, err := newPrimary(target)
	if err != nil {
		return false, err
	}
	err = w.c.Create(ctx, primary)
	if apierrors.IsAlreadyExists(err) {
		return false, nil // created by a concurrent setup; adopted on the next call if need be
	}
	if err != nil {
		return false, fmt.Errorf("kube: create primary %s: %w", w.primaryKey(), err)
	}
	return true, nil
}

func (w *Workload) adopt(ctx context.Context, target, primary *appsv1.Deployment) error {
	ref := metav1.GetControllerOf(primary)
	switch {
	case ref != nil && ref.UID == target.UID:
		return nil
	case ref != nil && (ref.Kind != "Deployment" || ref.Name != target.Name):
		return fmt.Errorf("%w: %s is controlled by %s %s", ErrPrimaryNotOwned, w.primaryKey(), ref.Kind, ref.Name)
	case ref == nil && !createdByUs(primary):
		return fmt.Errorf("%w: %s has no controller and is not a primary this controller creates "+
			"(no %s annotation; labels or selector other than app=%s): refusing to adopt it; rename or delete it",
			ErrPrimaryNotOwned, w.primaryKey(), AnnotationRevision, primary.Name)
	}
	patch := client.MergeFromWithOptions(primary.DeepCopy(), client.MergeFromWithOptimisticLock{})
	refs := []metav1.OwnerReference{ownerRef(target)}
	for _, r := range primary.OwnerReferences {
		if r.Controller == nil || !*r.Controller {
			refs = append(refs, r)
		}
	}
	primary.OwnerReferences = refs
	if err := w.c.Patch(ctx, primary, patch); err != nil {
		return fmt.Errorf("kube: adopt primary %s: %w", w.primaryKey(), err)
	}
	return nil
}

// createdByUs reports whether a primary without a controller may be one this adapter created and
// lost the owner reference of (an orphaning delete of an earlier target, an edit): it carries the
// revision annotation newPrimary sets, or exactly the labels and selector newPrimary sets.
// Anything else is someone else's Deployment, which adopting would hand to the target's garbage
// collection and to its promotions.
func createdByUs(primary *appsv1.Deployment) bool {
	if primary.Annotations[AnnotationRevision] != "" {
		return true
	}
	own := map[string]string{"app": primary.Name}
	sel := primary.Spec.Selector
	return sel != nil && len(sel.MatchExpressions) == 0 && maps.Equal(sel.MatchLabels, own) &&
		maps.Equal(primary.Labels, own)
}

// ownerRef makes target the controller of the primary.
func ownerRef(target *appsv1.Deployment) metav1.OwnerReference {
	return metav1.OwnerReference{APIVersion: appsv1.SchemeGroupVersion.String(), Kind: "Deployment",
		Name: target.Name, UID: target.UID, Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}
}

// newPrimary is the primary Deployment of target: its template relabelled, its replicas, its
// revision recorded.
func newPrimary(target *appsv1.Deployment) (*appsv1.Deployment, error) {
	rev, err := RevisionOf(target)
	if err != nil {
		return nil, err
	}
	name := PrimaryName(target.Name)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: target.Namespace,
			Labels:          map[string]string{"app": name},
			Annotations:     map[string]string{AnnotationRevision: rev},
			OwnerReferences: []metav1.OwnerReference{ownerRef(target)}},
		Spec: appsv1.DeploymentSpec{
			Replicas: ptr.To(ptr.Deref(target.Spec.Replicas, 1)),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"app": name}},
			Template: primaryTemplate(target),
		},
	}, nil
}

// primaryTemplate is the target's template with app=<primary>, so the primary's pods are its own
// and not the canary's.
func primaryTemplate(target *appsv1.Deployment) corev1.PodTemplateSpec {
	t := *target.Spec.Template.DeepCopy()
	if t.Labels == nil {
		t.Labels = map[string]string{}
	}
	t.Labels["app"] = PrimaryName(target.Name)
	return t
}

// PrimaryRevision returns the revision the primary runs, in the target's terms: the revision
// recorded when it was created or promoted (AnnotationRevision), or, for a primary that carries
// none, the target's revision when the primary's template is the target's, relabelled. Otherwise
// it is the primary template's own revision, which no target template has: a rollout of the
// target then starts a new analysis.
func (w *Workload) PrimaryRevision(ctx context.Context) (string, error) {
	primary, err := w.get(ctx, w.primaryKey())
	if err != nil {
		return "", err
	}
	if rev := primary.Annotations[AnnotationRevision]; rev != "" {
		return rev, nil
	}
	target, err := w.get(ctx, w.target)
	if err != nil {
		return "", err
	}
	own, err := rollout.RevisionOf(primary.Spec.Template)
	if err != nil {
		return "", fmt.Errorf("kube: revision of %s: %w", w.primaryKey(), err)
	}
	copied, err := rollout.RevisionOf(primaryTemplate(target))
	if err != nil {
		return "", fmt.Errorf("kube: revision of %s: %w", w.target, err)
	}
	if copied != own {
		return own, nil
	}
	return RevisionOf(target)
}
