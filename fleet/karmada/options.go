package karmada

import "github.com/go-logr/logr"

// DefaultSecretNamespace is where `karmadactl join` keeps member secrets, and where Register puts
// them when Options.SecretNamespace is empty.
const DefaultSecretNamespace = "karmada-cluster"

// Labels fleetkit puts on the objects it writes.
const (
	// ManagedByLabel marks Clusters and Secrets written by this package.
	ManagedByLabel = "app.kubernetes.io/managed-by"
	// ManagedByValue is ManagedByLabel's value.
	ManagedByValue = "fleetkit"
)

// Options configures a Registrar.
type Options struct {
	// SecretNamespace holds the members' credential Secrets; empty means DefaultSecretNamespace.
	// It is created when missing, as `karmadactl join` does.
	SecretNamespace string
	// Adopt lets Register and Unregister take over Clusters and Secrets fleetkit did not create.
	Adopt bool
	// Logger receives one line per registration change; zero means no logging. Credentials are
	// never logged.
	Logger logr.Logger
}

func (o Options) secretNamespace() string {
	if o.SecretNamespace == "" {
		return DefaultSecretNamespace
	}
	return o.SecretNamespace
}
