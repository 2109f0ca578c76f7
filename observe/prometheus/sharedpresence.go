package prometheus

import (
	"context"
	"fmt"
	"math"

	"github.com/fleetkit/fleetkit/observe"
)

// confirmPresent is what an empty answer of a shared endpoint for cluster means. A Thanos Query whose
// health check dropped a cluster's store answers that cluster's queries with an empty vector and no
// warning (thanos-io/thanos#622), and a cluster whose series carry another cluster label reads empty
// too: either would pass as "no data" under NoDataPass. So the empty answer stands only when the
// cluster has series on the endpoint at all (count(up{cluster="<name>"}), quoted like
// {{ clusterMatcher }}); otherwise it is a *PartialError missing that cluster, with a warning saying
// why. A probe that fails is a failed query.
func confirmPresent(ctx context.Context, src *Source, q observe.Query) (observe.Sample, string) {
	probe := fmt.Sprintf("count(up{%s=%q})", DefaultClusterLabel, q.Cluster)
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
