package kube_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/utils/ptr"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/rollouttest"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
)

// watchedRouter is an in-memory router that notes, at each SetRoutes, how many replicas the
// canary Deployment on the API server had: routes must move before capacity does.
type watchedRouter struct {
	*rollouttest.Router
	t       *testing.T
	canary  types.NamespacedName
	atWrite []int32
}

func (r *watchedRouter) SetRoutes(ctx context.Context, s traffic.Split) error {
	r.note()
	return r.Router.SetRoutes(ctx, s)
}

func (r *watchedRouter) CompareAndSetRoutes(ctx context.Context, from, to traffic.Split) error {
	r.note()
	return r.Router.CompareAndSetRoutes(ctx, from, to)
}

func (r *watchedRouter) note() {
	r.atWrite = append(r.atWrite, ptr.Deref(get(r.t, r.canary.Namespace, r.canary.Name).Spec.Replicas, 1))
}

// Issue 13, fault 3: the record is deleted while the canary of r2 serves 30% with two replicas.
// Before: setup scaled the canary to zero while the routes still sent it 30%, and the new record
// said r2 was promoted although the primary ran r1. Now traffic moves to the primary first, then
// the canary is scaled down, and the record says r1, so r2 is analysed again from the start.
func TestPrepareAfterALostRecordRoutesFirstAndRestartsAnalysis(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-lost", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = w.EnsurePrimary(ctx)
	require.NoError(t, err)
	rev1, err := w.PrimaryRevision(ctx)
	require.NoError(t, err)
	rev2 := setImage(t, key, "podinfo:2.0") // mid-rollout: the canary is up (2 replicas) and serves 30%
	router := &watchedRouter{Router: rollouttest.NewRouter(), t: t, canary: key}
	router.Edit(traffic.Weighted(30))
	annotate(t, key, kube.AnnotationRecord, "") // the record is lost

	store, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	_, found, err := store.Load(ctx)
	require.NoError(t, err)
	require.False(t, found)
	p, err := kube.Prepare(ctx, w, router, store)
	require.NoError(t, err)

	assert.Equal(t, []int32{2}, router.atWrite, "all traffic went to the primary while the canary still had its pods")
	assert.Equal(t, traffic.PrimaryOnly(), router.Routes())
	n, err := w.CanaryReplicas(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "then the canary was scaled down")
	want := traffic.Weighted(30)
	assert.Equal(t, kube.Preparation{Rerouted: &want, ScaledDown: 2, Revision: rev1}, p)
	assert.Contains(t, p.Message(), "no readable rollout record")
	assert.Contains(t, p.Message(), "routed all traffic to the primary")
	rec, found, err := store.Load(ctx)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, rollout.InitialStatus(rev1), rec.Status, "the record says what the primary runs")

	// The next tick analyses r2 from the start.
	markReady(t, key.Namespace, "podinfo-primary")
	run, err := runner.New(rollout.Spec{StepWeight: 10, MaxWeight: 50}, runner.Target{Name: key.Name, Namespace: key.Namespace,
		Provider: observe.Istio}, runner.Ports{Workload: w, Router: router, Store: store})
	require.NoError(t, err)
	rep, err := run.Tick(ctx, time.Now(), rollout.Intents{})
	require.NoError(t, err)
	assert.Equal(t, rollout.Progressing, rep.Status.Phase)
	assert.Equal(t, rev2, rep.Status.LastAppliedRevision)
	assert.Equal(t, rev1, rep.Status.LastPromotedRevision)
	assert.Equal(t, 0, rep.Status.CanaryWeight, "a new run starts at weight 0")
	assert.Equal(t, "podinfo:1.0", get(t, key.Namespace, "podinfo-primary").Spec.Template.Spec.Containers[0].Image)
}

func TestPrepareOnFirstSight(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-first", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	store, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	router := rollouttest.NewRouter()
	p, err := kube.Prepare(ctx, w, router, store)
	require.NoError(t, err)
	rev1, err := kube.RevisionOf(get(t, key.Namespace, key.Name))
	require.NoError(t, err)
	assert.Equal(t, kube.Preparation{FirstSight: true, ScaledDown: 2, Revision: rev1}, p)
	assert.Equal(t, "created the primary; scaled the canary from 2 replicas to zero; the primary runs revision "+rev1, p.Message())
	assert.Empty(t, router.History(), "routes that send nothing to the canary are left alone")
	rec, _, err := store.Load(ctx)
	require.NoError(t, err)
	assert.Equal(t, rollout.Initialized, rec.Status.Phase)

	again, err := kube.Prepare(ctx, w, router, store)
	require.NoError(t, err, "idempotent")
	assert.Equal(t, kube.Preparation{Revision: rev1}, again)
}

// A record another writer saved after this one found none is not replaced.
func TestPrepareNeverReplacesARecordSavedMeanwhile(t *testing.T) {
	ctx := context.Background()
	_, opts := target(t, "kube-prepare-race", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	mine, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	theirs, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	_, _, err = mine.Load(ctx)
	require.NoError(t, err)
	_, _, err = theirs.Load(ctx)
	require.NoError(t, err)
	require.NoError(t, theirs.Save(ctx, runner.Record{Status: rollout.InitialStatus("r0")}))
	_, err = kube.Prepare(ctx, w, rollouttest.NewRouter(), mine)
	require.ErrorIs(t, err, kube.ErrConflict)
}

// editedRouter is edited by someone else right after each read.
type editedRouter struct {
	*rollouttest.Router
	edit traffic.Split
}

func (r *editedRouter) GetRoutes(ctx context.Context) (traffic.Split, error) {
	s, err := r.Router.GetRoutes(ctx)
	r.Edit(r.edit)
	return s, err
}

// Routes edited between Prepare's read and its write are not overwritten, and the canary keeps
// its pods while any traffic may reach it.
func TestPrepareNeverScalesDownUnderRoutesEditedMeanwhile(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-prepare-edit", "podinfo:1.0")
	w, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	store, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	router := &editedRouter{Router: rollouttest.NewRouter(), edit: traffic.Weighted(40)}
	router.Edit(traffic.Weighted(30))
	_, err = kube.Prepare(ctx, w, router, store)
	require.ErrorIs(t, err, traffic.ErrRoutesChanged)
	assert.Equal(t, traffic.Weighted(40), router.Routes(), "the edit stands")
	assert.Equal(t, int32(2), ptr.Deref(get(t, key.Namespace, key.Name).Spec.Replicas, 1), "the canary keeps its pods")
	_, found, err := store.Load(ctx)
	require.NoError(t, err)
	assert.False(t, found, "no record until the target is safe")
}
