package kube_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// Issue 13, fault 2: two writers load the same record; the first saves a rollback; the second,
// deciding on what it read, must not overwrite it. Before: a merge patch without precondition
// replaced the rollback record by Progressing.
func TestStoreNeverOverwritesANewerRecord(t *testing.T) {
	ctx := context.Background()
	_, opts := target(t, "kube-store-race", "podinfo:1.0")
	a, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	b, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	_, _, err = a.Load(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}))

	recA, _, err := a.Load(ctx)
	require.NoError(t, err)
	recB, _, err := b.Load(ctx)
	require.NoError(t, err)
	recA.Status.Phase = rollout.Failed
	require.NoError(t, a.Save(ctx, recA))
	recB.Status.Phase, recB.Status.Routes = rollout.Progressing, traffic.Weighted(30)
	err = b.Save(ctx, recB)
	require.ErrorIs(t, err, kube.ErrConflict, "the second writer decided on an older record")
	var ce *kube.ConflictError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, kube.AnnotationRecord, ce.Annotation)

	got, _, err := b.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, rollout.Failed, got.Status.Phase, "the rollback record survives")
	got.Status.Phase = rollout.Initialized
	require.NoError(t, b.Save(ctx, got), "after re-reading, the writer may save")
}

// A Store that never loaded expects no record: it cannot replace one it has not seen.
func TestStoreWithoutLoadExpectsNoRecord(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-blind", "podinfo:1.0")
	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Progressing","routes":{"primary":70,"canary":30}}}`)
	s, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	require.ErrorIs(t, s.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}), kube.ErrConflict)
}

// Writes to other fields between Load and Save (the Runner's own scaling, the Deployment
// controller's status updates, an image change) bump the resourceVersion but are not conflicts.
func TestStoreRetriesChangesToOtherFields(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-other", "podinfo:1.0")
	s, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	_, found, err := s.Load(ctx)
	require.NoError(t, err)
	assert.False(t, found)

	d := get(t, key.Namespace, key.Name)
	d.Spec.Replicas = ptr.To(int32(0))
	require.NoError(t, env.Client.Update(ctx, d))
	markReady(t, key.Namespace, key.Name)
	annotate(t, key, "team", "recsys")
	rec := runner.Record{Status: rollout.InitialStatus("r1")}
	require.NoError(t, s.Save(ctx, rec))
	setImage(t, key, "podinfo:2.0")
	rec.Status.Phase = rollout.Progressing
	require.NoError(t, s.Save(ctx, rec), "a Store's own save is what its next save replaces")

	got, found, err := s.Load(ctx)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, rec, got)
	assert.Equal(t, "recsys", get(t, key.Namespace, key.Name).Annotations["team"], "other annotations are kept")
}

func TestStoreReportsAnUnreadableRecord(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-garbage", "podinfo:1.0")
	annotate(t, key, kube.AnnotationRecord, `{"status":`)
	s, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	_, found, err := s.Load(ctx)
	require.ErrorIs(t, err, runner.ErrInvalidRecord)
	assert.True(t, found, "there is a record, it does not decode")
	require.NoError(t, s.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}),
		"the value read, unreadable as it is, is what a rebuilt record replaces")
}

// Remove deletes only the record it loaded: one another writer saved meanwhile is kept.
func TestStoreRemovesOnlyTheRecordItLoaded(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-remove", "podinfo:1.0")
	a, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	b, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	require.NoError(t, a.Remove(ctx), "no record loaded: nothing to remove")
	_, _, err = a.Load(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}))
	_, _, err = b.Load(ctx)
	require.NoError(t, err)
	require.NoError(t, a.Save(ctx, runner.Record{Status: rollout.InitialStatus("r2")}))

	require.ErrorIs(t, b.Remove(ctx), kube.ErrConflict, "b loaded r1; r2 was saved since")
	assert.Contains(t, get(t, key.Namespace, "podinfo").Annotations, kube.AnnotationRecord)
	require.NoError(t, a.Remove(ctx))
	assert.NotContains(t, get(t, key.Namespace, "podinfo").Annotations, kube.AnnotationRecord)
	_, found, err := a.Load(ctx)
	require.NoError(t, err)
	assert.False(t, found)
}
