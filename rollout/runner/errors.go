package runner

import "errors"

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
