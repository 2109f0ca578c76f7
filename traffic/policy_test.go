package traffic_test

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

func d(v time.Duration) metav1.Duration { return metav1.Duration{Duration: v} }

func fullPolicy() traffic.Policy {
	return traffic.Policy{
		Timeout: d(10 * time.Second),
		Retries: &traffic.Retries{Attempts: 3, PerTryTimeout: d(2 * time.Second), RetryOn: []string{"5xx", "reset", "503"}},
		OutlierDetection: &traffic.OutlierDetection{Consecutive5xxErrors: 5, Interval: d(10 * time.Second),
			BaseEjectionTime: d(30 * time.Second), MaxEjectionPercent: 50},
		ConnectionPool: &traffic.ConnectionPool{MaxConnections: 100, MaxPendingRequests: 10, ConnectTimeout: d(time.Second)},
		Locality:       &traffic.Locality{Failover: []traffic.Failover{{From: "cn-north", To: "cn-east"}}},
	}
}

func TestPolicyValidate(t *testing.T) {
	cases := map[string]struct {
		edit  func(*traffic.Policy)
		field string
	}{
		"full":                      {func(*traffic.Policy) {}, ""},
		"empty":                     {func(p *traffic.Policy) { *p = traffic.Policy{} }, ""},
		"negative timeout":          {func(p *traffic.Policy) { p.Timeout = d(-time.Second) }, "policy.timeout"},
		"sub-millisecond timeout":   {func(p *traffic.Policy) { p.Timeout = d(time.Microsecond) }, "policy.timeout"},
		"negative attempts":         {func(p *traffic.Policy) { p.Retries.Attempts = -1 }, "policy.retries.attempts"},
		"zero attempts with config": {func(p *traffic.Policy) { p.Retries.Attempts = 0 }, "policy.retries.attempts"},
		"unknown retry condition":   {func(p *traffic.Policy) { p.Retries.RetryOn = []string{"5xx", "sometimes"} }, "policy.retries.retryOn[1]"},
		"status out of range":       {func(p *traffic.Policy) { p.Retries.RetryOn = []string{"700"} }, "policy.retries.retryOn[0]"},
		"per try beyond timeout":    {func(p *traffic.Policy) { p.Retries.PerTryTimeout = d(time.Minute) }, "policy.retries.perTryTimeout"},
		"nothing to eject":          {func(p *traffic.Policy) { p.OutlierDetection.Consecutive5xxErrors = 0 }, "policy.outlierDetection"},
		"negative gateway errors":   {func(p *traffic.Policy) { p.OutlierDetection.ConsecutiveGatewayErrors = -2 }, "policy.outlierDetection.consecutiveGatewayErrors"},
		"ejection above 100":        {func(p *traffic.Policy) { p.OutlierDetection.MaxEjectionPercent = 120 }, "policy.outlierDetection.maxEjectionPercent"},
		"min health negative":       {func(p *traffic.Policy) { p.OutlierDetection.MinHealthPercent = -1 }, "policy.outlierDetection.minHealthPercent"},
		"negative interval":         {func(p *traffic.Policy) { p.OutlierDetection.Interval = d(-1) }, "policy.outlierDetection.interval"},
		"negative connections":      {func(p *traffic.Policy) { p.ConnectionPool.MaxConnections = -1 }, "policy.connectionPool.maxConnections"},
		"connect timeout too short": {func(p *traffic.Policy) { p.ConnectionPool.ConnectTimeout = d(time.Nanosecond) }, "policy.connectionPool.connectTimeout"},
		"failover without outlier":  {func(p *traffic.Policy) { p.OutlierDetection = nil }, "policy.locality"},
		"empty locality":            {func(p *traffic.Policy) { p.Locality = &traffic.Locality{} }, "policy.locality"},
		"failover to itself":        {func(p *traffic.Policy) { p.Locality.Failover[0].To = "cn-north" }, "policy.locality.failover[0]"},
		"failover from zone":        {func(p *traffic.Policy) { p.Locality.Failover[0].From = "cn-north/a" }, "policy.locality.failover[0].from"},
		"failover to missing":       {func(p *traffic.Policy) { p.Locality.Failover[0].To = "" }, "policy.locality.failover[0].to"},
		"blank priority label":      {func(p *traffic.Policy) { p.Locality.FailoverPriority = []string{" "} }, "policy.locality.failoverPriority[0]"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			p := fullPolicy()
			tc.edit(&p)
			assertField(t, p.Validate(), tc.field)
		})
	}
}
