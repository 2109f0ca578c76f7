package runner

import (
	"errors"

	"github.com/fleetkit/fleetkit/traffic"
)

// ErrPort is wrapped, together with the port's own error, by every Runner
// error from a port (workload, router, store): the tick was not completed
// and the next Tick retries it.
var ErrPort = errors.New("runner: port")

// ErrInvalidRecord is wrapped by errors in a Record read from the
// StatusStore.
var ErrInvalidRecord = errors.New("runner: invalid record")

// ErrInvalidPorts is the Kind of the *rollout.ValidationError New
// returns for a missing port.
var ErrInvalidPorts = errors.New("runner: invalid ports")

// ErrRevisionChanged is returned (wrapped) by Workload.PromoteSpec when the
// canary's template is no longer at the revision the promotion was decided
// for: the primary was left unchanged, and the new revision must be
// analysed before it can be promoted.
var ErrRevisionChanged = errors.New("runner: revision changed")

// errUnnamedPromotion marks a pending promotion from a record written
// before actions carried their revision: which revision was analysed is
// unknown, so it is decided again rather than replayed.
var errUnnamedPromotion = errors.New("runner: pending promotion names no revision")

// ErrRoutesDrifted is matched by the *DriftError a Tick returns when the
// routes in force are not the ones the Runner set.
var ErrRoutesDrifted = errors.New("runner: routes changed outside the rollout")

// DriftError is returned by Tick when the routes were changed by someone
// else and the spec holds (rollout.RouteDriftHold).
type DriftError struct {
	// Target is the rollout's namespace/name.
	Target string
	// Expected is the split the Runner last set.
	Expected traffic.Split
	// Err is the router's report, or the Runner's own comparison: it
	// matches traffic.ErrRoutesChanged, and is a *traffic.ChangedError when
	// the routes in force could be read.
	Err error
}

// Error implements error.
func (e *DriftError) Error() string {
	return "runner: routes of " + e.Target + " changed outside the rollout (it set " + e.Expected.String() +
		"); holding until they are restored: " + e.Err.Error()
}

// Is makes errors.Is(err, ErrRoutesDrifted) true.
func (e *DriftError) Is(target error) bool { return target == ErrRoutesDrifted }

// Unwrap returns the router's report.
func (e *DriftError) Unwrap() error { return e.Err }

// ErrInvalidMetric is the Kind of the *rollout.ValidationError New returns
// for a metric that does not render into a query for the target.
var ErrInvalidMetric = errors.New("runner: invalid metric")
