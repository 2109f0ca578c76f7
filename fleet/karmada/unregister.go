package karmada

import (
	"context"
	"errors"
	"fmt"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// Removal says what Unregister did with one of a member's objects.
type Removal string

// The outcomes of Unregister for one object.
const (
	// RemovalDeleted: the object existed and was deleted.
	RemovalDeleted Removal = "deleted"
	// RemovalAbsent: the API server answered that this very object does not exist. A 404 that does not
	// name the object (the Cluster API is not served, a stale discovery) is an error, never absence.
	RemovalAbsent Removal = "absent"
	// RemovalRefused: the object exists but fleetkit did not create it (a *ConflictError is returned).
	RemovalRefused Removal = "refused"
	// RemovalKept: the object exists and is fleetkit's, but was not deleted because its partner was
	// refused or an error stopped Unregister first.
	RemovalKept Removal = "kept"
)

// UnregisterResult says what Unregister did with the member's Cluster and Secret. An empty Removal
// means Unregister stopped with an error before it could read the object.
type UnregisterResult struct {
	Cluster Removal `json:"cluster"`
	Secret  Removal `json:"secret"`
}

// memberObject is one of a member's objects and where its outcome is recorded.
type memberObject struct {
	obj client.Object
	out *Removal
}

// Unregister deletes the member's Cluster and Secret and says what happened to each. Absent objects are
// fine (it is idempotent); objects fleetkit did not create are refused with a *ConflictError unless
// Options.Adopt is set. Both objects are checked before either is deleted, so a refusal leaves the
// member whole. On an error the result says what was done before it.
func (r *Registrar) Unregister(ctx context.Context, name string) (UnregisterResult, error) {
	var res UnregisterResult
	objs := []memberObject{
		{&clusterv1alpha1.Cluster{ObjectMeta: metav1.ObjectMeta{Name: name}}, &res.Cluster},
		{&corev1.Secret{ObjectMeta: metav1.ObjectMeta{Namespace: r.opts.secretNamespace(), Name: name}}, &res.Secret},
	}
	if err := r.checkRemovable(ctx, name, objs); err != nil {
		return res, err
	}
	for _, o := range objs {
		if *o.out != RemovalKept {
			continue
		}
		switch err := r.c.Delete(ctx, o.obj); {
		case err == nil:
			*o.out = RemovalDeleted
		case objectNotFound(err, o.obj):
			*o.out = RemovalAbsent
		default:
			return res, fmt.Errorf("karmada: unregister %s: delete %s: %w", name, kindOf(o.obj), err)
		}
	}
	r.opts.Logger.Info("unregistered member", "member", name, "cluster", res.Cluster, "secret", res.Secret)
	return res, nil
}

// checkRemovable reads every object: absent ones are marked so, present ones kept, foreign ones refused.
func (r *Registrar) checkRemovable(ctx context.Context, name string, objs []memberObject) error {
	var refused []error
	for _, o := range objs {
		err := r.c.Get(ctx, client.ObjectKeyFromObject(o.obj), o.obj)
		switch {
		case objectNotFound(err, o.obj):
			*o.out = RemovalAbsent
			continue
		case err != nil:
			return fmt.Errorf("karmada: unregister %s: read %s: %w", name, kindOf(o.obj), err)
		}
		*o.out = RemovalKept
		if err := r.checkManaged(o.obj); err != nil {
			*o.out = RemovalRefused
			refused = append(refused, err)
		}
	}
	return errors.Join(refused...)
}

// objectNotFound tells a 404 about this object from a 404 about the whole resource. The API server
// answers a missing object with a Status naming it; a path it does not serve (the Cluster API is gone,
// discovery is stale) gets a bare "404 page not found", which client-go turns into a NotFound that
// also carries the name but marks the answer as unexpected.
func objectNotFound(err error, obj client.Object) bool {
	var st apierrors.APIStatus
	if err == nil || !errors.As(err, &st) || st.Status().Reason != metav1.StatusReasonNotFound {
		return false
	}
	d := st.Status().Details
	if d == nil || d.Name != obj.GetName() {
		return false
	}
	for _, c := range d.Causes {
		if c.Type == metav1.CauseTypeUnexpectedServerResponse {
			return false
		}
	}
	return true
}

func kindOf(obj client.Object) string {
	if _, ok := obj.(*corev1.Secret); ok {
		return "Secret"
	}
	return "Cluster"
}
