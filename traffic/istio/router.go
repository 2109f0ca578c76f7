package istio

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-logr/logr"
	"google.golang.org/protobuf/proto"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/util/retry"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/traffic"
)

// DefaultBackoff retries an update conflict five times, 50ms apart at
// first and doubling, with jitter so that competing writers spread out.
var DefaultBackoff = wait.Backoff{Steps: 5, Duration: 50 * time.Millisecond, Factor: 2, Jitter: 0.1}

// Options configures a Router.
type Options struct {
	// Service names the VirtualService and the backends; required.
	Service traffic.Service
	// Policy is written with every route change (timeouts, retries) and by
	// Ensure into the DestinationRules.
	Policy traffic.Policy
	// Labels are put on the objects Ensure creates.
	Labels map[string]string
	// Backoff paces retries of update conflicts; the zero value means
	// DefaultBackoff.
	Backoff wait.Backoff
	// Logger receives conflict retries; the zero value discards them.
	Logger logr.Logger
}

// Router reads and sets the canary routes of one service through a
// controller-runtime client. It implements rollout/runner's TrafficRouter.
// A Router is safe for concurrent use: it keeps no state between calls
// beyond its options, and the server arbitrates concurrent writes
// (conflicts are retried).
type Router struct {
	c    client.Client
	opts Options
}

// New checks opts and returns a Router.
func New(c client.Client, opts Options) (*Router, error) {
	if c == nil {
		return nil, &ValidationError{Field: "client", Reason: "is nil"}
	}
	if err := errors.Join(opts.Service.Validate(), opts.Policy.Validate()); err != nil {
		return nil, err
	}
	if opts.Backoff.Steps == 0 {
		opts.Backoff = DefaultBackoff
	}
	opts.Service = cloneService(opts.Service)
	return &Router{c: c, opts: opts}, nil
}

// GetRoutes reads the VirtualService and returns the split it really
// routes. A missing VirtualService is a *NotFoundError; routes in an unknown
// layout are a *RoutesError; other client errors are wrapped with %w.
func (r *Router) GetRoutes(ctx context.Context) (traffic.Split, error) {
	vs, err := r.get(ctx)
	if err != nil {
		return traffic.Split{}, fmt.Errorf("istio: get routes of %s: %w", r.ref(), err)
	}
	return r.parse(vs)
}

// SetRoutes writes s into the VirtualService, whatever it routes now: the
// explicit overwrite, for a caller that means to replace an edit (a runner
// re-asserting its routes). To change routes only while they are what you
// set, use CompareAndSetRoutes. An invalid split is refused before the
// server is called (an error matching traffic.ErrInvalid). It never creates
// the VirtualService: one deleted mid-rollout is reported as a
// *NotFoundError so the runner can stop and alert instead of routing
// traffic nobody expects. Setting the split in force again writes nothing,
// so a replayed SetRoutes is harmless. Every update is conditioned on the
// resourceVersion just read; a conflict is retried with the configured
// backoff when only the object's metadata changed, and reported as an
// *EditError (matching traffic.ErrRoutesChanged) when another writer
// changed its spec meanwhile: an edit made during the call is not
// overwritten. A spec changed to exactly what the call writes (another
// writer taking the same step) is success.
func (r *Router) SetRoutes(ctx context.Context, s traffic.Split) error {
	if err := r.write(ctx, s, nil); err != nil {
		return fmt.Errorf("istio: set routes %s of %s: %w", s, r.ref(), err)
	}
	return nil
}

// write puts the split s into the VirtualService, with the update rules of
// SetRoutes. check, when not nil, vets the object read before each attempt:
// it returns done when nothing is to be written, or an error that ends the
// write.
func (r *Router) write(ctx context.Context, s traffic.Split, check func(*networkingv1.VirtualService) (bool, error)) error {
	desired, err := NewVirtualService(r.opts.Service).WithSplit(s).WithPolicy(r.opts.Policy).Build()
	if err != nil {
		return err
	}
	var first *networkingv1.VirtualService
	var conflict error
	attempt := 0
	retriable := func(err error) bool {
		var edit *EditError
		return apierrors.IsConflict(err) && !errors.As(err, &edit)
	}
	err = retry.OnError(r.opts.Backoff, retriable, func() error {
		attempt++
		current, err := r.get(ctx)
		if err != nil {
			return err
		}
		// Routes already as this call would write them are done, whoever
		// wrote them: a spec changed by a writer taking the same step is
		// not an edit to protect.
		next := desired.DeepCopy()
		keepTheirs(&next.Spec, &current.Spec)
		if proto.Equal(&current.Spec, &next.Spec) {
			return nil
		}
		if first == nil {
			first = current
		} else if !proto.Equal(&first.Spec, &current.Spec) {
			return &EditError{Namespace: current.Namespace, Name: current.Name, Err: conflict}
		}
		if check != nil {
			if done, err := check(current); done || err != nil {
				return err
			}
		}
		next.ObjectMeta = *current.ObjectMeta.DeepCopy()
		conflict = r.c.Update(ctx, next)
		if apierrors.IsConflict(conflict) {
			r.opts.Logger.V(1).Info("VirtualService changed under us; reading it again", "virtualService", r.ref(), "attempt", attempt)
		}
		return conflict
	})
	if err != nil && attempt > 1 {
		return fmt.Errorf("%d attempts: %w", attempt, err)
	}
	return err
}

func (r *Router) get(ctx context.Context) (*networkingv1.VirtualService, error) {
	vs := &networkingv1.VirtualService{}
	key := client.ObjectKey{Namespace: r.opts.Service.Namespace, Name: r.opts.Service.Name}
	if err := r.c.Get(ctx, key, vs); err != nil {
		if apierrors.IsNotFound(err) {
			return nil, &NotFoundError{Kind: "VirtualService", Namespace: key.Namespace, Name: key.Name}
		}
		return nil, notInstalled("VirtualService", err)
	}
	return vs, nil
}

func (r *Router) ref() string { return r.opts.Service.Namespace + "/" + r.opts.Service.Name }
