package main

import (
	"errors"
	"fmt"
	"os"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/fleetkit/fleetkit/fleet/karmada"
)

// restConfig loads the kubeconfig at path, given with flag, to connect to a cluster. clientcmd's errors
// quote the names of contexts, clusters and users (a name can be a pasted token) and YAML errors quote the
// file, so none is passed on: the message says what kind of problem it is and how to look. The file is
// read within karmada.KubeconfigLimits first, so a hostile one is refused before clientcmd expands it.
func restConfig(flag, path string) (*rest.Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", flag, err)
	}
	if _, err := karmada.KubeconfigLimits.Parse(data); err != nil {
		return nil, fmt.Errorf("%s %s: not a usable kubeconfig (one YAML or JSON document within %d bytes, no key given twice)",
			flag, path, karmada.KubeconfigLimits.MaxInputBytes)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	switch {
	case err == nil:
		return cfg, nil
	case clientcmd.IsEmptyConfig(err), clientcmd.IsConfigurationInvalid(err):
		return nil, fmt.Errorf("%s %s: the current context, or the cluster or user it names, is missing or incomplete "+
			"(names are not shown; see kubectl config view --minify --kubeconfig %s)", flag, path, path)
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("%s %s: a file the kubeconfig refers to does not exist", flag, path)
	default:
		return nil, fmt.Errorf("%s %s: not a usable kubeconfig", flag, path)
	}
}
