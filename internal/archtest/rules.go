package archtest

import (
	"fmt"
	"sort"
	"strings"
)

// The allowlists name import-path prefixes; a prefix allows the path itself and everything below it.
var (
	// pureImports are the modules a Pure package may import directly, besides the standard library and
	// other Pure fleetkit packages. component-helpers is allowed as a module because the packages
	// engines need from it (scheduling/corev1/nodeaffinity, resource) are small and pure; the parts
	// that reach client-go (apimachinery/lease, ...) are caught by pureNeverReaches.
	pureImports = []string{"k8s.io/apimachinery", "k8s.io/api", "k8s.io/component-helpers"}

	// adapterImports are the client libraries every adapter may import, besides what a Pure package
	// may. Vendor API packages are allowed per adapter, by name, in its Class.
	adapterImports = []string{
		"k8s.io/client-go",
		"sigs.k8s.io/controller-runtime/pkg/client",
		"sigs.k8s.io/controller-runtime/pkg/controller/controllerutil",
		"github.com/go-logr/logr",
		"sigs.k8s.io/yaml",
		"k8s.io/utils/ptr",
	}

	// pureNeverReaches are modules a Pure package may not reach even transitively. The direct
	// allowlist is what fleetkit chooses; this list guards what a program that links only engines
	// must never contain, whichever allowed package would drag it in. It is a denylist because the
	// transitive graph of apimachinery (klog, logr, json-iterator, cbor, kube-openapi, x/net, ...)
	// changes with every Kubernetes minor and is not fleetkit's to choose.
	pureNeverReaches = []string{
		"k8s.io/client-go", "sigs.k8s.io/controller-runtime", "k8s.io/apiserver", "k8s.io/kubernetes",
		"k8s.io/component-base", // feature gates and metrics registries: globals a pure package never links
		"github.com/karmada-io", "istio.io", "volcano.sh", "sigs.k8s.io/cluster-api",
		"github.com/prometheus",
	}

	// libraryNeverReaches are upstream internals no library package (Pure or Adapter) may reach even
	// transitively: scheduler and controller trees whose own dependencies break `go mod tidy` for
	// consumers. (Karmada's pkg/util is refused by the direct allowlists; its pkg/util/lifted is
	// reached only through Karmada's own pkg/apis/cluster/validation, which is an API package.)
	libraryNeverReaches = []string{
		"github.com/karmada-io/karmada/pkg/scheduler", "github.com/karmada-io/karmada/pkg/controllers",
		"github.com/karmada-io/karmada/pkg/estimator", "k8s.io/kubernetes", "istio.io/istio",
		"volcano.sh/volcano", "sigs.k8s.io/cluster-api/controllers", "sigs.k8s.io/cluster-api/internal",
	}
)

// Package is one node of the import graph: its path, its direct imports and all its transitive
// dependencies.
type Package struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

// Violation is one broken rule. Dep is empty for a package that is not classified or not present.
type Violation struct {
	Package string
	Dep     string
	Direct  bool
	Rule    string
}

func (v Violation) String() string {
	switch {
	case v.Dep == "":
		return fmt.Sprintf("%s: %s", v.Package, v.Rule)
	case v.Direct:
		return fmt.Sprintf("%s imports %s: %s", v.Package, v.Dep, v.Rule)
	default:
		return fmt.Sprintf("%s reaches %s: %s", v.Package, v.Dep, v.Rule)
	}
}

// Check returns every violation of the layering rules in pkgs, sorted. Packages outside Module are
// ignored. Direct imports are checked against the package's allowlist; transitive dependencies
// against the never-reach lists and the examples rule.
func (l Layout) Check(pkgs []Package) []Violation {
	var out []Violation
	for _, p := range pkgs {
		rel, ok := relPath(p.ImportPath)
		if !ok {
			continue
		}
		c, key, ok := l.classOf(rel)
		if !ok {
			out = append(out, Violation{Package: p.ImportPath, Rule: fmt.Sprintf(
				"not classified: add %q to Fleetkit in %s as Pure, Adapter, Example or Support", rel, LayoutFile)})
			continue
		}
		for _, imp := range p.Imports {
			if rule := l.directRule(rel, key, c, imp); rule != "" {
				out = append(out, Violation{Package: p.ImportPath, Dep: imp, Direct: true, Rule: rule})
			}
		}
		for _, dep := range p.Deps {
			if rule := transitiveRule(key, c, dep); rule != "" {
				out = append(out, Violation{Package: p.ImportPath, Dep: dep, Rule: rule})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// Missing returns a violation for every classified package that pkgs does not contain, so the
// layout cannot keep rules for packages that moved or were deleted.
func (l Layout) Missing(pkgs []Package) []Violation {
	seen := map[string]bool{}
	for _, p := range pkgs {
		if rel, ok := relPath(p.ImportPath); ok {
			seen[rel] = true
		}
	}
	var out []Violation
	for rel := range l {
		if !seen[rel] {
			out = append(out, Violation{Package: join(rel), Rule: fmt.Sprintf(
				"classified in %s but not in the module: remove or rename the entry", LayoutFile)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Package < out[j].Package })
	return out
}

// classOf finds the class of the package at rel: its own entry, or for an example the entry of the
// example it belongs to. It returns the key of the entry that matched.
func (l Layout) classOf(rel string) (Class, string, bool) {
	if c, ok := l[rel]; ok {
		return c, rel, true
	}
	for p := parent(rel); p != ""; p = parent(p) {
		if c, ok := l[p]; ok && c.Kind == Example {
			return c, p, true
		}
	}
	return Class{}, "", false
}

// directRule returns the rule the direct import imp of the package at rel breaks, or "".
func (l Layout) directRule(rel, key string, c Class, imp string) string {
	if r, ok := relPath(imp); ok {
		return l.fleetkitImportRule(rel, key, c, r)
	}
	if isStd(imp) || c.Kind == Example || c.Kind == Support || allowedBy(c.Allow, imp) {
		return ""
	}
	if hasPrefix(imp, pureImports...) || (c.Kind == Adapter && hasPrefix(imp, adapterImports...)) {
		return ""
	}
	if c.Kind == Pure {
		return fmt.Sprintf("not on the pure allowlist (standard library, %s, pure fleetkit packages); "+
			"allow it by name with the reason in %s if it must be", strings.Join(pureImports, ", "), LayoutFile)
	}
	return fmt.Sprintf("not on the adapter allowlist (pure allowlist, client libraries, the vendor API "+
		"packages of this adapter); allow it by name with the reason in %s if it is a vendor API package", LayoutFile)
}

// fleetkitImportRule returns the rule an import of the fleetkit package r breaks, or "".
func (l Layout) fleetkitImportRule(rel, key string, c Class, r string) string {
	target, _, classified := l.classOf(r)
	switch {
	case importsExample(key, c, r):
		return "nothing imports examples/"
	case c.Kind == Example || c.Kind == Support:
		return ""
	case isBelow(r, rel) && !isUnderRel(r, join2(rel, "internal")):
		return "imports point downward: a package never imports its own subpackages, which build on it"
	case !classified:
		return "" // reported as unclassified on its own
	case target.Kind != Pure:
		if c.Kind == Adapter && target.Kind == Adapter {
			return "an adapter never imports another adapter"
		}
		return fmt.Sprintf("%s packages import only pure fleetkit packages, and this one is classified %s", c.Kind, target.Kind)
	}
	return ""
}

// transitiveRule returns the rule that reaching dep breaks for a package of class c, or "".
func transitiveRule(key string, c Class, dep string) string {
	if r, ok := relPath(dep); ok && importsExample(key, c, r) {
		return "nothing imports examples/"
	}
	if c.Kind == Pure && hasPrefix(dep, pureNeverReaches...) && !allowedBy(c.Allow, dep) {
		return "a pure package never reaches client libraries, vendor SDKs or k8s.io/apiserver"
	}
	if (c.Kind == Pure || c.Kind == Adapter) && hasPrefix(dep, libraryNeverReaches...) {
		return "library code never reaches upstream internals (schedulers, controllers, k8s.io/kubernetes)"
	}
	return ""
}

// importsExample reports whether a package of class c, classified under key, depending on the
// fleetkit package r depends on an example other than its own.
func importsExample(key string, c Class, r string) bool {
	if r != "examples" && !isBelow(r, "examples") {
		return false
	}
	return c.Kind != Example || (r != key && !isBelow(r, key))
}

func allowedBy(allow []Allowance, imp string) bool {
	for _, a := range allow {
		if isUnder(imp, a.Prefix) {
			return true
		}
	}
	return false
}

func hasPrefix(imp string, prefixes ...string) bool {
	for _, p := range prefixes {
		if isUnder(imp, p) {
			return true
		}
	}
	return false
}

// isStd reports whether imp is a standard-library path: the go command reserves paths whose first
// element has no dot for the standard library.
func isStd(imp string) bool {
	first, _, _ := strings.Cut(imp, "/")
	return !strings.Contains(first, ".")
}

// relPath returns imp relative to Module ("" for the root package) and whether imp is in Module.
func relPath(imp string) (string, bool) {
	if imp == Module {
		return "", true
	}
	rel, ok := strings.CutPrefix(imp, Module+"/")
	return rel, ok
}

func join(rel string) string { return join2(Module, rel) }

func join2(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "/" + b
}

func parent(rel string) string {
	i := strings.LastIndex(rel, "/")
	if i < 0 {
		return ""
	}
	return rel[:i]
}

// isBelow reports whether the relative path r is strictly below the relative path dir; every path is
// below the root "".
func isBelow(r, dir string) bool {
	if dir == "" {
		return r != ""
	}
	return strings.HasPrefix(r, dir+"/")
}

func isUnderRel(r, dir string) bool { return r == dir || isBelow(r, dir) }

func isUnder(pkg, prefix string) bool { return pkg == prefix || strings.HasPrefix(pkg, prefix+"/") }
