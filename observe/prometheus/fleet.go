package prometheus

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/fleetkit/fleetkit/observe"
)

// DefaultParallelism bounds concurrent fleet queries when
// FleetOptions.Parallelism is zero.
const DefaultParallelism = 4

// FleetOptions configures a Fleet. Set exactly one of Shared and Members.
type FleetOptions struct {
	// Shared is one Thanos/Prometheus that sees every cluster, each series
	// carrying a cluster label. Templates select the cluster with
	// {{ cluster }}. An empty answer for a cluster costs one more query,
	// count(up{cluster="<name>"}), to tell a cluster without data from one
	// the endpoint cannot see (see Query, PresenceMetric). Global also checks the Querier's
	// stores and its warnings for every answer.
	Shared *Source
	// Members maps each cluster name to its own endpoint.
	Members map[string]*Source
	// Default names the member that answers queries without a cluster
	// (Members mode only); empty makes such queries an error.
	Default string
	// Parallelism bounds the queries in flight; zero means
	// DefaultParallelism.
	Parallelism int
	// PresenceMetric is the metric whose series on the Shared endpoint
	// show that a cluster is there at all, asked when a cluster's answer is
	// empty: count(<metric>{cluster="<name>"}). Empty means "up". Name
	// another metric every cluster sends where up does not reach the
	// endpoint (remote write of recorded series only, say); otherwise every
	// empty answer would be refused as a cluster missing.
	PresenceMetric string
	// NoPresenceCheck takes empty answers on the Shared endpoint as no data
	// without asking whether the cluster is there, as before the check
	// existed: a store Thanos dropped then reads as no data.
	NoPresenceCheck bool
}

// Fleet runs metric queries for several clusters. It implements rollout's
// MetricSource, routing each query by its Cluster.
type Fleet struct {
	shared      *Source
	presence    string // the presence metric of a shared endpoint; empty: no presence check
	members     map[string]*Source
	deflt       string
	parallelism int
}

// ClusterSample is one cluster's reading.
type ClusterSample struct {
	Cluster string
	Sample  observe.Sample
}

// NewFleet checks opts and returns a Fleet.
func NewFleet(opts FleetOptions) (*Fleet, error) {
	switch {
	case opts.Shared == nil && len(opts.Members) == 0:
		return nil, &ValidationError{Field: "shared", Reason: "set shared or members"}
	case opts.Shared != nil && len(opts.Members) > 0:
		return nil, &ValidationError{Field: "members", Reason: "set shared or members, not both"}
	case opts.Parallelism < 0:
		return nil, &ValidationError{Field: "parallelism", Reason: fmt.Sprintf("%d is negative", opts.Parallelism)}
	case opts.Default != "" && opts.Members[opts.Default] == nil:
		return nil, &ValidationError{Field: "default", Reason: fmt.Sprintf("%q is not a member", opts.Default)}
	}
	for _, name := range slices.Sorted(maps.Keys(opts.Members)) {
		if name == "" || opts.Members[name] == nil {
			return nil, &ValidationError{Field: "members[" + name + "]", Reason: "needs a name and a source"}
		}
	}
	presence, err := presenceMetric(opts)
	if err != nil {
		return nil, err
	}
	p := opts.Parallelism
	if p == 0 {
		p = DefaultParallelism
	}
	return &Fleet{shared: opts.Shared, presence: presence, members: maps.Clone(opts.Members), deflt: opts.Default,
		parallelism: p}, nil
}

// Query runs one query on the endpoint of q.Cluster. A query the fleet
// cannot route — an unknown cluster, on a shared endpoint a query that
// does not mention its cluster, on members' endpoints one that selects
// cluster="<its cluster>" (a member's own series have no cluster label) —
// is a QueryError sample, never another cluster's number or a silent
// empty answer. On a shared endpoint an empty answer is no data only if
// the cluster has series there at all; otherwise it is a QueryError
// matching ErrPartial (see confirmPresent).
func (f *Fleet) Query(ctx context.Context, q observe.Query) observe.Sample {
	s, _ := f.QueryWithWarnings(ctx, q)
	return s
}

// QueryWithWarnings is Query with the answering server's warnings, for a
// rollout runner to record as events.
func (f *Fleet) QueryWithWarnings(ctx context.Context, q observe.Query) (observe.Sample, []string) {
	src, err := f.route(q)
	if err != nil {
		return observe.Failure(err), nil
	}
	s, warnings := src.QueryWithWarnings(ctx, q)
	if f.presence == "" || q.Cluster == "" || s.Kind != observe.NoData { // presence is set on a shared endpoint only
		return s, warnings
	}
	s, why := confirmPresent(ctx, src, f.presence, q)
	if why != "" {
		warnings = append(warnings, why)
	}
	return s, warnings
}

// QueryAll runs the queries concurrently, at most the configured
// parallelism at a time, and returns their samples in the same order.
func (f *Fleet) QueryAll(ctx context.Context, qs []observe.Query) []observe.Sample {
	out := make([]observe.Sample, len(qs))
	sem := make(chan struct{}, f.parallelism)
	var wg sync.WaitGroup
	for i := range qs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = f.Query(ctx, qs[i])
		})
	}
	wg.Wait()
	return out
}

// Sample renders t once per cluster and runs the queries with QueryAll; the
// result follows the order of clusters. On a shared endpoint vars.Cluster is
// set to each cluster's name (the query must select it); on members' own
// endpoints it is left empty, so that no cluster matcher is ever injected
// into a member-direct query.
// Query failures are QueryError samples; the error reports a request that
// cannot be run at all: no clusters, a duplicate, a cluster without an
// endpoint, a template that does not render, on a shared endpoint a
// template that ignores {{ cluster }}, and on members' endpoints one that
// uses it (ErrClusterOnMember).
func (f *Fleet) Sample(ctx context.Context, t observe.Template, vars observe.Variables, clusters []string) ([]ClusterSample, error) {
	if err := f.checkClusters(clusters); err != nil {
		return nil, err
	}
	if err := f.checkSelector(t, vars); err != nil {
		return nil, err
	}
	qs := make([]observe.Query, len(clusters))
	for i, name := range clusters {
		v := vars
		if f.shared != nil {
			v.Cluster = name // a member's own Prometheus renders without: {{ clusterMatcher }} is empty
		}
		expr, err := t.Render(v)
		if err != nil {
			return nil, fmt.Errorf("prometheus: %w", err)
		}
		qs[i] = observe.Query{Metric: t.Name, Expr: expr, Cluster: name}
	}
	samples := f.QueryAll(ctx, qs)
	out := make([]ClusterSample, len(clusters))
	for i, name := range clusters {
		out[i] = ClusterSample{Cluster: name, Sample: samples[i]}
	}
	return out, nil
}

func (f *Fleet) route(q observe.Query) (*Source, error) {
	if f.shared != nil {
		// Require a matcher cluster="<name>" (or =~, any quote): a short name ("a", "prod") that merely
		// occurs inside another word or another label's value does not count as a selector. Sample
		// also checks templates by rendering them for two clusters.
		if q.Cluster != "" {
			if err := requireSelector(q, DefaultClusterLabel); err != nil {
				return nil, err
			}
		}
		return f.shared, nil
	}
	name := q.Cluster
	if name == "" {
		name = f.deflt
	}
	if selectsCluster(q.Expr, DefaultClusterLabel, name) {
		// A rendered query cannot be re-rendered without the matcher: refuse it (Sample refuses the
		// template before rendering).
		return nil, fmt.Errorf("%w: metric %q selects %s=%q on the member's own Prometheus", ErrClusterOnMember,
			q.Metric, DefaultClusterLabel, name)
	}
	if src := f.members[name]; src != nil {
		return src, nil
	}
	return nil, fmt.Errorf("%w: %q (metric %q)", ErrUnknownCluster, q.Cluster, q.Metric)
}

func (f *Fleet) checkClusters(clusters []string) error {
	if len(clusters) == 0 {
		return &ValidationError{Field: "clusters", Reason: "at least one cluster is required"}
	}
	for i, c := range clusters {
		if slices.Index(clusters, c) != i {
			return &ValidationError{Field: fmt.Sprintf("clusters[%d]", i), Reason: fmt.Sprintf("%q is listed twice", c)}
		}
		if f.shared == nil && f.members[c] == nil {
			return fmt.Errorf("%w: %q", ErrUnknownCluster, c)
		}
	}
	return nil
}

// checkSelector refuses a shared-endpoint template that renders the same
// query for two different clusters: it would read the whole fleet for each.
// On members' own endpoints it refuses a template that uses {{ cluster }}:
// a member's local series carry no cluster label (external labels are
// added only to what leaves the Prometheus: federation, remote write, the
// Thanos sidecar; prometheus-operator#2918), so the matcher would select
// nothing.
func (f *Fleet) checkSelector(t observe.Template, vars observe.Variables) error {
	if f.shared == nil {
		uses, err := t.Uses("cluster")
		if err != nil {
			return fmt.Errorf("prometheus: %w", err)
		}
		if uses {
			return fmt.Errorf("%w: template %q; use {{ clusterMatcher }}, which renders nothing on a member", ErrClusterOnMember, t.Name)
		}
		return nil
	}
	a, b := vars, vars
	a.Cluster, b.Cluster = "fleetkit-probe-a", "fleetkit-probe-b"
	qa, errA := t.Render(a)
	qb, errB := t.Render(b)
	if errA == nil && errB == nil && qa == qb {
		return fmt.Errorf("%w: template %q", ErrNoClusterSelector, t.Name)
	}
	return nil
}
