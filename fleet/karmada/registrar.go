package karmada

import (
	"context"
	"errors"
	"fmt"
	"maps"

	clusterv1alpha1 "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil"

	"github.com/fleetkit/fleetkit/fleet"
)

// Registrar registers fleet members with one Karmada control plane.
type Registrar struct {
	c    client.Client
	opts Options
}

// New returns a Registrar writing through c, whose scheme must know core/v1 and
// cluster.karmada.io/v1alpha1.
func New(c client.Client, opts Options) (*Registrar, error) {
	if c == nil {
		return nil, errors.New("karmada: New: nil client")
	}
	for _, obj := range []client.Object{&corev1.Secret{}, &clusterv1alpha1.Cluster{}} {
		if _, err := c.GroupVersionKindFor(obj); err != nil {
			return nil, fmt.Errorf("karmada: New: client scheme: %w", err)
		}
	}
	return &Registrar{c: c, opts: opts}, nil
}

// Result says what Register changed.
type Result struct {
	Cluster controllerutil.OperationResult
	Secret  controllerutil.OperationResult
}

// Register creates or updates the member's credential Secret and push-mode Cluster. Running it
// again with the same input changes nothing; with a new kubeconfig or member fields it updates in
// place. The kubeconfig is parsed and the Cluster validated before anything is written. A Cluster
// that is being deleted is a *DeletingError, also before anything is written.
func (r *Registrar) Register(ctx context.Context, m fleet.Member, kubeconfig []byte) (Result, error) {
	if err := m.Validate("member"); err != nil {
		return Result{}, fmt.Errorf("karmada: register: %w", err)
	}
	creds, err := ParseKubeconfig(m.Name, kubeconfig)
	if err != nil {
		return Result{}, err
	}
	desired, err := ClusterFor(m, &creds, r.opts)
	if err != nil {
		return Result{}, err
	}
	if err := r.checkNotDeleting(ctx, m.Name); err != nil {
		return Result{}, err
	}
	var res Result
	if res.Secret, err = r.applySecret(ctx, SecretFor(m, creds, r.opts)); err != nil {
		return res, fmt.Errorf("karmada: register %s: secret: %w", m.Name, err)
	}
	if res.Cluster, err = r.applyCluster(ctx, desired); err != nil {
		return res, fmt.Errorf("karmada: register %s: cluster: %w", m.Name, err)
	}
	r.opts.Logger.Info("registered member", "member", m.Name, "apiEndpoint", desired.Spec.APIEndpoint,
		"cluster", res.Cluster, "secret", res.Secret)
	return res, nil
}

// RegisterFleet registers every member of f with its kubeconfig from kubeconfigs (keyed by member
// name). The fleet (duplicate names included) and every kubeconfig are checked before the first
// write, so bad input leaves the control plane untouched.
func (r *Registrar) RegisterFleet(ctx context.Context, f fleet.Fleet, kubeconfigs map[string][]byte) error {
	if err := CheckFleet(f, kubeconfigs, r.opts); err != nil {
		return err
	}
	for _, m := range f.Members {
		if _, err := r.Register(ctx, m, kubeconfigs[m.Name]); err != nil {
			return err
		}
	}
	return nil
}

// CheckFleet validates a whole fleet for registration without a connection or a write: the fleet
// itself, each member's kubeconfig, and each member's Cluster against Karmada's own validation.
// Callers that register member by member call it first, so bad input never leaves a fleet half
// registered.
func CheckFleet(f fleet.Fleet, kubeconfigs map[string][]byte, opts Options) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("karmada: register fleet %s: %w", f.Name, err)
	}
	for _, m := range f.Members {
		creds, err := ParseKubeconfig(m.Name, kubeconfigs[m.Name])
		if err != nil {
			return err
		}
		if _, err := ClusterFor(m, &creds, opts); err != nil {
			return err
		}
	}
	return nil
}

func (r *Registrar) applySecret(ctx context.Context, desired *corev1.Secret) (controllerutil.OperationResult, error) {
	if err := r.ensureNamespace(ctx, desired.Namespace); err != nil {
		return controllerutil.OperationResultNone, err
	}
	s := &corev1.Secret{}
	s.Namespace, s.Name = desired.Namespace, desired.Name
	return controllerutil.CreateOrUpdate(ctx, r.c, s, func() error {
		if err := r.checkManaged(s); err != nil {
			return err
		}
		s.Labels = mergeLabels(s.Labels, desired.Labels)
		s.Type, s.Data = desired.Type, desired.Data
		return nil
	})
}

// ensureNamespace creates the Secret namespace when it is missing, as `karmadactl join` does on a
// control plane installed without it.
func (r *Registrar) ensureNamespace(ctx context.Context, name string) error {
	ns := &corev1.Namespace{}
	err := r.c.Get(ctx, client.ObjectKey{Name: name}, ns)
	if !apierrors.IsNotFound(err) {
		return err // present, or a real error; an existing namespace needs no create permission
	}
	ns.Name = name
	if err := r.c.Create(ctx, ns); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("namespace %s: %w", name, err)
	}
	return nil
}

// applyCluster writes the fields fleetkit owns and keeps the rest (ID, resource models, the
// impersonator secret Karmada's controllers may have set, and the labels and taints fleetkit did not
// write: see clusterLabels and clusterTaints).
func (r *Registrar) applyCluster(ctx context.Context, desired *clusterv1alpha1.Cluster) (controllerutil.OperationResult, error) {
	c := &clusterv1alpha1.Cluster{}
	c.Name = desired.Name
	return controllerutil.CreateOrUpdate(ctx, r.c, c, func() error {
		if err := r.checkManaged(c); err != nil {
			return err
		}
		if c.DeletionTimestamp != nil {
			return &DeletingError{Name: c.Name}
		}
		d := desired.Spec
		ownedLabels, ownedTaints := recorded(c.Annotations[LabelsAnnotation]), recorded(c.Annotations[TaintsAnnotation])
		records := map[string]string{LabelsAnnotation: labelsRecord(desired.Labels, c.Labels, ownedLabels),
			TaintsAnnotation: taintsRecord(d.Taints, c.Spec.Taints, ownedTaints)}
		c.Labels = clusterLabels(c.Labels, desired.Labels, ownedLabels)
		c.Spec.Taints = clusterTaints(d.Taints, c.Spec.Taints, ownedTaints)
		c.Annotations = mergeLabels(c.Annotations, records)
		c.Spec.SyncMode, c.Spec.APIEndpoint, c.Spec.SecretRef = d.SyncMode, d.APIEndpoint, d.SecretRef
		c.Spec.InsecureSkipTLSVerification, c.Spec.ProxyURL = d.InsecureSkipTLSVerification, d.ProxyURL
		c.Spec.Provider, c.Spec.Region, c.Spec.Zones = d.Provider, d.Region, d.Zones
		c.Spec.Zone = ""             // deprecated by Karmada; Zones replaces it
		if d.ResourceModels != nil { // a member without models keeps the Cluster's (Karmada's defaults)
			c.Spec.ResourceModels = d.ResourceModels
		}
		return nil
	})
}

// checkNotDeleting refuses, before anything is written, a member whose Cluster is being deleted.
func (r *Registrar) checkNotDeleting(ctx context.Context, name string) error {
	var c clusterv1alpha1.Cluster
	err := r.c.Get(ctx, client.ObjectKey{Name: name}, &c)
	switch {
	case apierrors.IsNotFound(err):
		return nil
	case err != nil:
		return fmt.Errorf("karmada: register %s: cluster: %w", name, err)
	case c.DeletionTimestamp != nil:
		return &DeletingError{Name: name}
	}
	return nil
}

// checkManaged refuses to touch an existing object fleetkit did not create.
func (r *Registrar) checkManaged(obj client.Object) error {
	if obj.GetResourceVersion() == "" || r.opts.Adopt || obj.GetLabels()[ManagedByLabel] == ManagedByValue {
		return nil
	}
	return &ConflictError{Kind: kindOf(obj), Namespace: obj.GetNamespace(), Name: obj.GetName()}
}

func mergeLabels(existing, desired map[string]string) map[string]string {
	out := maps.Clone(existing)
	if out == nil {
		out = make(map[string]string, len(desired))
	}
	maps.Copy(out, desired)
	return out
}
