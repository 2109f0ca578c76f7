package kube

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/rollout/runner"
)

// maxWriteAttempts bounds the retries of a write whose resourceVersion went stale through changes
// to other fields of the object (status updates, scaling, other annotations).
const maxWriteAttempts = 8

// Store is runner.StatusStore in an annotation of the target Deployment (AnnotationRecord).
//
// Writes are compare-and-set: Save writes only if the annotation still holds the record this Store
// last loaded or saved (nothing, before the first Load), checked and written atomically with the
// object's resourceVersion as precondition. A record another writer saved meanwhile — a second
// controller replica, a controller that took over — is never overwritten: Save returns a
// *ConflictError matching ErrConflict, and the caller re-reads and decides again. Changes to other
// fields of the Deployment (its status, its replicas, its template) are not conflicts; Save
// re-reads and retries.
//
// A Store remembers what it last read, so it serves one Runner (one reconcile) at a time; its
// methods are safe for concurrent use.
type Store struct {
	c      client.Client
	r      client.Reader
	target types.NamespacedName

	mu   sync.Mutex
	base string // the annotation's value as last loaded or saved: what Save expects to replace
}

var _ runner.StatusStore = (*Store)(nil)

// NewStore returns the Store of opts.Target. Missing options are a *ValidationError.
func NewStore(c client.Client, opts Options) (*Store, error) {
	if err := opts.validate(c); err != nil {
		return nil, err
	}
	return &Store{c: c, r: opts.reader(c), target: opts.Target}, nil
}

// Load implements runner.StatusStore, reading through Options.Reader. A record that does not
// decode is an error matching runner.ErrInvalidRecord; the Store still remembers it as read, so a
// caller that rebuilds the record (Prepare) replaces exactly that value.
func (s *Store) Load(ctx context.Context) (runner.Record, bool, error) {
	d := &appsv1.Deployment{}
	if err := s.r.Get(ctx, s.target, d); err != nil {
		return runner.Record{}, false, fmt.Errorf("kube: load record of %s: %w", s.target, err)
	}
	raw, found := d.Annotations[AnnotationRecord]
	s.mu.Lock()
	s.base = raw
	s.mu.Unlock()
	if !found {
		return runner.Record{}, false, nil
	}
	var rec runner.Record
	if err := json.Unmarshal([]byte(raw), &rec); err != nil {
		return runner.Record{}, true, fmt.Errorf("%w: annotation %s of %s: %w", runner.ErrInvalidRecord, AnnotationRecord, s.target, err)
	}
	return rec, true, nil
}

// Save implements runner.StatusStore with compare-and-set (see Store).
func (s *Store) Save(ctx context.Context, rec runner.Record) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("kube: encode record of %s: %w", s.target, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range maxWriteAttempts {
		err := s.write(ctx, string(data))
		if !apierrors.IsConflict(err) {
			return err
		}
	}
	return &ConflictError{Object: s.target, Annotation: AnnotationRecord,
		Reason: fmt.Sprintf("the object kept changing during %d attempts", maxWriteAttempts)}
}

// write is one compare-and-set attempt; an API conflict (the object changed since it was read)
// is returned as is, for Save to retry.
func (s *Store) write(ctx context.Context, data string) error {
	d := &appsv1.Deployment{}
	if err := s.r.Get(ctx, s.target, d); err != nil {
		return fmt.Errorf("kube: save record of %s: %w", s.target, err)
	}
	if cur := d.Annotations[AnnotationRecord]; cur != s.base {
		return &ConflictError{Object: s.target, Annotation: AnnotationRecord,
			Reason: "another writer saved a record since this one was read"}
	}
	patch := client.MergeFromWithOptions(d.DeepCopy(), client.MergeFromWithOptimisticLock{})
	setAnnotation(d, AnnotationRecord, data)
	if err := s.c.Patch(ctx, d, patch); err != nil {
		if apierrors.IsConflict(err) {
			return err
		}
		return fmt.Errorf("kube: save record of %s: %w", s.target, err)
	}
	s.base = data
	return nil
}
