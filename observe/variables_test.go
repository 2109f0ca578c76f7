package observe_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
)

// TestRenderRefusesAnUnsetVariable: a query that uses a variable nobody set is an error naming it, not
// a selector such as ingress="" that matches nothing and reads as "no data" on every check (an NGINX
// rollout without Variables.Ingress was promoted without analysis under NoDataPass).
func TestRenderRefusesAnUnsetVariable(t *testing.T) {
	nginx, err := observe.Builtin(observe.NGINX, observe.RequestSuccessRate)
	require.NoError(t, err)
	_, err = nginx.Render(observe.Variables{Namespace: "shop", Name: "web", Target: "web"})
	require.ErrorIs(t, err, observe.ErrRender)
	require.ErrorIs(t, err, observe.ErrInvalid)
	var verr *observe.ValidationError
	require.True(t, errors.As(err, &verr), "%v", err)
	assert.Equal(t, "variables.ingress", verr.Field)
	assert.Contains(t, err.Error(), "{{ ingress }}")

	for name, query := range map[string]string{
		"namespace": `up{namespace="{{ namespace }}"}`, "name": `up{job="{{ name }}"}`,
		"target": `up{pod=~"{{ target }}-.*"}`, "service": `up{service="{{ service }}"}`,
		"cluster": `up{cluster="{{ cluster }}"}`,
	} {
		_, err := observe.Render(query, observe.Variables{})
		require.True(t, errors.As(err, &verr), "%s: %v", name, err)
		assert.Equal(t, "variables."+name, verr.Field)
	}

	// Set variables render; the variables that are empty by design stay empty.
	q, err := observe.Render(`up{ {{- clusterMatcher }}job="{{ name }}", x="{{ index variables "x" }}"}`, observe.Variables{Name: "web"})
	require.NoError(t, err)
	assert.Equal(t, `up{job="web", x=""}`, q)
}
