package rollout_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
)

func TestMetricRender(t *testing.T) {
	vars := observe.Variables{Namespace: "recsys", Target: "recommender", Cluster: "serving-sh"}
	tests := []struct {
		name   string
		metric rollout.Metric
		want   []string
	}{
		{"built-in by name", rollout.Metric{Name: observe.RequestSuccessRate},
			[]string{"istio_requests_total", `destination_workload=~"recommender"`, "[1m]"}},
		{"built-in by template with own interval", rollout.Metric{Name: "p99", Template: observe.RequestDuration,
			Interval: metav1.Duration{Duration: 5 * time.Minute}}, []string{"histogram_quantile(", "[5m]"}},
		{"custom query", rollout.Metric{Name: "errors", Query: `sum(errors{ns="{{ namespace }}"})`},
			[]string{`sum(errors{ns="recsys"})`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := tt.metric.Render(observe.Istio, vars)
			require.NoError(t, err)
			assert.Equal(t, tt.metric.Name, q.Metric)
			assert.Equal(t, "serving-sh", q.Cluster)
			for _, w := range tt.want {
				assert.Contains(t, q.Expr, w)
			}
		})
	}
	_, err := (&rollout.Metric{Name: "custom-without-query"}).Render(observe.Istio, vars)
	assert.ErrorIs(t, err, observe.ErrUnknownTemplate)
}
