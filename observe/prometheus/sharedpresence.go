package prometheus

import (
	"context"
	"fmt"
	"math"
	"regexp"

	"github.com/fleetkit/fleetkit/observe"
)

// confirmPresent is what an empty answer of a shared endpoint for cluster means. A Thanos Query whose
// health check dropped a cluster's store answers that cluster's queries with an empty vector and no
// warning (thanos-io/thanos#622), and a cluster whose series carry another cluster label reads empty
// too: either would pass as "no data" under NoDataPass. So the empty answer stands only when the
// cluster has series on the endpoint at all (count(<metric>{cluster="<name>"}), metric being
// FleetOptions.PresenceMetric, the name quoted like {{ clusterMatcher }}); otherwise it is a
// *PartialError missing that cluster, with a warning saying why. A probe that fails is a failed query.
func confirmPresent(ctx context.Context, src *Source, metric string, q observe.Query) (observe.Sample, string) {
	probe := fmt.Sprintf("count(%s{%s=%q})", metric, DefaultClusterLabel, q.Cluster)
	n, err := src.Do(ctx, probe)
	if err != nil {
		return observe.Failure(fmt.Errorf("prometheus: cluster %q answered %q with no data, and %w", q.Cluster, q.Expr, err)), ""
	}
	if !math.IsNaN(n) {
		return observe.Empty(), ""
	}
	warning := fmt.Sprintf("cluster %q has no series on the shared endpoint: %s is empty "+
		"(its store is down or dropped by the Querier, or its series carry another cluster label)", q.Cluster, probe)
	cov := Coverage{Expected: []string{q.Cluster}, Present: []string{}, Missing: []string{q.Cluster}, Warnings: []string{warning}}
	return observe.Failure(&PartialError{Query: q.Expr, Coverage: cov}), warning
}

// metricName is a Prometheus metric name.
var metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)

// presenceMetric is the metric of the shared endpoint's presence check opts ask for ("up" by default),
// or "" for none (NoPresenceCheck, or members' endpoints, where a cluster's own endpoint answers).
func presenceMetric(opts FleetOptions) (string, error) {
	switch {
	case opts.Shared == nil && (opts.PresenceMetric != "" || opts.NoPresenceCheck):
		field := "presenceMetric"
		if opts.NoPresenceCheck {
			field = "noPresenceCheck"
		}
		return "", &ValidationError{Field: field, Reason: "is for a shared endpoint; members answer for themselves"}
	case opts.Shared == nil || opts.NoPresenceCheck:
		return "", nil
	case opts.PresenceMetric == "":
		return "up", nil
	case !metricName.MatchString(opts.PresenceMetric):
		return "", &ValidationError{Field: "presenceMetric",
			Reason: fmt.Sprintf("%q is not a metric name (no selectors: the check adds the cluster's)", opts.PresenceMetric)}
	}
	return opts.PresenceMetric, nil
}
