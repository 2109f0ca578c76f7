package observe_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
)

// Both bounds of a range are reported when neither is a number (was the
// first only).
func TestRangeValidateReportsBothBounds(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	err := observe.Range{Min: &nan, Max: &inf}.Validate("thresholdRange")
	require.ErrorIs(t, err, observe.ErrInvalid)
	assert.Contains(t, err.Error(), "thresholdRange.min")
	assert.Contains(t, err.Error(), "thresholdRange.max")
}
