package kube_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// A target let go mid-rollout (the canary serving 30% with two replicas): all traffic moves to the
// primary while the canary still has its pods, then the canary is scaled down, then the record is
// removed. A second Release finds no record and does nothing.
func TestReleaseRoutesFirstThenScalesDownAndRemovesTheRecord(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-release", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	store, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	_, _, err = store.Load(ctx)
	require.NoError(t, err)
	require.NoError(t, store.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}))
	router := &watchedRouter{Router: rollouttest.NewRouter(), t: t, canary: key}
	router.Edit(traffic.Weighted(30))

	rel, err := kube.Release(ctx, w, router, newStore(t, env.Client, opts))
	require.NoError(t, err)
	want := traffic.Weighted(30)
	assert.Equal(t, kube.Released{Removed: true, Rerouted: &want, ScaledDown: 2}, rel)
	assert.Equal(t, []int32{2}, router.atWrite, "all traffic went to the primary while the canary still had its pods")
	assert.Equal(t, traffic.PrimaryOnly(), router.Routes())
	assert.Equal(t, int32(0), ptr.Deref(get(t, key.Namespace, key.Name).Spec.Replicas, 1))
	assert.NotContains(t, get(t, key.Namespace, key.Name).Annotations, kube.AnnotationRecord)
	assert.Contains(t, rel.Message(), "routed all traffic to the primary")
	assert.Contains(t, rel.Message(), "scaled the canary from 2 replicas to zero")
	assert.Contains(t, rel.Message(), "removed the rollout record")

	again, err := kube.Release(ctx, w, router, newStore(t, env.Client, opts))
	require.NoError(t, err)
	assert.Equal(t, kube.Released{}, again, "no record: nothing to do")
	assert.Empty(t, again.Message())
}

// Without its primary, routing all traffic to it or scaling the canary down would be an outage:
// Release changes nothing and says why.
func TestReleaseLeavesATargetWithoutPrimaryAlone(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-release-noprimary", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Progressing","routes":{"primary":70,"canary":30}}}`)
	router := rollouttest.NewRouter()
	router.Edit(traffic.Weighted(30))

	_, err = kube.Release(ctx, w, router, newStore(t, env.Client, opts))
	require.ErrorIs(t, err, kube.ErrPrimaryMissing)
	assert.ErrorContains(t, err, "podinfo-primary")
	assert.Equal(t, traffic.Weighted(30), router.Routes())
	assert.Equal(t, int32(2), ptr.Deref(get(t, key.Namespace, key.Name).Spec.Replicas, 1))
	assert.Contains(t, get(t, key.Namespace, key.Name).Annotations, kube.AnnotationRecord)
}

// A record removed by someone else after this Store loaded it: Remove's goal holds, so it
// succeeds. Before, it was a *ConflictError saying another writer saved a record.
func TestStoreRemoveOfARecordAlreadyGoneSucceeds(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-gone", "podinfo:1.0")
	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Initialized"}}`)
	s := newStore(t, env.Client, opts)
	_, found, err := s.Load(ctx)
	require.NoError(t, err)
	require.True(t, found)
	annotate(t, key, kube.AnnotationRecord, "") // removed by hand, or by another replica
	require.NoError(t, s.Remove(ctx))
	require.NoError(t, s.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}),
		"the Store now expects no record")
}

// A record saved over the one loaded, then removed by someone else, fails a Save with a reason
// that says so; before, it said another writer saved a record.
func TestStoreSaveOverARemovedRecordSaysItWasRemoved(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-gone-save", "podinfo:1.0")
	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Initialized"}}`)
	s := newStore(t, env.Client, opts)
	_, _, err := s.Load(ctx)
	require.NoError(t, err)
	annotate(t, key, kube.AnnotationRecord, "")
	err = s.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")})
	require.ErrorIs(t, err, kube.ErrConflict)
	assert.ErrorContains(t, err, "removed the record")
}

// A Remove the API server refuses for another reason names the removal, not a save.
func TestStoreFailedRemoveSaysRemove(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-remove-fail", "podinfo:1.0")
	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Initialized"}}`)
	s := newStore(t, failPatches{env.Client}, opts)
	_, _, err := s.Load(ctx)
	require.NoError(t, err)
	err = s.Remove(ctx)
	require.ErrorIs(t, err, errPatch)
	assert.ErrorContains(t, err, "kube: remove record of "+key.String())
}

var errPatch = errors.New("patch refused")

// failPatches refuses every patch, as an API server without the patch verb for the caller would.
type failPatches struct{ client.Client }

func (failPatches) Patch(context.Context, client.Object, client.Patch, ...client.PatchOption) error {
	return errPatch
}

func newStore(t *testing.T, c client.Client, opts kube.Options) *kube.Store {
	t.Helper()
	s, err := kube.NewStore(c, opts)
	require.NoError(t, err)
	return s
}
