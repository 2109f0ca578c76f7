package testenv

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// CRDSet names a group of real CRDs to install.
type CRDSet string

// The CRD sets. Each names where its CRDs come from.
const (
	// Karmada: policy.karmada.io (PropagationPolicy, ClusterPropagationPolicy, OverridePolicy, ...) and
	// work.karmada.io (ResourceBinding, Work) from github.com/karmada-io/karmada's
	// charts/karmada/_crds/bases; only the storage version of each is served (no conversion webhook).
	Karmada CRDSet = "karmada"
	// KarmadaConfig: config.karmada.io ResourceInterpreterCustomization and
	// ResourceInterpreterWebhookConfiguration from the same charts, which karmada-controller-manager's
	// resource detector watches.
	KarmadaConfig CRDSet = "karmada-config"
	// KarmadaCluster: cluster.karmada.io/v1alpha1 Cluster, generated from Karmada's Go types (Karmada
	// serves it from an aggregated API server, so no CRD is shipped).
	KarmadaCluster CRDSet = "karmada-cluster"
	// ClusterAPI: cluster.x-k8s.io core, kubeadm control plane and kubeadm bootstrap CRDs from
	// sigs.k8s.io/cluster-api, v1beta2 only.
	ClusterAPI CRDSet = "cluster-api"
	// Istio: networking.istio.io CRDs (all served versions) from istio.io/api's
	// kubernetes/customresourcedefinitions.gen.yaml.
	Istio CRDSet = "istio"
	// Volcano: batch.volcano.sh Job, scheduling.volcano.sh PodGroup and Queue, generated from
	// volcano.sh/apis' Go types.
	Volcano CRDSet = "volcano"
	// Kyverno: kyverno.io ClusterPolicy (v1, the storage version) from github.com/kyverno/kyverno at
	// KyvernoVersion's config/crds. The module is not a dependency of fleetkit (policy emits Kyverno
	// objects as unstructured data); it is downloaded for its CRD only.
	Kyverno CRDSet = "kyverno"
	// Monitoring: monitoring.coreos.com/v1 Prometheus, PrometheusRule and ServiceMonitor, generated
	// from prometheus-operator's pkg/apis/monitoring types (the module ships no CRDs).
	Monitoring CRDSet = "monitoring"
)

// KyvernoVersion is the Kyverno release whose CRDs the Kyverno set installs.
const KyvernoVersion = "v1.19.1"

// crdSource says where one set's files are and how to trim them.
type crdSource struct {
	module      string   // module path, or "" for this package's generated directory
	version     string   // for a module outside fleetkit's build list: the version to download
	globs       []string // relative to the module (or crds/generated)
	groups      []string // keep only CRDs of these groups; empty keeps all
	storageOnly bool     // serve only the storage version
}

func sourceOf(set CRDSet) (crdSource, error) {
	switch set {
	case Karmada:
		return crdSource{module: "github.com/karmada-io/karmada", storageOnly: true, globs: []string{
			"charts/karmada/_crds/bases/policy/*.yaml", "charts/karmada/_crds/bases/work/*.yaml"}}, nil
	case KarmadaConfig:
		return crdSource{module: "github.com/karmada-io/karmada", storageOnly: true, globs: []string{
			"charts/karmada/_crds/bases/config/*.yaml"}}, nil
	case KarmadaCluster:
		return crdSource{globs: []string{"cluster.karmada.io_*.yaml"}}, nil
	case ClusterAPI:
		return crdSource{module: "sigs.k8s.io/cluster-api", storageOnly: true, globs: []string{
			"config/crd/bases/cluster.x-k8s.io_*.yaml",
			"controlplane/kubeadm/config/crd/bases/*.yaml",
			"bootstrap/kubeadm/config/crd/bases/*.yaml"}}, nil
	case Istio:
		return crdSource{module: "istio.io/api", groups: []string{"networking.istio.io"},
			globs: []string{"kubernetes/customresourcedefinitions.gen.yaml"}}, nil
	case Volcano:
		return crdSource{globs: []string{"batch.volcano.sh_*.yaml", "scheduling.volcano.sh_*.yaml"}}, nil
	case Monitoring:
		return crdSource{globs: []string{"monitoring.coreos.com_*.yaml"}}, nil
	case Kyverno:
		return crdSource{module: "github.com/kyverno/kyverno", version: KyvernoVersion, storageOnly: true,
			globs: []string{"config/crds/kyverno/kyverno.io_clusterpolicies.yaml"}}, nil
	}
	return crdSource{}, fmt.Errorf("testenv: unknown CRD set %q", set)
}

// LoadCRDs reads the CRDs of the given sets, trimmed as each set documents.
func LoadCRDs(sets ...CRDSet) ([]*apiextensionsv1.CustomResourceDefinition, error) {
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, set := range sets {
		src, err := sourceOf(set)
		if err != nil {
			return nil, err
		}
		crds, err := src.load()
		if err != nil {
			return nil, fmt.Errorf("testenv: CRD set %s: %w", set, err)
		}
		if len(crds) == 0 {
			return nil, fmt.Errorf("testenv: CRD set %s: no CRDs found", set)
		}
		out = append(out, crds...)
	}
	return out, nil
}

func (s crdSource) load() ([]*apiextensionsv1.CustomResourceDefinition, error) {
	dir, err := s.dir()
	if err != nil {
		return nil, err
	}
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, glob := range s.globs {
		files, err := filepath.Glob(filepath.Join(dir, glob))
		if err != nil || len(files) == 0 {
			return nil, fmt.Errorf("no files match %s in %s", glob, dir)
		}
		for _, f := range files {
			crds, err := readCRDFile(f)
			if err != nil {
				return nil, err
			}
			out = append(out, s.keep(crds)...)
		}
	}
	return out, nil
}

func (s crdSource) dir() (string, error) {
	if s.module == "" {
		_, file, _, ok := runtime.Caller(0)
		if !ok {
			return "", errors.New("cannot locate the testenv package directory")
		}
		return filepath.Join(filepath.Dir(file), "crds", "generated"), nil
	}
	if s.version != "" {
		return DownloadModule(s.module, s.version)
	}
	return ModuleDir(s.module)
}

func (s crdSource) keep(crds []*apiextensionsv1.CustomResourceDefinition) []*apiextensionsv1.CustomResourceDefinition {
	var out []*apiextensionsv1.CustomResourceDefinition
	for _, crd := range crds {
		if len(s.groups) > 0 && !slices.Contains(s.groups, crd.Spec.Group) {
			continue
		}
		if s.storageOnly {
			keepStorageVersion(crd)
		}
		out = append(out, crd)
	}
	return out
}

// keepStorageVersion drops every version but the storage one, and with it any conversion webhook, which
// the test environment does not run.
func keepStorageVersion(crd *apiextensionsv1.CustomResourceDefinition) {
	if len(crd.Spec.Versions) <= 1 {
		return
	}
	for _, v := range crd.Spec.Versions {
		if v.Storage {
			crd.Spec.Versions = []apiextensionsv1.CustomResourceDefinitionVersion{v}
			break
		}
	}
	crd.Spec.Conversion = &apiextensionsv1.CustomResourceConversion{Strategy: apiextensionsv1.NoneConverter}
}

func readCRDFile(path string) ([]*apiextensionsv1.CustomResourceDefinition, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	reader := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var out []*apiextensionsv1.CustomResourceDefinition
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(bytes.TrimSpace(doc)) == 0 {
			continue
		}
		crd := &apiextensionsv1.CustomResourceDefinition{}
		if err := sigsyaml.Unmarshal(doc, crd); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if crd.Kind == "CustomResourceDefinition" {
			out = append(out, crd)
		}
	}
}

// ModuleDir returns the module cache directory of a module in fleetkit's build list, downloading it if
// needed (`go mod download` then `go list -m`).
func ModuleDir(module string) (string, error) {
	goBin := goBinary()
	out, err := exec.Command(goBin, "list", "-m", "-f", "{{.Dir}}", module).Output()
	dir := strings.TrimSpace(string(out))
	if err == nil && dir == "" {
		if err = exec.Command(goBin, "mod", "download", module).Run(); err == nil {
			out, err = exec.Command(goBin, "list", "-m", "-f", "{{.Dir}}", module).Output()
			dir = strings.TrimSpace(string(out))
		}
	}
	if err != nil || dir == "" {
		return "", fmt.Errorf("locate module %s: %v", module, exitDetail(err))
	}
	return dir, nil
}

// DownloadModule returns the module cache directory of module@version, downloading it through the
// module proxy if needed; for modules that are not in fleetkit's build list.
func DownloadModule(module, version string) (string, error) {
	out, err := exec.Command(goBinary(), "mod", "download", "-json", module+"@"+version).Output()
	if err != nil {
		return "", fmt.Errorf("download module %s@%s: %v", module, version, exitDetail(err))
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil || info.Dir == "" {
		return "", fmt.Errorf("download module %s@%s: %s", module, version, info.Error)
	}
	return info.Dir, nil
}

// goBinary is the go command: on PATH, else the one of the toolchain that built the test.
func goBinary() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	// runtime.GOROOT's deprecation is about binaries copied to other machines; a test binary runs
	// where it was built, so the toolchain root it records is the right one.
	return filepath.Join(runtime.GOROOT(), "bin", "go") //nolint:staticcheck // see above

}

func exitDetail(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return strings.TrimSpace(string(ee.Stderr))
	}
	if err == nil {
		return "not in the module cache"
	}
	return err.Error()
}
