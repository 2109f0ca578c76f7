package prometheus_test

import (
	"github.com/fleetkit/fleetkit/observe/prometheus"
	"github.com/fleetkit/fleetkit/rollout/runner"
)

// Both a single endpoint and a fleet are rollout metric sources.
var (
	_ runner.MetricSource = (*prometheus.Source)(nil)
	_ runner.MetricSource = (*prometheus.Fleet)(nil)
)
