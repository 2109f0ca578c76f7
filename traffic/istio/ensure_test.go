package istio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/fleetkit/fleetkit/traffic/istio"
)

// A DestinationRule with the service's name can be another host's rule (a
// legacy service, a team's naming): Istio applies its subsets to that host
// only, so the routes' subsets of the service's host stay undefined and
// their requests get 503s. Ensure used to accept such a rule because its
// subsets had the right names. A rule naming the same host in another
// spelling (the FQDN of the short name, in any cluster domain) is the same
// rule.
func TestEnsureChecksTheHostOfAnExistingDestinationRule(t *testing.T) {
	cases := map[string]struct {
		host   string
		reason string // "" when Ensure accepts the rule
	}{
		"another host":                       {"podinfo-legacy", `is for host "podinfo-legacy", not "podinfo"`},
		"the same name in another namespace": {"podinfo.other.svc.cluster.local", `is for host "podinfo.other.svc.cluster.local"`},
		"the same host":                      {"podinfo", ""},
		"its FQDN":                           {"podinfo.shop.svc.cluster.local", ""},
		"its FQDN in another cluster domain": {"podinfo.shop.svc.corp.example", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			theirs := &networkingv1.DestinationRule{ObjectMeta: metav1.ObjectMeta{Namespace: "shop", Name: "podinfo"}}
			theirs.Spec.Host = tc.host
			theirs.Spec.Subsets = []*apinet.Subset{
				{Name: "stable", Labels: map[string]string{"version": "v1"}},
				{Name: "canary", Labels: map[string]string{"version": "v2"}},
			}
			c := fakeClient(t, theirs)
			r, err := istio.New(c, istio.Options{Service: podinfoSubsets("shop")})
			require.NoError(t, err)

			err = r.Ensure(ctx)
			vsErr := c.Get(ctx, client.ObjectKey{Namespace: "shop", Name: "podinfo"}, &networkingv1.VirtualService{})
			if tc.reason == "" {
				require.NoError(t, err)
				require.NoError(t, vsErr)
				return
			}
			require.ErrorIs(t, err, istio.ErrSubsets)
			var se *istio.SubsetError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, "podinfo", se.Name)
			assert.Contains(t, err.Error(), "DestinationRule shop/podinfo")
			assert.Contains(t, err.Error(), tc.reason)
			assert.True(t, apierrors.IsNotFound(vsErr), "no VirtualService routes to the undefined subsets: %v", vsErr)
		})
	}
}
