package kube_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Deleting the target must delete the primary: the primary is created controlled by the target.
// envtest runs no garbage collector, so the test asserts the reference the collector follows.
func TestPrimaryIsCreatedControlledByTheTarget(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-owner", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	created, err := w.EnsurePrimary(ctx)
	require.NoError(t, err)
	assert.True(t, created)

	tgt, primary := get(t, key.Namespace, "podinfo"), get(t, key.Namespace, "podinfo-primary")
	require.Len(t, primary.OwnerReferences, 1)
	ref := primary.OwnerReferences[0]
	assert.Equal(t, metav1.OwnerReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "podinfo", UID: tgt.UID,
		Controller: ptr.To(true), BlockOwnerDeletion: ptr.To(true)}, ref)
	assert.Equal(t, "podinfo:1.0", primary.Spec.Template.Spec.Containers[0].Image)
	assert.Equal(t, "podinfo-primary", primary.Spec.Template.Labels["app"], "the primary's pods are its own")
	assert.Equal(t, map[string]string{"app": "podinfo-primary"}, primary.Spec.Selector.MatchLabels)
	assert.Equal(t, int32(2), *primary.Spec.Replicas)
	rev, err := kube.RevisionOf(tgt)
	require.NoError(t, err)
	assert.Equal(t, rev, primary.Annotations[kube.AnnotationRevision])

	created, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, primary.ResourceVersion, get(t, key.Namespace, "podinfo-primary").ResourceVersion,
		"an owned primary is left alone")
}

// EnsurePrimary adopts a primary without a controller only if this adapter could have created it
// (its labels and selector, or its revision annotation): an unrelated Deployment that happens to
// be named <target>-primary is refused, never owned (deleting the target would delete it) nor
// promoted over.
func TestEnsurePrimaryAdoptsOnlyWhatTheTargetMayOwn(t *testing.T) {
	stale := metav1.OwnerReference{APIVersion: "apps/v1", Kind: "Deployment", Name: "podinfo",
		UID: types.UID("0b9d6f4e-0000-4000-8000-000000000001"), Controller: ptr.To(true)}
	other := metav1.OwnerReference{APIVersion: "argoproj.io/v1alpha1", Kind: "Rollout", Name: "podinfo",
		UID: types.UID("0b9d6f4e-0000-4000-8000-000000000002"), Controller: ptr.To(true)}
	// asCreated gives the primary the labels and selector EnsurePrimary creates it with.
	asCreated := func(d *appsv1.Deployment) {
		labels := map[string]string{"app": "podinfo-primary"}
		d.Labels, d.Spec.Selector.MatchLabels, d.Spec.Template.Labels = labels, labels, labels
	}
	annotated := func(d *appsv1.Deployment) { d.Annotations = map[string]string{kube.AnnotationRevision: "5d8f7c9b6a"} }
	tests := []struct {
		name    string
		ns      string
		refs    []metav1.OwnerReference
		shape   func(*appsv1.Deployment)
		wantErr error
	}{
		{"a primary without a controller, from an interrupted setup", "kube-adopt-none", nil, asCreated, nil},
		{"a primary without a controller, with a revision annotation", "kube-adopt-annotated", nil, annotated, nil},
		{"a primary of a deleted target of the same name", "kube-adopt-stale", []metav1.OwnerReference{stale}, asCreated, nil},
		{"a primary another controller owns", "kube-adopt-other", []metav1.OwnerReference{other}, asCreated, kube.ErrPrimaryNotOwned},
		{"an unrelated Deployment of the primary's name", "kube-adopt-unrelated", nil, func(*appsv1.Deployment) {}, kube.ErrPrimaryNotOwned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			key, opts := target(t, tt.ns, "podinfo:1.0")
			primary := podinfo(key.Namespace, "podinfo:1.0")
			primary.Name, primary.OwnerReferences = "podinfo-primary", tt.refs
			tt.shape(primary)
			require.NoError(t, env.Create(ctx, primary))
			w, err := kube.NewWorkload(env.Client, opts)
			require.NoError(t, err)
			created, err := w.EnsurePrimary(ctx)
			assert.False(t, created)
			got := metav1.GetControllerOf(get(t, key.Namespace, "podinfo-primary"))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Equal(t, metav1.GetControllerOf(primary), got, "left as it was")
				return
			}
			require.NoError(t, err)
			require.NotNil(t, got)
			assert.Equal(t, get(t, key.Namespace, "podinfo").UID, got.UID)
			assert.True(t, *got.BlockOwnerDeletion)
		})
	}
}

func TestObserveReportsTheTargetRevisionAndBothReadinesses(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-observe", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = w.Observe(ctx)
	require.Error(t, err, "no primary yet")
	_, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	rev2 := setImage(t, key, "podinfo:2.0")
	markReady(t, key.Namespace, "podinfo-primary")
	st, err := w.Observe(ctx)
	require.NoError(t, err)
	assert.Equal(t, runner.WorkloadState{Revision: rev2, Primary: rollout.Ready, Canary: rollout.NotReady}, st,
		"the canary's status is of an older generation")
}

func TestScaleCanaryFollowsThePrimary(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-scale", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	require.NoError(t, w.ScaleCanary(ctx, false))
	assert.Equal(t, int32(0), *get(t, key.Namespace, "podinfo").Spec.Replicas)
	require.NoError(t, w.ScaleCanary(ctx, false), "idempotent")

	primary := get(t, key.Namespace, "podinfo-primary")
	primary.Spec.Replicas = ptr.To(int32(5))
	require.NoError(t, env.Client.Update(ctx, primary))
	require.NoError(t, w.ScaleCanary(ctx, true))
	n, err := w.CanaryReplicas(ctx)
	require.NoError(t, err)
	assert.Equal(t, int32(5), n, "the canary gets the primary's replicas")
}

// Issue 13, fault 1 (the adapter's half): the promotion of r2 replayed after r3 was pushed must
// not give the primary r3.
func TestPromoteSpecPromotesOnlyTheRevisionAnalysed(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-promote", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	rev2 := setImage(t, key, "podinfo:2.0")
	rev3 := setImage(t, key, "podinfo:3.0")
	before := get(t, key.Namespace, "podinfo-primary")

	err = w.PromoteSpec(ctx, rev2)
	require.ErrorIs(t, err, runner.ErrRevisionChanged)
	var rc *kube.RevisionChangedError
	require.ErrorAs(t, err, &rc)
	assert.Equal(t, kube.RevisionChangedError{Target: key, Want: rev2, Got: rev3}, *rc)
	after := get(t, key.Namespace, "podinfo-primary")
	assert.Equal(t, before.Generation, after.Generation, "the primary is unchanged")
	assert.Equal(t, "podinfo:1.0", after.Spec.Template.Spec.Containers[0].Image)

	require.NoError(t, w.PromoteSpec(ctx, rev3))
	promoted := get(t, key.Namespace, "podinfo-primary")
	assert.Equal(t, "podinfo:3.0", promoted.Spec.Template.Spec.Containers[0].Image)
	assert.Equal(t, "podinfo-primary", promoted.Spec.Template.Labels["app"])
	assert.Equal(t, rev3, promoted.Annotations[kube.AnnotationRevision])
	primaryRev, err := w.PrimaryRevision(ctx)
	require.NoError(t, err)
	assert.Equal(t, rev3, primaryRev)

	setImage(t, key, "podinfo:4.0")
	require.NoError(t, w.PromoteSpec(ctx, rev3), "a replay of a promotion that succeeded is not an error")
	assert.Equal(t, promoted.Generation, get(t, key.Namespace, "podinfo-primary").Generation, "and changes nothing")
}

// A primary created by an earlier version carries no revision annotation: its revision is the
// target's when the templates match, and otherwise one no target has.
func TestPrimaryRevisionWithoutTheAnnotation(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-primary-rev", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	primary := get(t, key.Namespace, "podinfo-primary")
	delete(primary.Annotations, kube.AnnotationRevision)
	require.NoError(t, env.Client.Update(ctx, primary))

	rev1, err := kube.RevisionOf(get(t, key.Namespace, "podinfo"))
	require.NoError(t, err)
	got, err := w.PrimaryRevision(ctx)
	require.NoError(t, err)
	assert.Equal(t, rev1, got)
	rev2 := setImage(t, key, "podinfo:2.0")
	got, err = w.PrimaryRevision(ctx)
	require.NoError(t, err)
	assert.NotEqual(t, rev2, got)
	assert.NotEqual(t, rev1, got, "the primary's own template hash")
}

func TestNewRefusesMissingOptions(t *testing.T) {
	tests := []struct {
		name  string
		opts  kube.Options
		field string
	}{
		{"no name", kube.Options{Target: types.NamespacedName{Namespace: "a"}}, "target.name"},
		{"no namespace", kube.Options{Target: types.NamespacedName{Name: "a"}}, "target.namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, build := range []func() error{
				func() error { _, err := kube.NewWorkload(env.Client, tt.opts); return err },
				func() error { _, err := kube.NewStore(env.Client, tt.opts); return err },
				func() error { _, err := kube.NewIntents(env.Client, tt.opts); return err },
			} {
				err := build()
				require.ErrorIs(t, err, kube.ErrInvalid)
				var ve *kube.ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, tt.field, ve.Field)
			}
		})
	}
	_, err := kube.NewStore(nil, kube.Options{Target: types.NamespacedName{Namespace: "a", Name: "b"}})
	require.ErrorIs(t, err, kube.ErrInvalid)
}
