package istio_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

// A regex on the cookie header is how the cookie condition is written, so a
// split spelling it as a header match read back as another split (the
// cookie condition), and the next conditional step was refused as routes
// changed by someone else. Such a split is refused before anything is
// written, naming the spelling to use.
func TestRouterRefusesTheCookieHeaderSpellingOfTheCookieCondition(t *testing.T) {
	ctx := context.Background()
	r, err := istio.New(fakeClient(t), istio.Options{Service: podinfo("shop")})
	require.NoError(t, err)
	require.NoError(t, r.Ensure(ctx))
	re := "^(.*?;)?(canary=always)(;.*)?$"
	header := traffic.Split{Canary: 100, Match: []traffic.Match{{Headers: map[string]traffic.StringMatch{"cookie": traffic.Regex(re)}}}}

	err = r.SetRoutes(ctx, header)
	require.ErrorIs(t, err, traffic.ErrInvalid)
	assert.Contains(t, err.Error(), "split.match[0].headers[cookie].regex")
	got, err := r.GetRoutes(ctx)
	require.NoError(t, err)
	assert.True(t, traffic.PrimaryOnly().Equal(got), "nothing was written: %s", got)

	cookie := traffic.Split{Canary: 100, Match: []traffic.Match{{Cookie: re}}}
	require.NoError(t, r.CompareAndSetRoutes(ctx, traffic.PrimaryOnly(), cookie))
	require.NoError(t, r.CompareAndSetRoutes(ctx, cookie, traffic.PrimaryOnly()))
}
