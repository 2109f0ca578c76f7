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
	seen := map[string]bool{}
	for _, p := range pkgs {
		seen[p.ImportPath] = true
	}
	for _, p := range archtest.PurePackages {
		assert.True(t, seen[m+"/"+p], "pure package %s is missing from the module", p)
	}
	for _, v := range archtest.Check(pkgs) {
		t.Errorf("layering: %s", v)
	}
}

func TestCheckCatchesEachRule(t *testing.T) {
	cases := map[string]struct {
		pkg  archtest.Package
		want string
	}{
		"pure reaches client-go transitively": {
			archtest.Package{ImportPath: m + "/distribute", Deps: []string{"fmt", "k8s.io/client-go/rest"}}, "k8s.io/client-go/rest"},
		"pure reaches apiserver": {
			archtest.Package{ImportPath: m + "/policy", Deps: []string{"k8s.io/apiserver/pkg/cel"}}, "k8s.io/apiserver/pkg/cel"},
		"adapter imports another adapter": {
			archtest.Package{ImportPath: m + "/rollout/runner", Deps: []string{m + "/traffic/istio"}}, m + "/traffic/istio"},
		"library imports examples": {
			archtest.Package{ImportPath: m + "/internal/testenv", Deps: []string{m + "/examples/fleetctl"}}, m + "/examples/fleetctl"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := archtest.Check([]archtest.Package{tc.pkg})
			require.Len(t, got, 1)
			assert.Equal(t, tc.want, got[0].Reaches)
		})
	}
}

func TestCheckAllowsTheDesignedEdges(t *testing.T) {
	ok := []archtest.Package{
		{ImportPath: m + "/distribute", Deps: []string{m + "/fleet", "k8s.io/apimachinery/pkg/util/sets", "k8s.io/api/core/v1"}},
		{ImportPath: m + "/distribute/karmada", Deps: []string{m + "/distribute", m + "/fleet", "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"}},
		{ImportPath: m + "/traffic/istio", Deps: []string{m + "/traffic", m + "/rollout", "istio.io/client-go/pkg/apis/networking/v1"}},
		{ImportPath: m + "/examples/fleetctl", Deps: []string{m + "/distribute/karmada", m + "/traffic/istio", m + "/examples/fleetctl/internal"}},
		{ImportPath: m + "/internal/testenv", Deps: []string{"sigs.k8s.io/controller-runtime/pkg/envtest"}},
	}
	assert.Empty(t, archtest.Check(ok))
}
