package istio_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/types/known/wrapperspb"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

func built(t testing.TB, svc traffic.Service, s traffic.Split) *networkingv1.VirtualService {
	t.Helper()
	vs, err := istio.NewVirtualService(svc).WithSplit(s).Build()
	require.NoError(t, err)
	return vs
}

func TestParseSplitRoundTrips(t *testing.T) {
	splits := map[string]traffic.Split{
		"primary only": traffic.PrimaryOnly(),
		"weighted":     traffic.Weighted(40),
		"all canary":   traffic.Weighted(100),
		"mirror":       traffic.Mirrored(33.3),
		"a/b":          abSplit(),
		"a/b mirrored": {Primary: 100, Mirror: &traffic.Mirror{Percent: 100}, Match: abSplit().Match},
	}
	for name, s := range splits {
		for _, svc := range []traffic.Service{podinfo("t"), podinfoSubsets("t")} {
			t.Run(name+"/"+svc.Primary.String(), func(t *testing.T) {
				got, err := istio.ParseSplit(built(t, svc, s), svc)
				require.NoError(t, err)
				assert.True(t, s.Equal(got), "want %s, got %s", s, got)
			})
		}
	}
}

func TestParseSplitAcceptsIstioDefaults(t *testing.T) {
	svc := podinfo("t")
	vs := built(t, svc, traffic.Mirrored(50))
	// A single destination without a weight takes everything; a mirror
	// without a percentage mirrors everything.
	vs.Spec.Http[0].Route = vs.Spec.Http[0].Route[:1]
	vs.Spec.Http[0].Route[0].Weight = 0
	vs.Spec.Http[0].MirrorPercentage = nil
	got, err := istio.ParseSplit(vs, svc)
	require.NoError(t, err)
	assert.Equal(t, traffic.Mirrored(100), got)
}

func TestParseSplitRefusesWhatItCannotRead(t *testing.T) {
	svc := podinfo("t")
	cases := map[string]struct {
		edit   func(vs *networkingv1.VirtualService)
		reason string
	}{
		"no default route": {func(vs *networkingv1.VirtualService) { vs.Spec.Http[0].Name = "other" }, `no HTTP route named "default"`},
		"no routes":        {func(vs *networkingv1.VirtualService) { vs.Spec.Http = nil }, `no HTTP route named "default"`},
		"third destination": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[0].Route[1].Destination.Host = "elsewhere"
		}, "neither the primary"},
		"weights short of 100": {func(vs *networkingv1.VirtualService) { vs.Spec.Http[0].Route[0].Weight = 10 }, "add up to"},
		"default route matches": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[0].Match = []*apinet.HTTPMatchRequest{{Port: 80}}
		}, "has match conditions"},
		"mirror elsewhere": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[0].Mirror = &apinet.Destination{Host: "shadow"}
		}, "mirrors to shadow"},
		"mirror out of range": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[0].Mirror = &apinet.Destination{Host: "podinfo-canary"}
			vs.Spec.Http[0].MirrorPercentage = &apinet.Percent{Value: 150}
		}, "outside (0, 100]"},
		// Routes added by hand take requests away from the split: reading
		// the split alone would misreport what is routed, and writing it
		// back would delete them.
		"a route added before ours": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http = append([]*apinet.HTTPRoute{hotfixRoute()}, vs.Spec.Http...)
		}, `route "hotfix" is not one this package writes`},
		"a route added after ours": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http = append(vs.Spec.Http, hotfixRoute())
		}, `route "hotfix" is not one this package writes`},
		"our route twice": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Http = append(vs.Spec.Http, vs.Spec.Http[0])
		}, `route "default" appears twice`},
		"a TCP route": {func(vs *networkingv1.VirtualService) {
			vs.Spec.Tcp = []*apinet.TCPRoute{{Route: []*apinet.RouteDestination{{Destination: &apinet.Destination{Host: "db"}}}}}
		}, "TCP or TLS routes"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			vs := built(t, svc, traffic.Weighted(20))
			tc.edit(vs)
			_, err := istio.ParseSplit(vs, svc)
			assert.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
			assert.ErrorIs(t, err, traffic.ErrRoutesChanged, "only another writer makes a layout this package does not write")
			var re *istio.RoutesError
			require.ErrorAs(t, err, &re)
			assert.Contains(t, re.Reason, tc.reason)
		})
	}
}

func TestParseSplitRefusesUnmodelledMatches(t *testing.T) {
	svc := podinfo("t")
	cases := map[string]func(vs *networkingv1.VirtualService){
		"authority": func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[0].Match[0].Authority = &apinet.StringMatch{MatchType: &apinet.StringMatch_Exact{Exact: "a"}}
		},
		"empty string match": func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[0].Match[0].Headers["x-canary"] = &apinet.StringMatch{}
		},
		"canary in default route": func(vs *networkingv1.VirtualService) {
			vs.Spec.Http[1].Route[0].Weight, vs.Spec.Http[1].Route[1].Weight = 90, 10
		},
	}
	for name, edit := range cases {
		t.Run(name, func(t *testing.T) {
			vs := built(t, svc, abSplit())
			edit(vs)
			_, err := istio.ParseSplit(vs, svc)
			assert.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
			assert.ErrorIs(t, err, traffic.ErrRoutesChanged, "only another writer makes a layout this package does not write")
		})
	}
}

func FuzzBuildParseRoundTrip(f *testing.F) {
	f.Add(90, 10, 0.0, "", "", false)
	f.Add(0, 100, 0.0, "insider", "/api", true)
	f.Add(100, 0, 12.5, "", "", true)
	f.Add(100, 0, 100.0, "x", "", false)
	f.Fuzz(func(t *testing.T, primary, canary int, mirror float64, header, uri string, subsets bool) {
		s := traffic.Split{Primary: primary, Canary: canary}
		if mirror != 0 {
			s.Mirror = &traffic.Mirror{Percent: mirror}
		}
		if header != "" || uri != "" {
			m := traffic.Match{}
			if header != "" {
				m.Headers = map[string]traffic.StringMatch{"x-user": traffic.Exact(header)}
			}
			if uri != "" {
				m.URI = &traffic.StringMatch{Prefix: uri}
			}
			s.Match = []traffic.Match{m}
		}
		svc := podinfo("t")
		if subsets {
			svc = podinfoSubsets("t")
		}
		vs, err := istio.NewVirtualService(svc).WithSplit(s).Build()
		if err != nil {
			assert.ErrorIs(t, err, traffic.ErrInvalid, "a build fails only on invalid input")
			return
		}
		// Everything the builder emits reads back as the same split, which
		// validates again.
		got, err := istio.ParseSplit(vs, svc)
		require.NoError(t, err)
		assert.True(t, s.Equal(got), "want %s, got %s", s, got)
		assert.NoError(t, got.Validate())
	})
}

func BenchmarkBuildVirtualService(b *testing.B) {
	svc, s, p := podinfoSubsets("test"), abSplit(), fullPolicy()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := istio.NewVirtualService(svc).WithSplit(s).WithPolicy(p).Build(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseSplit(b *testing.B) {
	svc := podinfoSubsets("test")
	vs := built(b, svc, abSplit())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := istio.ParseSplit(vs, svc); err != nil {
			b.Fatal(err)
		}
	}
}

// hotfixRoute is a route someone adds by hand: requests under /hotfix go to
// another service.
func hotfixRoute() *apinet.HTTPRoute {
	return &apinet.HTTPRoute{Name: "hotfix",
		Match: []*apinet.HTTPMatchRequest{{Uri: &apinet.StringMatch{MatchType: &apinet.StringMatch_Prefix{Prefix: "/hotfix"}}}},
		Route: []*apinet.HTTPRouteDestination{{Destination: &apinet.Destination{Host: "hotfix"}}}}
}

// Istio takes the first route that matches: a default route before the
// match route would take every request and leave the A/B route dead.
func TestParseSplitRefusesTheMatchRouteAfterTheDefault(t *testing.T) {
	svc := podinfo("t")
	vs := built(t, svc, abSplit())
	vs.Spec.Http[0], vs.Spec.Http[1] = vs.Spec.Http[1], vs.Spec.Http[0]
	_, err := istio.ParseSplit(vs, svc)
	require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes)
	assert.Contains(t, err.Error(), `route "canary-match" must come before route "default"`)
}

// Fields of a route that ParseSplit does not read but that change where
// requests go (written by hand, by GitOps, or from Istio's own examples)
// must be refused: reading the weights alone would report a split the
// cluster does not route.
func TestParseSplitRefusesRoutingFieldsItDoesNotRead(t *testing.T) {
	svc := podinfo("t")
	canary := &apinet.Destination{Host: "podinfo-canary"}
	cases := map[string]struct {
		edit  func(r *apinet.HTTPRoute)
		field string
	}{
		// The deprecated integer percentage: Istio mirrors 5%, not 100%.
		"mirrorPercent": {func(r *apinet.HTTPRoute) {
			r.Mirror, r.MirrorPercent = canary, wrapperspb.UInt32(5) //nolint:staticcheck // what users of the deprecated field write
		}, "mirrorPercent"},
		// The mirrors list, which replaces mirror and mirrorPercentage.
		"mirrors": {func(r *apinet.HTTPRoute) {
			r.Mirrors = []*apinet.HTTPMirrorPolicy{{Destination: canary, Percentage: &apinet.Percent{Value: 5}}}
		}, "mirrors"},
		"redirect": {func(r *apinet.HTTPRoute) {
			r.Redirect = &apinet.HTTPRedirect{Uri: "/maintenance"}
		}, "redirect"},
		"directResponse": {func(r *apinet.HTTPRoute) {
			r.DirectResponse = &apinet.HTTPDirectResponse{Status: 503}
		}, "directResponse"},
		"delegate": {func(r *apinet.HTTPRoute) {
			r.Delegate = &apinet.Delegate{Name: "podinfo-routes"}
		}, "delegate"},
	}
	for name, tc := range cases {
		for _, s := range []traffic.Split{traffic.Weighted(20), abSplit()} {
			t.Run(name+"/"+s.String(), func(t *testing.T) {
				vs := built(t, svc, s)
				tc.edit(vs.Spec.Http[0])
				got, err := istio.ParseSplit(vs, svc)
				require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes, "guessed %s", got)
				assert.ErrorIs(t, err, traffic.ErrRoutesChanged)
				assert.Contains(t, err.Error(), tc.field)
			})
		}
	}
}

// The Router writes the Service's hosts and gateways on every step, so hosts or gateways someone
// else changed would be replaced silently: reading them back is an unrecognised layout (drift), and
// the runner holds or re-asserts as the spec says. Order does not matter, and no gateways is "mesh".
func TestParseSplitRefusesHostsAndGatewaysItWouldReplace(t *testing.T) {
	svc := podinfo("t")
	svc.Hosts = append(svc.Hosts, "podinfo.t.svc.cluster.local")
	cases := map[string]struct {
		edit   func(vs *networkingv1.VirtualService)
		reason string
	}{
		"a gateway added":  {func(vs *networkingv1.VirtualService) { vs.Spec.Gateways = []string{"istio-system/public"} }, "gateways"},
		"a host added":     {func(vs *networkingv1.VirtualService) { vs.Spec.Hosts = append(vs.Spec.Hosts, "podinfo.example.com") }, "hosts"},
		"the mesh by name": {func(vs *networkingv1.VirtualService) { vs.Spec.Gateways = []string{"mesh"} }, ""},
		"hosts reordered":  {func(vs *networkingv1.VirtualService) { slices.Reverse(vs.Spec.Hosts) }, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			vs := built(t, svc, traffic.Weighted(20))
			tc.edit(vs)
			split, err := istio.ParseSplit(vs, svc)
			if tc.reason == "" {
				require.NoError(t, err)
				assert.Equal(t, traffic.Weighted(20), split)
				return
			}
			require.ErrorIs(t, err, traffic.ErrRoutesChanged)
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}

// In the A/B layout the split's mirror is on the match route; a mirror on
// the default route (set by hand to shadow the unmatched requests) copies
// requests the split does not describe, and the next step, which writes the
// default route without one, would delete it. It used to be read as an A/B
// split without a mirror.
func TestParseSplitRefusesAMirrorOnTheDefaultRouteOfAnABSplit(t *testing.T) {
	for _, svc := range []traffic.Service{podinfo("t"), podinfoSubsets("t")} {
		t.Run(svc.Canary.String(), func(t *testing.T) {
			vs := built(t, svc, abSplit())
			def := vs.Spec.Http[1]
			require.Equal(t, istio.RouteDefault, def.Name)
			def.Mirror = &apinet.Destination{Host: svc.Canary.Host, Subset: svc.Canary.Subset}
			def.MirrorPercentage = &apinet.Percent{Value: 5}
			got, err := istio.ParseSplit(vs, svc)
			require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes, "guessed %s", got)
			assert.ErrorIs(t, err, traffic.ErrRoutesChanged)
			assert.Contains(t, err.Error(), `route "default"`)
			assert.Contains(t, err.Error(), "mirror")
		})
	}
}

// The Router writes each destination's port from the Service (none when
// Service.Port is 0), so a port someone else chose — the only way to pick
// one port of a multi-port service behind a gateway — would be replaced
// silently at the next step. Reading it back is an unrecognised layout.
func TestParseSplitRefusesDestinationPortsItWouldReplace(t *testing.T) {
	port := func(n uint32) *apinet.PortSelector { return &apinet.PortSelector{Number: n} }
	cases := map[string]struct {
		svc    traffic.Service
		edit   func(r *apinet.HTTPRoute)
		reason string
	}{
		"a port set on the canary": {podinfo("t"), func(r *apinet.HTTPRoute) { r.Route[1].Destination.Port = port(9898) },
			"destination podinfo-canary: port 9898 is not the service's port (none)"},
		"another port on the primary": {withPort(podinfo("t"), 9898), func(r *apinet.HTTPRoute) { r.Route[0].Destination.Port = port(8080) },
			"destination podinfo-primary: port 8080 is not the service's port 9898"},
		"the port removed": {withPort(podinfo("t"), 9898), func(r *apinet.HTTPRoute) { r.Route[0].Destination.Port = nil },
			"destination podinfo-primary: port (none) is not the service's port 9898"},
		"a port on the mirror": {podinfo("t"), func(r *apinet.HTTPRoute) { r.Mirror.Port = port(9898) },
			"mirror podinfo-canary: port 9898 is not the service's port (none)"},
		"the service's port": {withPort(podinfo("t"), 9898), func(r *apinet.HTTPRoute) {}, ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want := traffic.Split{Primary: 80, Canary: 20, Mirror: &traffic.Mirror{Percent: 5}}
			vs := built(t, tc.svc, want)
			tc.edit(vs.Spec.Http[0])
			got, err := istio.ParseSplit(vs, tc.svc)
			if tc.reason == "" {
				require.NoError(t, err)
				assert.True(t, want.Equal(got), "want %s, got %s", want, got)
				return
			}
			require.ErrorIs(t, err, istio.ErrUnrecognizedRoutes, "guessed %s", got)
			assert.ErrorIs(t, err, traffic.ErrRoutesChanged)
			assert.Contains(t, err.Error(), tc.reason)
		})
	}
}
