package istio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// An A/B spec that rollout accepts must be routable: today a header written
// X-Canary passes rollout.Spec.Validate and fails at the first SetRoutes.
func TestDriftABHeaderCaseValidatesInBothOrNeither(t *testing.T) {
	spec := rollout.Spec{Iterations: 2, Match: []rollout.MatchRule{
		{Headers: map[string]rollout.StringMatch{"X-Canary": {Exact: "insider"}}}}}
	specErr := spec.Validate()
	_, buildErr := istio.NewVirtualService(podinfo("test")).
		WithSplit(istio.SplitOf(rollout.Routes{Canary: 100, Match: spec.Match})).Build()
	assert.Equal(t, specErr == nil, buildErr == nil, "spec: %v; router: %v", specErr, buildErr)
}

// A fractional mirror percentage read back from the cluster must be the
// percentage routed, not a rounded one.
func TestDriftMirrorPercentRoundTrips(t *testing.T) {
	s := traffic.Mirrored(12.5)
	assert.True(t, istio.SplitOf(istio.RoutesOf(s)).Equal(s), "got %s", istio.SplitOf(istio.RoutesOf(s)))
}

// Method and query-parameter matches the cluster routes must not vanish
// from what the engine sees and writes back.
func TestDriftMethodAndQueryMatchesRoundTrip(t *testing.T) {
	s := abSplit()
	back := istio.SplitOf(istio.RoutesOf(s))
	require.Len(t, back.Match, 3)
	assert.Equal(t, s.Match[2].Method, back.Match[2].Method)
	assert.Equal(t, s.Match[2].QueryParams, back.Match[2].QueryParams)
}
