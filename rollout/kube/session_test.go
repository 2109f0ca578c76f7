package kube_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/kube"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// countingReader counts the reads that reach the API server.
type countingReader struct {
	client.Reader
	gets atomic.Int32
}

func (r *countingReader) Get(ctx context.Context, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
	r.gets.Add(1)
	return r.Reader.Get(ctx, key, obj, opts...)
}

// sessionPorts returns the Store, Intents and Workload of key sharing one Session over a counting reader.
func sessionPorts(t *testing.T, opts kube.Options) (*countingReader, *kube.Store, *kube.Intents, *kube.Workload) {
	t.Helper()
	reader := &countingReader{Reader: env.Client}
	s, err := kube.NewSession(env.Client, reader)
	require.NoError(t, err)
	opts.Reader = s
	store, err := kube.NewStore(s.Client(), opts)
	require.NoError(t, err)
	intents, err := kube.NewIntents(s.Client(), opts)
	require.NoError(t, err)
	workload, err := kube.NewWorkload(s.Client(), opts)
	require.NoError(t, err)
	return reader, store, intents, workload
}

// A tick reads the target four times and saves twice: through a Session the API server sees one
// read of the target (and one of the primary), and every read after a save sees what was saved.
func TestSessionReadsTheTargetOnceAndItsOwnWrites(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-session-once", "podinfo:1.0")
	plain, err := kube.NewWorkload(env.Client, opts)
	require.NoError(t, err)
	_, err = plain.EnsurePrimary(ctx)
	require.NoError(t, err)
	reader, store, intents, workload := sessionPorts(t, opts)

	_, found, err := store.Load(ctx)
	require.NoError(t, err)
	require.False(t, found)
	_, err = intents.Read(ctx)
	require.NoError(t, err)
	_, err = workload.Observe(ctx)
	require.NoError(t, err)
	assert.EqualValues(t, 2, reader.gets.Load(), "the target and its primary, once each")

	first := runner.Record{Status: rollout.InitialStatus("r1")}
	require.NoError(t, store.Save(ctx, first))
	second := first
	second.Status.Phase = rollout.Initialized
	require.NoError(t, store.Save(ctx, second), "the second save compares with the first one's answer")
	got, found, err := store.Load(ctx)
	require.NoError(t, err)
	require.True(t, found)
	assert.Equal(t, rollout.Initialized, got.Status.Phase)
	assert.EqualValues(t, 2, reader.gets.Load(), "no read after the session's own writes")

	onServer := get(t, key.Namespace, key.Name)
	assert.Contains(t, onServer.Annotations[kube.AnnotationRecord], `"phase":"Initialized"`)
}

// A write that fails (here: the object changed under the session) forgets what the session read,
// so the retry reads afresh: a change to another field is retried and saved, a record written by
// someone else is still a conflict.
func TestSessionRereadsAfterAFailedWrite(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-session-stale", "podinfo:1.0")
	reader, store, _, _ := sessionPorts(t, opts)
	_, _, err := store.Load(ctx)
	require.NoError(t, err)

	annotate(t, key, "example.com/owner", "team-a") // another field: not a conflict
	require.NoError(t, store.Save(ctx, runner.Record{Status: rollout.InitialStatus("r1")}))
	assert.EqualValues(t, 2, reader.gets.Load(), "the stale write forgot the object, the retry read it")

	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Failed"}}`) // another writer's record
	err = store.Save(ctx, runner.Record{Status: rollout.InitialStatus("r2")})
	require.ErrorIs(t, err, kube.ErrConflict)
	assert.Contains(t, get(t, key.Namespace, key.Name).Annotations[kube.AnnotationRecord], `"Failed"`)
}

// Objects of different types under the same name are different objects to a Session.
func TestSessionKeepsTypesApart(t *testing.T) {
	ctx := context.Background()
	key, _ := target(t, "kube-session-types", "podinfo:1.0")
	s, err := kube.NewSession(env.Client, env.Client)
	require.NoError(t, err)
	d := &appsv1.Deployment{}
	require.NoError(t, s.Get(ctx, key, d))
	var rs appsv1.ReplicaSet
	err = s.Get(ctx, key, &rs)
	require.Error(t, err, "there is no ReplicaSet of that name")
	var list appsv1.DeploymentList
	require.NoError(t, s.List(ctx, &list, client.InNamespace(key.Namespace)))
	assert.Len(t, list.Items, 1)
}

func TestNewSessionNamesWhatIsMissing(t *testing.T) {
	_, err := kube.NewSession(nil, env.Client)
	var ve *kube.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "client", ve.Field)
	_, err = kube.NewSession(env.Client, nil)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "reader", ve.Field)
}

// Over a record, a save is one JSON patch testing the record it replaces: a status update (or any
// other field's change) between the load and the save neither conflicts nor costs a read.
func TestStoreSavesOverOtherChangesWithoutRereading(t *testing.T) {
	ctx := context.Background()
	key, opts := target(t, "kube-store-jsonpatch", "podinfo:1.0")
	annotate(t, key, kube.AnnotationRecord, `{"status":{"phase":"Initialized"}}`)
	reader := &countingReader{Reader: env.Client}
	opts.Reader = reader
	store, err := kube.NewStore(env.Client, opts)
	require.NoError(t, err)
	rec, found, err := store.Load(ctx)
	require.NoError(t, err)
	require.True(t, found)

	markReady(t, key.Namespace, key.Name)
	annotate(t, key, "example.com/owner", "team-a")
	rec.Status.Phase = rollout.Progressing
	require.NoError(t, store.Save(ctx, rec))
	rec.Status.Phase = rollout.Promoting
	require.NoError(t, store.Save(ctx, rec))
	assert.EqualValues(t, 1, reader.gets.Load(), "the load only")
	d := get(t, key.Namespace, key.Name)
	assert.Contains(t, d.Annotations[kube.AnnotationRecord], `"phase":"Promoting"`)
	assert.Equal(t, "team-a", d.Annotations["example.com/owner"])
}

// Unstructured objects of different kinds share a Go type; a Session keeps them apart by kind.
func TestSessionKeepsUnstructuredKindsApart(t *testing.T) {
	ctx := context.Background()
	key, _ := target(t, "kube-session-unstructured", "podinfo:1.0")
	s, err := kube.NewSession(env.Client, env.Client)
	require.NoError(t, err)
	d := &unstructured.Unstructured{}
	d.SetGroupVersionKind(appsv1.SchemeGroupVersion.WithKind("Deployment"))
	require.NoError(t, s.Get(ctx, key, d))
	rs := &unstructured.Unstructured{}
	rs.SetGroupVersionKind(appsv1.SchemeGroupVersion.WithKind("ReplicaSet"))
	err = s.Get(ctx, key, rs)
	require.True(t, apierrors.IsNotFound(err), "a ReplicaSet of the Deployment's name is not the Deployment: %v", err)
}
