package rollout_test

import (
	"errors"
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
	var fields []string
	for _, ve := range rollout.Problems(err) {
		fields = append(fields, ve.Field)
	}
	return fields
}

func TestProblemsWalksNestedJoins(t *testing.T) {
	a := &rollout.ValidationError{Kind: rollout.ErrInvalidSpec, Field: "a"}
	b := &rollout.ValidationError{Kind: rollout.ErrInvalidSpec, Field: "b"}
	assert.Empty(t, rollout.Problems(nil))
	assert.Equal(t, []*rollout.ValidationError{a}, rollout.Problems(a))
	assert.Equal(t, []*rollout.ValidationError{a, b}, rollout.Problems(errors.Join(errors.Join(a), errors.New("other"), b)))
}
