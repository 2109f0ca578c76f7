package observe_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/observe"
)

func TestRangeContains(t *testing.T) {
	tests := []struct {
		name string
		r    observe.Range
		v    float64
		want bool
	}{
		{"open", observe.Range{}, -5, true},
		{"min inclusive", observe.AtLeast(99), 99, true},
		{"below min", observe.AtLeast(99), 98.99, false},
		{"max inclusive", observe.AtMost(500), 500, true},
		{"above max", observe.AtMost(500), 500.1, false},
		{"between", observe.Between(1, 2), 1.5, true},
		{"NaN never passes", observe.Range{}, math.NaN(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.r.Contains(tt.v))
		})
	}
}

func TestRangeValidate(t *testing.T) {
	assert.NoError(t, observe.Between(1, 2).Validate("thresholdRange"))
	err := observe.Between(3, 2).Validate("thresholdRange")
	require.ErrorIs(t, err, observe.ErrInvalid)
	var ve *observe.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "thresholdRange", ve.Field)
	inf := math.Inf(1)
	assert.ErrorContains(t, observe.Range{Max: &inf}.Validate("r"), "r.max")
	assert.Equal(t, "[99, +inf]", observe.AtLeast(99).String())
	assert.Equal(t, 99.0, observe.AtLeast(99).Representative())
	assert.Equal(t, 500.0, observe.AtMost(500).Representative())
}

func TestSample(t *testing.T) {
	assert.Equal(t, observe.NoData, observe.Value(math.NaN()).Kind, "NaN is no data")
	assert.True(t, observe.Value(99.5).Check(observe.AtLeast(99)))
	assert.False(t, observe.Empty().Check(observe.Range{}), "no data never passes")
	assert.False(t, observe.Failure(nil).Check(observe.Range{}), "an error never passes")
	for _, s := range []observe.Sample{observe.Value(1.25), observe.Empty(), {Kind: observe.QueryError, Err: "query error"}} {
		data, err := json.Marshal(s)
		require.NoError(t, err)
		var back observe.Sample
		require.NoError(t, json.Unmarshal(data, &back))
		assert.Equal(t, s, back)
	}
	var s observe.Sample
	assert.ErrorIs(t, json.Unmarshal([]byte(`"lots"`), &s), observe.ErrInvalid)
}

func TestBuiltinIstioQueriesRenderFlaggersPromQL(t *testing.T) {
	vars := observe.Variables{Namespace: "recsys", Target: "recommender", Interval: 30 * time.Second}
	rate, err := observe.Builtin(observe.Istio, observe.RequestSuccessRate)
	require.NoError(t, err)
	q, err := rate.Render(vars)
	require.NoError(t, err)
	flat := strings.Join(strings.Fields(q), "")
	assert.Equal(t, `sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="recsys",`+
		`destination_workload=~"recommender",response_code!~"5.*"}[30s]))/sum(rate(istio_requests_total{`+
		`reporter="destination",destination_workload_namespace="recsys",destination_workload=~"recommender"}[30s]))*100`, flat)

	dur, err := observe.Builtin(observe.Istio, observe.RequestDuration)
	require.NoError(t, err)
	q, err = dur.Render(vars)
	require.NoError(t, err)
	flat = strings.Join(strings.Fields(q), "")
	assert.Equal(t, `histogram_quantile(0.99,sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination",`+
		`destination_workload_namespace="recsys",destination_workload=~"recommender"}[30s]))by(le))`, flat)
}

func TestBuiltinNGINXQueries(t *testing.T) {
	vars := observe.Variables{Namespace: "shop", Ingress: "web-canary"}
	rate, err := observe.Builtin(observe.NGINX, observe.RequestSuccessRate)
	require.NoError(t, err)
	q, err := rate.Render(vars)
	require.NoError(t, err)
	assert.Contains(t, q, `nginx_ingress_controller_requests{`)
	assert.Contains(t, q, `ingress="web-canary"`)
	assert.Contains(t, q, `status!~"5.*"`)
	assert.Contains(t, q, `[1m]`, "the default interval is one minute")

	dur, err := observe.Builtin(observe.NGINX, observe.RequestDuration)
	require.NoError(t, err)
	q, err = dur.Render(vars)
	require.NoError(t, err)
	assert.Contains(t, q, "nginx_ingress_controller_ingress_upstream_latency_seconds_sum")
	assert.Contains(t, q, "* 1000", "seconds are turned into milliseconds")

	_, err = observe.Builtin("linkerd", observe.RequestDuration)
	assert.ErrorIs(t, err, observe.ErrUnknownTemplate)
	_, err = observe.Builtin(observe.Istio, "error-budget")
	assert.ErrorIs(t, err, observe.ErrUnknownTemplate)
	assert.Len(t, observe.Builtins(), 4)
}

func TestRenderCustomTemplates(t *testing.T) {
	vars := observe.Variables{Namespace: "ns", Name: "n", Target: "t", Service: "s", Cluster: "edge-store-001",
		Interval: 90 * time.Second, Extra: map[string]string{"route": "/recommend"}}
	q, err := observe.Render(`up{namespace="{{ namespace }}",cluster="{{ cluster }}",path="{{ variable "route" }}"}[{{ interval }}]`, vars)
	require.NoError(t, err)
	assert.Equal(t, `up{namespace="ns",cluster="edge-store-001",path="/recommend"}[1m30s]`, q)

	_, err = observe.Render(`{{ nosuchfunc }}`, vars)
	assert.ErrorIs(t, err, observe.ErrRender)
	_, err = observe.Render(`{{ variable "missing" }}`, vars)
	assert.ErrorContains(t, err, `variable "missing" is not set`)
	q, err = observe.Render(`{{ index variables "route" }}`, vars)
	require.NoError(t, err)
	assert.Equal(t, "/recommend", q)
	_, err = observe.Render("  ", vars)
	assert.ErrorIs(t, err, observe.ErrInvalid)
}

func TestFormatDuration(t *testing.T) {
	tests := map[time.Duration]string{
		time.Minute: "1m", 30 * time.Second: "30s", 90 * time.Minute: "1h30m", 36 * time.Hour: "1d12h",
		1500 * time.Millisecond: "1s500ms", 0: "0s",
	}
	for d, want := range tests {
		assert.Equal(t, want, observe.FormatDuration(d), d.String())
	}
}
