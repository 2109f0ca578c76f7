package archtest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/internal/archtest"
)

const m = archtest.Module

func TestModuleFollowsTheLayeringRules(t *testing.T) {
	pkgs, err := archtest.List("../..")
	require.NoError(t, err)
	require.NotEmpty(t, pkgs)
	for _, v := range archtest.Fleetkit.Missing(pkgs) {
		t.Errorf("layering: %s", v)
	}
	for _, v := range archtest.Fleetkit.Check(pkgs) {
		t.Errorf("layering: %s", v)
	}
}

// testLayout is a small layout with one package of each kind, for testing the rule engine itself.
var testLayout = archtest.Layout{
	"":                 {Kind: archtest.Pure},
	"engine":           {Kind: archtest.Pure},
	"engine/sub":       {Kind: archtest.Pure},
	"engine/internal":  {Kind: archtest.Pure},
	"lower":            {Kind: archtest.Pure, Allow: []archtest.Allowance{{Prefix: "example.com/parser", Reason: "test"}}},
	"engine/vendor":    {Kind: archtest.Adapter, Allow: []archtest.Allowance{{Prefix: "vendor.io/api", Reason: "test"}}},
	"lower/other":      {Kind: archtest.Adapter},
	"examples/tool":    {Kind: archtest.Example},
	"examples/other":   {Kind: archtest.Example},
	"internal/testenv": {Kind: archtest.Support},
}

func pkg(path string, imports []string, deps ...string) archtest.Package {
	return archtest.Package{ImportPath: path, Imports: imports, Deps: append(deps, imports...)}
}

func TestCheckCatchesEachRule(t *testing.T) {
	cases := []struct {
		name string
		pkg  archtest.Package
		want string
	}{
		{"unclassified package", pkg(m+"/engine/newsub", []string{"fmt"}),
			m + `/engine/newsub: not classified: add "engine/newsub" to Fleetkit in internal/archtest/layout.go as Pure, Adapter, Example or Support`},
		{"unclassified package below an adapter", pkg(m+"/engine/vendor/deeper", nil),
			m + `/engine/vendor/deeper: not classified: add "engine/vendor/deeper" to Fleetkit in internal/archtest/layout.go as Pure, Adapter, Example or Support`},
		{"pure imports a module not on its allowlist", pkg(m+"/engine", []string{"fmt", "github.com/google/cel-go/cel"}),
			m + "/engine imports github.com/google/cel-go/cel: not on the pure allowlist"},
		{"pure imports a client library adapters may use", pkg(m+"/engine", []string{"github.com/go-logr/logr"}),
			m + "/engine imports github.com/go-logr/logr: not on the pure allowlist"},
		{"pure imports a module allowed to another pure package by name", pkg(m+"/engine", []string{"example.com/parser"}),
			m + "/engine imports example.com/parser: not on the pure allowlist"},
		{"pure imports an adapter", pkg(m+"/lower", []string{m + "/engine/vendor"}),
			m + "/lower imports " + m + "/engine/vendor: pure packages import only pure fleetkit packages, and this one is classified adapter"},
		{"pure imports its own subpackage", pkg(m+"/engine", []string{m + "/engine/sub"}),
			m + "/engine imports " + m + "/engine/sub: imports point downward"},
		{"adapter imports its own parent's adapter sibling", pkg(m+"/engine/vendor", []string{m + "/lower/other"}),
			m + "/engine/vendor imports " + m + "/lower/other: an adapter never imports another adapter"},
		{"adapter imports another vendor's API", pkg(m+"/lower/other", []string{"vendor.io/api/v1"}),
			m + "/lower/other imports vendor.io/api/v1: not on the adapter allowlist"},
		{"adapter imports upstream internals", pkg(m+"/engine/vendor", []string{"vendor.io/scheduler/core"}),
			m + "/engine/vendor imports vendor.io/scheduler/core: not on the adapter allowlist"},
		{"adapter imports test support", pkg(m+"/engine/vendor", []string{m + "/internal/testenv"}),
			m + "/engine/vendor imports " + m + "/internal/testenv: adapter packages import only pure fleetkit packages, and this one is classified support"},
		{"pure reaches client-go through an allowed module", pkg(m+"/engine", []string{"k8s.io/component-helpers/apimachinery/lease"}, "k8s.io/client-go/kubernetes"),
			m + "/engine reaches k8s.io/client-go/kubernetes: a pure package never reaches client libraries"},
		{"pure reaches k8s.io/apiserver", pkg(m+"/engine", []string{"k8s.io/apimachinery/pkg/runtime"}, "k8s.io/apiserver/pkg/cel"),
			m + "/engine reaches k8s.io/apiserver/pkg/cel: a pure package never reaches"},
		{"adapter reaches Karmada's scheduler", pkg(m+"/engine/vendor", []string{"vendor.io/api/v1"}, "github.com/karmada-io/karmada/pkg/scheduler/framework"),
			m + "/engine/vendor reaches github.com/karmada-io/karmada/pkg/scheduler/framework: library code never reaches upstream internals"},
		{"adapter reaches k8s.io/kubernetes", pkg(m+"/engine/vendor", []string{"vendor.io/api/v1"}, "k8s.io/kubernetes/pkg/apis/core"),
			m + "/engine/vendor reaches k8s.io/kubernetes/pkg/apis/core: library code never reaches upstream internals"},
		{"support imports an example", pkg(m+"/internal/testenv", []string{m + "/examples/tool"}),
			m + "/internal/testenv imports " + m + "/examples/tool: nothing imports examples/"},
		{"example imports another example", pkg(m+"/examples/tool", []string{m + "/examples/other/internal"}),
			m + "/examples/tool imports " + m + "/examples/other/internal: nothing imports examples/"},
		{"pure reaches an example", pkg(m+"/engine", nil, m+"/examples/tool"),
			m + "/engine reaches " + m + "/examples/tool: nothing imports examples/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := testLayout.Check([]archtest.Package{tc.pkg})
			require.NotEmpty(t, got, "no violation found")
			assert.Contains(t, got[0].String(), tc.want)
		})
	}
}

func TestCheckAllowsTheDesignedEdges(t *testing.T) {
	ok := []archtest.Package{
		pkg(m, nil),
		pkg(m+"/lower", []string{"fmt", "example.com/parser/strict"}),
		pkg(m+"/engine", []string{"fmt", m + "/lower", m + "/engine/internal", "k8s.io/apimachinery/pkg/util/sets",
			"k8s.io/api/core/v1", "k8s.io/component-helpers/scheduling/corev1/nodeaffinity"},
			"k8s.io/klog/v2", "github.com/go-logr/logr", "example.com/parser/strict"),
		pkg(m+"/engine/sub", []string{m + "/engine", m + "/lower"}),
		pkg(m+"/engine/vendor", []string{m + "/engine", m + "/engine/sub", m + "/lower", "vendor.io/api/v1",
			"k8s.io/client-go/rest", "sigs.k8s.io/controller-runtime/pkg/client", "github.com/go-logr/logr"},
			"k8s.io/apiserver/pkg/util"),
		pkg(m+"/examples/tool", []string{m + "/engine/vendor", m + "/lower/other", m + "/examples/tool/internal",
			"github.com/spf13/cobra"}),
		pkg(m+"/examples/tool/internal", []string{"sigs.k8s.io/controller-runtime/pkg/manager"}),
		pkg(m+"/internal/testenv", []string{"sigs.k8s.io/controller-runtime/pkg/envtest", m + "/engine/vendor"}),
		pkg("example.com/outside", []string{m + "/examples/tool"}),
	}
	assert.Empty(t, testLayout.Check(ok))
}

func TestMissingReportsStaleEntries(t *testing.T) {
	l := archtest.Layout{"engine": {Kind: archtest.Pure}, "gone": {Kind: archtest.Pure}}
	got := l.Missing([]archtest.Package{pkg(m+"/engine", nil)})
	require.Len(t, got, 1)
	assert.Equal(t, m+"/gone: classified in internal/archtest/layout.go but not in the module: remove or rename the entry", got[0].String())
}

// TestFleetkitLayoutDecisions pins the decisions written into Fleetkit's classes.
func TestFleetkitLayoutDecisions(t *testing.T) {
	cases := []struct {
		name    string
		pkg     archtest.Package
		allowed bool
	}{
		{"policy compiles CEL with cel-go", pkg(m+"/policy", []string{"github.com/google/cel-go/cel", m + "/fleet"}), true},
		{"no other engine imports cel-go", pkg(m+"/rollout", []string{"github.com/google/cel-go/cel"}), false},
		{"policy types custom CEL rules with kube-apiserver's schema conversion", pkg(m+"/policy", []string{"k8s.io/apiserver/pkg/cel/common", "k8s.io/apiserver/pkg/cel/openapi", "k8s.io/kube-openapi/pkg/validation/spec"}, "k8s.io/apiserver/pkg/cel", "k8s.io/apiserver/pkg/apis/cel"), true},
		{"policy never reaches kube-apiserver's admission machinery", pkg(m+"/policy", []string{"github.com/google/cel-go/cel"}, "k8s.io/apiserver/pkg/admission"), false},
		{"policy never reaches kube-apiserver's CEL environment (feature gates, metrics)", pkg(m+"/policy", []string{"k8s.io/apiserver/pkg/cel/environment"}, "k8s.io/component-base/featuregate"), false},
		{"policy/eval uses kube-apiserver's admission machinery", pkg(m+"/policy/eval", []string{m + "/policy", "k8s.io/apiserver/pkg/admission/plugin/cel"}), true},
		{"distribute/karmada builds Karmada API objects", pkg(m+"/distribute/karmada", []string{m + "/distribute", m + "/fleet", "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"}), true},
		{"distribute/karmada may not import Karmada's scheduler", pkg(m+"/distribute/karmada", []string{"github.com/karmada-io/karmada/pkg/scheduler/core/spreadconstraint"}), false},
		{"distribute/karmada may not import Karmada's pkg/util", pkg(m+"/distribute/karmada", []string{"github.com/karmada-io/karmada/pkg/util"}), false},
		{"fleet/karmada may not import Istio", pkg(m+"/fleet/karmada", []string{"istio.io/client-go/pkg/apis/networking/v1"}), false},
		{"traffic/istio may import the rollout engine", pkg(m+"/traffic/istio", []string{m + "/traffic", m + "/rollout"}), true},
		{"traffic/istio may not import observe/prometheus", pkg(m+"/traffic/istio", []string{m + "/observe/prometheus"}), false},
		{"scheduling may use component-helpers' node affinity", pkg(m+"/scheduling", []string{"k8s.io/component-helpers/scheduling/corev1/nodeaffinity"}), true},
		{"no engine imports klog", pkg(m+"/scheduling", []string{"k8s.io/klog/v2"}), false},
		{"examples may import anything", pkg(m+"/examples/fleetctl/internal/render", []string{"github.com/spf13/cobra", m + "/traffic/istio"}), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := archtest.Fleetkit.Check([]archtest.Package{tc.pkg})
			if tc.allowed {
				assert.Empty(t, got)
			} else {
				assert.NotEmpty(t, got)
			}
		})
	}
}
