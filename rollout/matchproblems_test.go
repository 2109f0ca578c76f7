package rollout_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/traffic"
)

// Every invalid match rule of a spec is reported under the spec's kind, not
// only the first.
func TestSpecValidateReportsEveryInvalidMatchRule(t *testing.T) {
	s := rollout.Spec{Iterations: 5, Match: []traffic.Match{{}, {Cookie: "("}}}
	err := s.Validate()
	require.ErrorIs(t, err, rollout.ErrInvalidSpec)
	assert.Equal(t, []string{"match[0]", "match[1].cookie"}, rolloutFields(err))
}

// rolloutFields lists the fields of every *rollout.ValidationError err
// holds, through joins.
func rolloutFields(err error) []string {
	if ve, ok := err.(*rollout.ValidationError); ok { //nolint:errorlint // one problem; it unwraps to its sentinels
		return []string{ve.Field}
	}
	var fields []string
	if j, ok := err.(interface{ Unwrap() []error }); ok { //nolint:errorlint // the join tree is walked node by node
		for _, e := range j.Unwrap() {
			fields = append(fields, rolloutFields(e)...)
		}
	}
	return fields
}

// A stored status with several problems reports each one.
func TestStatusValidateReportsEveryProblem(t *testing.T) {
	st := rollout.Status{Phase: "Paused", CanaryWeight: 130, FailedChecks: -1,
		Routes: traffic.Split{Primary: 10, Canary: 10}}
	err := st.Validate()
	require.ErrorIs(t, err, rollout.ErrInvalidStatus)
	assert.Equal(t, []string{"phase", "canaryWeight", "failedChecks", "routes"}, rolloutFields(err))
}
