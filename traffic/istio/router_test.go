package istio_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
	"github.com/fleetkit/fleetkit/traffic/istio"
)

var _ rollout.TrafficRouter = (*istio.Router)(nil)

func TestNewRejectsBadOptions(t *testing.T) {
	_, err := istio.New(nil, istio.Options{Service: podinfo("t")})
	assert.ErrorIs(t, err, istio.ErrInvalid)

	bad := podinfo("t")
	bad.Namespace = ""
	_, err = istio.New(env.Client, istio.Options{Service: bad})
	assert.ErrorIs(t, err, traffic.ErrInvalid)
	assert.Contains(t, err.Error(), "service.namespace")

	_, err = istio.New(env.Client, istio.Options{Service: podinfo("t"),
		Policy: traffic.Policy{Retries: &traffic.Retries{Attempts: -1}}})
	assert.Contains(t, err.Error(), "policy.retries.attempts")
}

func TestSetRoutesRefusesInvalidRoutesBeforeCallingTheServer(t *testing.T) {
	r, err := istio.New(env.Client, istio.Options{Service: podinfo("never-created")})
	assert.NoError(t, err)
	err = r.SetRoutes(t.Context(), rollout.Routes{Primary: 30, Canary: 30})
	assert.ErrorIs(t, err, traffic.ErrInvalid, "an invalid split is refused, not reported as a missing object")
	assert.NotErrorIs(t, err, istio.ErrNotFound)
}
