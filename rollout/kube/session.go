package kube

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Session is the reads and writes of one reconcile. Workload, Store and Intents of a target all
// read the same Deployment — a tick reads it four times and writes it twice — so a controller that
// hands each of them its API reader pays for a request per read. A Session reads each object from
// its Reader once and serves later reads from that copy; every write through Session.Client
// replaces the copy with the object the API server returned, or forgets it when the write failed
// (a conflict included, so a retry reads afresh). Reads stay as fresh as the first one: nothing
// but the Session's own writes can change an object without the next compare-and-set write
// noticing, and those it knows.
//
// Create a Session per reconcile and drop it afterwards: it never re-reads on its own. Pass it as
// Options.Reader and Session.Client as the adapters' client. It is safe for concurrent use.
type Session struct {
	c client.Client
	r client.Reader

	mu   sync.Mutex
	read map[sessionKey]client.Object
}

type sessionKey struct {
	t   reflect.Type
	gvk schema.GroupVersionKind // of an unstructured or metadata-only object, whose type says nothing
	key types.NamespacedName
}

func keyOf(obj client.Object, key types.NamespacedName) sessionKey {
	k := sessionKey{t: reflect.TypeOf(obj), key: key}
	switch obj.(type) {
	case runtime.Unstructured, *metav1.PartialObjectMetadata:
		k.gvk = obj.GetObjectKind().GroupVersionKind()
	}
	return k
}

var _ client.Reader = (*Session)(nil)

// NewSession returns a Session that reads through r (the manager's API reader) and writes through c.
// Neither may be nil: that is a *ValidationError.
func NewSession(c client.Client, r client.Reader) (*Session, error) {
	switch {
	case c == nil:
		return nil, &ValidationError{Field: "client", Reason: "is required"}
	case r == nil:
		return nil, &ValidationError{Field: "reader", Reason: "is required"}
	}
	return &Session{c: c, r: r, read: map[sessionKey]client.Object{}}, nil
}

// Get implements client.Reader: the first read of an object goes to the Reader, later ones get a
// copy of what was read or written last.
func (s *Session) Get(ctx context.Context, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
	k := keyOf(obj, key)
	s.mu.Lock()
	known, ok := s.read[k]
	s.mu.Unlock()
	if ok && len(opts) == 0 {
		return copyInto(obj, known)
	}
	if err := s.r.Get(ctx, key, obj, opts...); err != nil {
		return err
	}
	s.remember(obj)
	return nil
}

// List implements client.Reader; lists are not kept.
func (s *Session) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	return s.r.List(ctx, list, opts...)
}

// Client returns the client the adapters write through: its writes keep the Session current.
// Its reads are the underlying client's.
func (s *Session) Client() client.Client { return &sessionClient{Client: s.c, s: s} }

func (s *Session) remember(obj client.Object) {
	cp, ok := obj.DeepCopyObject().(client.Object)
	if !ok {
		return
	}
	s.mu.Lock()
	s.read[keyOf(obj, client.ObjectKeyFromObject(obj))] = cp
	s.mu.Unlock()
}

func (s *Session) forget(obj client.Object) {
	s.mu.Lock()
	delete(s.read, keyOf(obj, client.ObjectKeyFromObject(obj)))
	s.mu.Unlock()
}

func (s *Session) forgetAll() {
	s.mu.Lock()
	clear(s.read)
	s.mu.Unlock()
}

// wrote records the outcome of a write of obj: the server's answer, or nothing known.
func (s *Session) wrote(obj client.Object, err error) error {
	if err != nil {
		s.forget(obj)
		return err
	}
	s.remember(obj)
	return nil
}

// copyInto sets *dst to a deep copy of src, which has dst's type.
func copyInto(dst client.Object, src client.Object) error {
	dv, sv := reflect.ValueOf(dst), reflect.ValueOf(src.DeepCopyObject())
	if dv.Type() != sv.Type() || dv.Kind() != reflect.Pointer {
		return fmt.Errorf("kube: session: cannot copy %T into %T", src, dst)
	}
	dv.Elem().Set(sv.Elem())
	return nil
}

// sessionClient is Session.Client: writes go to the client and update the Session.
type sessionClient struct {
	client.Client
	s *Session
}

func (c *sessionClient) Create(ctx context.Context, obj client.Object, opts ...client.CreateOption) error {
	return c.s.wrote(obj, c.Client.Create(ctx, obj, opts...))
}

func (c *sessionClient) Update(ctx context.Context, obj client.Object, opts ...client.UpdateOption) error {
	return c.s.wrote(obj, c.Client.Update(ctx, obj, opts...))
}

func (c *sessionClient) Patch(ctx context.Context, obj client.Object, patch client.Patch, opts ...client.PatchOption) error {
	return c.s.wrote(obj, c.Client.Patch(ctx, obj, patch, opts...))
}

func (c *sessionClient) Apply(ctx context.Context, obj runtime.ApplyConfiguration, opts ...client.ApplyOption) error {
	c.s.forgetAll() // an apply configuration names its object only by its fields
	return c.Client.Apply(ctx, obj, opts...)
}

func (c *sessionClient) Delete(ctx context.Context, obj client.Object, opts ...client.DeleteOption) error {
	c.s.forget(obj)
	return c.Client.Delete(ctx, obj, opts...)
}

func (c *sessionClient) DeleteAllOf(ctx context.Context, obj client.Object, opts ...client.DeleteAllOfOption) error {
	c.s.forgetAll()
	return c.Client.DeleteAllOf(ctx, obj, opts...)
}

func (c *sessionClient) Status() client.SubResourceWriter { return c.SubResource("status") }

func (c *sessionClient) SubResource(subResource string) client.SubResourceClient {
	return &sessionSubResource{SubResourceClient: c.Client.SubResource(subResource), s: c.s}
}

// sessionSubResource is a subresource client of Session.Client: a write forgets the object (the
// answer of a subresource write need not be the whole object).
type sessionSubResource struct {
	client.SubResourceClient
	s *Session
}

func (c *sessionSubResource) Create(ctx context.Context, obj, sub client.Object, opts ...client.SubResourceCreateOption) error {
	c.s.forget(obj)
	return c.SubResourceClient.Create(ctx, obj, sub, opts...)
}

func (c *sessionSubResource) Update(ctx context.Context, obj client.Object, opts ...client.SubResourceUpdateOption) error {
	c.s.forget(obj)
	return c.SubResourceClient.Update(ctx, obj, opts...)
}

func (c *sessionSubResource) Patch(ctx context.Context, obj client.Object, patch client.Patch, opts ...client.SubResourcePatchOption) error {
	c.s.forget(obj)
	return c.SubResourceClient.Patch(ctx, obj, patch, opts...)
}

func (c *sessionSubResource) Apply(ctx context.Context, obj runtime.ApplyConfiguration, opts ...client.SubResourceApplyOption) error {
	c.s.forgetAll()
	return c.SubResourceClient.Apply(ctx, obj, opts...)
}
