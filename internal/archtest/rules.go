package archtest

import (
	"fmt"
	"sort"
	"strings"
)

// Module is fleetkit's module path.
const Module = "github.com/fleetkit/fleetkit"

// PurePackages are the engine packages that must stay free of client libraries and vendor SDKs.
var PurePackages = []string{"fleet", "cluster", "distribute", "traffic", "rollout", "observe", "policy", "scheduling"}

// ForbiddenForPure are import-path prefixes a pure package may not reach.
var ForbiddenForPure = []string{
	"k8s.io/client-go", "sigs.k8s.io/controller-runtime", "github.com/karmada-io", "istio.io",
	"volcano.sh", "sigs.k8s.io/cluster-api", "github.com/prometheus", "k8s.io/apiserver",
}

// Package is one node of the import graph: its path and all its (transitive) dependencies.
type Package struct {
	ImportPath string
	Deps       []string
}

// Violation is one broken rule.
type Violation struct {
	Package string
	Reaches string
	Rule    string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s reaches %s: %s", v.Package, v.Reaches, v.Rule)
}

// Check returns every violation in the graph, sorted.
func Check(pkgs []Package) []Violation {
	var out []Violation
	for _, p := range pkgs {
		for _, dep := range p.Deps {
			if rule := violated(p.ImportPath, dep); rule != "" {
				out = append(out, Violation{Package: p.ImportPath, Reaches: dep, Rule: rule})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

func violated(pkg, dep string) string {
	if isUnder(dep, Module+"/examples") && !isUnder(pkg, Module+"/examples") {
		return "nothing imports examples/"
	}
	if pure := pureRoot(pkg); pure != "" && pkg == pure {
		for _, f := range ForbiddenForPure {
			if isUnder(dep, f) {
				return "pure packages import only the standard library, apimachinery, api types and each other"
			}
		}
	}
	if a, b := adapterRoot(pkg), adapterRoot(dep); a != "" && b != "" && a != b {
		return "an adapter never imports another adapter"
	}
	return ""
}

// pureRoot returns the pure package pkg belongs to (itself or its parent), or "".
func pureRoot(pkg string) string {
	rest, ok := strings.CutPrefix(pkg, Module+"/")
	if !ok {
		return ""
	}
	first, _, _ := strings.Cut(rest, "/")
	for _, p := range PurePackages {
		if first == p {
			return Module + "/" + p
		}
	}
	return ""
}

// adapterRoot returns the adapter (first-level subpackage of a pure package) pkg belongs to, or "".
func adapterRoot(pkg string) string {
	root := pureRoot(pkg)
	if root == "" || pkg == root {
		return ""
	}
	sub, _, _ := strings.Cut(strings.TrimPrefix(pkg, root+"/"), "/")
	return root + "/" + sub
}

func isUnder(pkg, prefix string) bool { return pkg == prefix || strings.HasPrefix(pkg, prefix+"/") }
