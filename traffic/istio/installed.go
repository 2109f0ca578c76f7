package istio

import (
	"errors"
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
)

// ErrNotInstalled is matched by a *NotInstalledError: the cluster does not
// serve the Istio API this package reads and writes.
var ErrNotInstalled = errors.New("istio: networking.istio.io/v1 not served")

// NotInstalledError names the kind of routing object the cluster does not
// serve: Istio's CRDs are not installed, or come from a release older than
// Istio 1.22, the first to serve networking.istio.io/v1. The client's own
// error names the API group only, or nothing a user can act on.
type NotInstalledError struct {
	// Kind is "VirtualService" or "DestinationRule".
	Kind string
	// Err is the client's error; meta.IsNoMatchError holds for it.
	Err error
}

// Error implements error; the message names the kind and what to install.
func (e *NotInstalledError) Error() string {
	return fmt.Sprintf("istio: the cluster does not serve %s (%s): install Istio's CRDs, from Istio 1.22 or later: %v",
		e.Kind, APIVersion, e.Err)
}

// Is makes errors.Is(err, ErrNotInstalled) true.
func (e *NotInstalledError) Is(target error) bool { return target == ErrNotInstalled }

// Unwrap returns the client's error.
func (e *NotInstalledError) Unwrap() error { return e.Err }

// notInstalled makes a client error saying that kind is not served (a
// RESTMapper's no-match) a *NotInstalledError, and returns others as they are.
func notInstalled(kind string, err error) error {
	if meta.IsNoMatchError(err) {
		return &NotInstalledError{Kind: kind, Err: err}
	}
	return err
}
