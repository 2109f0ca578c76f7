package kube

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
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
// last loaded or saved (nothing, before the first Load). Over a record, the check and the write are
// one JSON patch (RFC 6902): a test of the annotation's value, then its replacement, applied by the
// API server atomically, so changes to other fields of the Deployment (its status, its replicas,
// its template) neither conflict nor cost a retry. Where there was no record, the write is a merge
// patch with the object's resourceVersion as precondition, retried when other fields changed. A
// record another writer saved meanwhile — a second controller replica, a controller that took
// over — is never overwritten: Save returns a *ConflictError matching ErrConflict, and the caller
// re-reads and decides again.
//
// A Store remembers what it last read, so it serves one Runner (one reconcile) at a time; its
// methods are safe for concurrent use.
type Store struct {
	c      client.Client
	r      client.Reader
	target types.NamespacedName

	mu        sync.Mutex
	base      string // the annotation's value as last loaded or saved: what Save expects to replace
	baseFound bool   // whether there was an annotation at all
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
	s.base, s.baseFound = raw, found
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
	if s.baseFound {
		return s.replace(ctx, string(data))
	}
	for range maxWriteAttempts {
		err := s.write(ctx, string(data))
		if !apierrors.IsConflict(err) {
			return err
		}
	}
	return &ConflictError{Object: s.target, Annotation: AnnotationRecord,
		Reason: fmt.Sprintf("the object kept changing during %d attempts", maxWriteAttempts)}
}

// replace writes data over the record the Store holds (s.base) with one JSON patch that tests it
// first (see patchRecord).
func (s *Store) replace(ctx context.Context, data string) error {
	if err := s.patchRecord(ctx, "save", jsonPatchOp{Op: "replace", Path: recordPath(), Value: &data}); err != nil {
		return err
	}
	s.base = data
	return nil
}

// Remove deletes the record, compare-and-set like Save: only if the annotation still holds the
// record this Store last loaded or saved, tested and removed in one JSON patch. A record another
// writer saved meanwhile is kept and Remove returns a *ConflictError matching ErrConflict. A
// record already gone (another writer removed it, or the annotation was deleted by hand) is
// success: what Remove was asked for holds, and a writer that removes a record decided on no
// record at all. With no record loaded it does nothing. A controller calls it when a target
// leaves its care (the analysis annotation removed), after it made the target safe (Release).
func (s *Store) Remove(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.baseFound {
		return nil
	}
	err := s.patchRecord(ctx, "remove", jsonPatchOp{Op: "remove", Path: recordPath()})
	if ce := (*ConflictError)(nil); errors.As(err, &ce) && ce.recordGone {
		err = nil
	}
	if err != nil {
		return err
	}
	s.base, s.baseFound = "", false
	return nil
}

func recordPath() string { return "/metadata/annotations/" + jsonPointerEscape(AnnotationRecord) }

// patchRecord applies op to the record in one JSON patch that first tests the record is still the
// one the Store holds (s.base). A failed test is a *ConflictError; the patch carries no
// resourceVersion, so nothing else makes it fail (an API conflict, which the API server answers
// when its own retries run out, is retried). verb names the write in errors ("save", "remove").
func (s *Store) patchRecord(ctx context.Context, verb string, op jsonPatchOp) error {
	body, err := json.Marshal([]jsonPatchOp{{Op: "test", Path: op.Path, Value: &s.base}, op})
	if err != nil {
		return fmt.Errorf("kube: %s record of %s: %w", verb, s.target, err)
	}
	for range maxWriteAttempts {
		d := &appsv1.Deployment{}
		d.Namespace, d.Name = s.target.Namespace, s.target.Name
		err = s.c.Patch(ctx, d, client.RawPatch(types.JSONPatchType, body))
		if !apierrors.IsConflict(err) {
			break
		}
	}
	if err != nil {
		return s.explainFailedPatch(ctx, verb, err)
	}
	return nil
}

// explainFailedPatch tells a record another writer replaced or removed (a failed test: a
// *ConflictError) from any other reason the API server refused the patch, by reading the record.
func (s *Store) explainFailedPatch(ctx context.Context, verb string, patchErr error) error {
	d := &appsv1.Deployment{}
	if err := s.r.Get(ctx, s.target, d); err != nil {
		return fmt.Errorf("kube: %s record of %s: %w", verb, s.target, patchErr)
	}
	cur, ok := d.Annotations[AnnotationRecord]
	switch {
	case !ok:
		return &ConflictError{Object: s.target, Annotation: AnnotationRecord,
			Reason: "another writer removed the record since this one was read", recordGone: true}
	case cur != s.base:
		return &ConflictError{Object: s.target, Annotation: AnnotationRecord,
			Reason: "another writer saved a record since this one was read"}
	}
	return fmt.Errorf("kube: %s record of %s: %w", verb, s.target, patchErr)
}

// jsonPatchOp is one operation of an RFC 6902 JSON patch.
type jsonPatchOp struct {
	Op    string  `json:"op"`
	Path  string  `json:"path"`
	Value *string `json:"value,omitempty"` // nil for a remove
}

// jsonPointerEscape escapes a key for an RFC 6901 JSON pointer.
func jsonPointerEscape(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

// write is one compare-and-set attempt where there was no record; an API conflict (the object
// changed since it was read) is returned as is, for Save to retry.
func (s *Store) write(ctx context.Context, data string) error {
	d := &appsv1.Deployment{}
	if err := s.r.Get(ctx, s.target, d); err != nil {
		return fmt.Errorf("kube: save record of %s: %w", s.target, err)
	}
	if cur := d.Annotations[AnnotationRecord]; cur != s.base {
		return &ConflictError{Object: s.target, Annotation: AnnotationRecord,
			Reason: "another writer saved a record since this one was read"}
	}
	patch, err := annotationPatch(d.ResourceVersion, AnnotationRecord, data)
	if err != nil {
		return fmt.Errorf("kube: save record of %s: %w", s.target, err)
	}
	if err := s.c.Patch(ctx, d, patch); err != nil {
		if apierrors.IsConflict(err) {
			return err
		}
		return fmt.Errorf("kube: save record of %s: %w", s.target, err)
	}
	s.base, s.baseFound = data, true
	return nil
}

// annotationPatch is the JSON merge patch that sets one annotation on the condition that the
// object is still at resourceVersion rv. It is written directly: a patch computed by diffing
// two copies of the whole Deployment (client.MergeFrom) costs more than the rest of a tick.
func annotationPatch(rv, key, value string) (client.Patch, error) {
	type meta struct {
		ResourceVersion string            `json:"resourceVersion"`
		Annotations     map[string]string `json:"annotations"`
	}
	body, err := json.Marshal(struct {
		Metadata meta `json:"metadata"`
	}{meta{ResourceVersion: rv, Annotations: map[string]string{key: value}}})
	if err != nil {
		return nil, err
	}
	return client.RawPatch(types.MergePatchType, body), nil
}
