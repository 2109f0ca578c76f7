package prometheus

import (
	"fmt"
	"math"

	"github.com/prometheus/common/model"
)

// single reduces an instant-query answer to one number. An empty vector is
// NaN (no data); anything but one series or a scalar is ambiguous, because
// picking one of several series would analyse a canary on an arbitrary
// number.
func single(v model.Value) (float64, error) {
	switch r := v.(type) {
	case model.Vector:
		switch len(r) {
		case 0:
			return math.NaN(), nil
		case 1:
			return float64(r[0].Value), nil
		default:
			return 0, fmt.Errorf("%w: %d series (first %s, second %s); aggregate the query to one series",
				ErrAmbiguous, len(r), r[0].Metric, r[1].Metric)
		}
	case *model.Scalar:
		return float64(r.Value), nil
	case nil:
		return 0, fmt.Errorf("%w: no result", ErrAmbiguous)
	default:
		return 0, fmt.Errorf("%w: a %s, want a vector or scalar", ErrAmbiguous, v.Type())
	}
}
