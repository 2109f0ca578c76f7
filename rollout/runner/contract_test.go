package runner_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/runner"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// The routing contract: every spec that validates can be routed by every
// shipped router. Each router gets every split the engine asks for while
// running the spec, must accept it, and must read back the same split.

var _ runner.TrafficRouter = (*istio.Router)(nil)

var services = map[string]traffic.Service{
	"services": {Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"}, Canary: traffic.Backend{Host: "podinfo-canary"}},
	"subsets": {Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"}, Port: 9898,
		Primary: traffic.Backend{Host: "podinfo", Subset: "stable", Labels: map[string]string{"version": "v1"}},
		Canary:  traffic.Backend{Host: "podinfo", Subset: "canary", Labels: map[string]string{"version": "v2"}}},
}

// shippedRouters returns every shipped TrafficRouter, set up for a rollout
// over a fresh in-memory cluster.
func shippedRouters(t testing.TB) map[string]runner.TrafficRouter {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, networkingv1.AddToScheme(scheme))
	out := map[string]runner.TrafficRouter{}
	for name, svc := range services {
		r, err := istio.New(fake.NewClientBuilder().WithScheme(scheme).Build(), istio.Options{Service: svc})
		require.NoError(t, err)
		require.NoError(t, r.Ensure(context.Background()))
		out["istio/"+name] = r
	}
	return out
}

// splitsOf runs spec from an initialized status through a new revision for
// enough ready ticks to finish, and returns every split Step asked for.
func splitsOf(t testing.TB, spec rollout.Spec) []traffic.Split {
	t.Helper()
	var out []traffic.Split
	st := rollout.InitialStatus("r1")
	obs := rollout.Observation{Revision: "r2", Primary: rollout.Ready, Canary: rollout.Ready}
	for range 30 {
		res, err := rollout.Step(spec, st, obs)
		require.NoError(t, err)
		for _, a := range res.Actions {
			if a.Kind == rollout.SetRoutes {
				out = append(out, a.Routes)
			}
		}
		st = res.Status
	}
	return out
}

// checkRoutable asserts the contract for one spec and reports whether the
// spec validated and how many of its splits carried match rules.
func checkRoutable(t testing.TB, spec rollout.Spec, routers map[string]runner.TrafficRouter) (bool, int) {
	t.Helper()
	if err := spec.Validate(); err != nil {
		require.ErrorIs(t, err, rollout.ErrInvalidSpec)
		return false, 0
	}
	matched := 0
	for _, s := range splitsOf(t, spec) {
		if len(s.Match) > 0 {
			matched++
		}
		for name, svc := range services {
			_, err := istio.NewVirtualService(svc).WithSplit(s).Build()
			require.NoError(t, err, "VirtualService builder (%s) refuses %s of a valid spec %+v", name, s, spec)
		}
		for name, r := range routers {
			require.NoError(t, r.SetRoutes(context.Background(), s), "%s refuses %s of a valid spec %+v", name, s, spec)
			got, err := r.GetRoutes(context.Background())
			require.NoError(t, err, name)
			require.True(t, s.Equal(got), "%s: set %s, read back %s", name, s, got)
		}
	}
	return true, matched
}

func TestEverySpecThatValidatesIsRoutable(t *testing.T) {
	routers := shippedRouters(t)
	rnd := rand.New(rand.NewPCG(11, 2))
	valid, matched := 0, 0
	for range 300 {
		ok, m := checkRoutable(t, genSpec(rnd), routers)
		if ok {
			valid++
		}
		matched += m
	}
	t.Logf("valid %d of 300, A/B splits %d", valid, matched)
	// The generator must reach both sides of the contract, or the test
	// proves nothing.
	assert.Greater(t, valid, 30, "valid specs")
	assert.Less(t, valid, 270, "valid specs")
	assert.Greater(t, matched, 30, "A/B splits with match rules")
}

func FuzzEverySpecThatValidatesIsRoutable(f *testing.F) {
	f.Add(uint64(1), uint64(2))
	f.Add(uint64(42), uint64(7))
	f.Fuzz(func(t *testing.T, a, b uint64) {
		checkRoutable(t, genSpec(rand.New(rand.NewPCG(a, b))), shippedRouters(t))
	})
}

// The case that used to fail at the first SetRoutes: a header written
// X-Canary passed Spec.Validate and was refused by every router. Now the
// spec is refused, naming the spelling to use, and that spelling routes.
func TestABHeaderCase(t *testing.T) {
	spec := rollout.Spec{Iterations: 2, Match: []traffic.Match{
		{Headers: map[string]traffic.StringMatch{"X-Canary": traffic.Exact("insider")}},
		{Cookie: "^(.*?;)?(canary=always)(;.*)?$"},
	}}
	err := spec.Validate()
	require.ErrorIs(t, err, traffic.ErrInvalid)
	assert.Contains(t, err.Error(), `match[0].headers[X-Canary]`)
	assert.Contains(t, err.Error(), `write "x-canary"`)

	spec.Match[0].Headers = map[string]traffic.StringMatch{"x-canary": traffic.Exact("insider")}
	ok, matched := checkRoutable(t, spec, shippedRouters(t))
	assert.True(t, ok)
	assert.Equal(t, 2, matched, "two A/B iterations route the matches")
}

func genSpec(r *rand.Rand) rollout.Spec {
	s := rollout.Spec{StepWeight: r.IntN(60), MaxWeight: r.IntN(101), StepWeightPromotion: r.IntN(40),
		Mirror: r.IntN(3) == 0, MirrorWeight: r.IntN(101)}
	if r.IntN(4) == 0 {
		s.StepWeights = []int{5, 20, 40, 80}
	}
	if r.IntN(2) == 0 {
		s.Iterations = 1 + r.IntN(3)
	}
	for range r.IntN(3) {
		s.Match = append(s.Match, genMatch(r))
	}
	return s
}

var (
	headerNames = []string{"x-canary", "x-canary", "user-agent", "X-Canary", "x user", ":authority", "method", "cookie", ""}
	queryNames  = []string{"beta", "v", ""}
	values      = []string{"insider", "/api/v2", "GET", "^(.*?;)?(canary=always)(;.*)?$", ".*Chrome.*", "a(", "ü"}
)

func pick[T any](r *rand.Rand, from []T) T { return from[r.IntN(len(from))] }

func genMatch(r *rand.Rand) traffic.Match {
	var m traffic.Match
	if r.IntN(2) == 0 {
		m.Headers = map[string]traffic.StringMatch{pick(r, headerNames): genString(r)}
	}
	if r.IntN(3) == 0 {
		m.Cookie = pick(r, values)
	}
	if r.IntN(3) == 0 {
		sm := genString(r)
		m.URI = &sm
	}
	if r.IntN(4) == 0 {
		sm := genString(r)
		m.Method = &sm
	}
	if r.IntN(4) == 0 {
		m.QueryParams = map[string]traffic.StringMatch{pick(r, queryNames): genString(r)}
	}
	return m
}

// genString sets one kind of match mostly, sometimes none or two.
func genString(r *rand.Rand) traffic.StringMatch {
	var sm traffic.StringMatch
	for range 1 + r.IntN(2) - r.IntN(2) {
		switch v := pick(r, values); r.IntN(3) {
		case 0:
			sm.Exact = v
		case 1:
			sm.Prefix = v
		default:
			sm.Regex = v
		}
	}
	return sm
}
