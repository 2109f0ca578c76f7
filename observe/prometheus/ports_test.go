package prometheus_test

import (
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout"
)

// Both a single endpoint and a fleet are rollout metric sources.
var (
	_ rollout.MetricSource = (*prometheus.Source)(nil)
	_ rollout.MetricSource = (*prometheus.Fleet)(nil)
)
