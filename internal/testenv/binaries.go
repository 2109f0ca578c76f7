package testenv

import (
	"fmt"
	"os"
	"path/filepath"
)

// KubernetesVersion is the version of the kube-apiserver the environment runs.
const KubernetesVersion = "1.35.4"

// setupCommand is what a developer runs to install the binaries.
const setupCommand = "make testenv (hack/setup-testenv.sh)"

// BinaryDir returns the directory holding kube-apiserver, etcd and kubectl, checking that the first two
// exist. Order: $FLEETKIT_TESTBIN, $KUBEBUILDER_ASSETS, $FLEETKIT_CACHE/testbin/<version>,
// $HOME/.cache/fleetkit/testbin/<version>.
func BinaryDir() (string, error) {
	dir := os.Getenv("FLEETKIT_TESTBIN")
	if dir == "" {
		dir = os.Getenv("KUBEBUILDER_ASSETS")
	}
	if dir == "" {
		cache := os.Getenv("FLEETKIT_CACHE")
		if cache == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("testenv: locate binaries: %w", err)
			}
			cache = filepath.Join(home, ".cache", "fleetkit")
		}
		dir = filepath.Join(cache, "testbin", KubernetesVersion)
	}
	for _, name := range []string{"kube-apiserver", "etcd"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return "", fmt.Errorf("testenv: %s not found in %s: run %s first: %w", name, dir, setupCommand, err)
		}
	}
	return dir, nil
}
