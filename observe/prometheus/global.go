package prometheus

import (
	"context"
	"fmt"
	"slices"

	"github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"github.com/fleetkit/fleetkit/observe"
)

// DefaultClusterLabel is the external label that names a cluster.
const DefaultClusterLabel = "cluster"

// GlobalOptions configures a Global.
type GlobalOptions struct {
	// Clusters are the clusters every fleet-wide answer must cover: the
	// fleet's members. Required, no duplicates.
	Clusters []string
	// ClusterLabel is the external label naming a cluster; empty means
	// DefaultClusterLabel. A one-cluster query must select its cluster with
	// this label (observe's fleet templates select "cluster"): one that
	// does not is refused with ErrNoClusterSelector, as it would read
	// nothing.
	ClusterLabel string
	// Lenient returns an answer that misses clusters with its coverage. The
	// default (strict) returns a *PartialError instead: rollout decisions
	// must not read a sum over part of the fleet as healthy.
	Lenient bool
	// Probe is the companion query run beside an answer that carries no
	// cluster label (a fleet-wide sum): its series' cluster labels say
	// which clusters answered. Empty means `count by (<label>) (up)`, which
	// every Prometheus with a scrape target has.
	Probe string
	// NoStores skips reading Thanos Query's /api/v1/stores, for a plain
	// Prometheus that holds every cluster's series itself. Otherwise a
	// cluster is covered only if each of its live store groups (sidecars or
	// receivers with a distinct label set, the replicas of an HA pair
	// counting as one: their label sets differ only in
	// Source.Thanos.ReplicaLabels, or DefaultReplicaLabels() when that is
	// empty) has a healthy store that did not fail while answering, and no
	// store of another type (a store gateway) failed while answering.
	NoStores bool
	// Source configures the queries: timeout, evaluation time, logger and
	// the Thanos parameters (dedup, partial_response, replicaLabels[],
	// storeMatch[]).
	Source Options
}

// Global runs fleet-wide queries against one Thanos Query (or one
// Prometheus holding every cluster's series, labelled by cluster) and
// reports with each answer which clusters it covers. It implements rollout's
// MetricSource. It is safe for concurrent use.
type Global struct {
	client   api.Client
	src      *Source
	clusters []string
	label    string
	probe    string
	lenient  bool
	noStores bool
	// replicaLabels tell the replicas of an HA pair apart in the stores' label sets.
	replicaLabels []string
}

// Answer is a fleet answer: the query's value (a vector, a scalar...) and
// its coverage.
type Answer struct {
	Query    string
	Value    model.Value
	Coverage Coverage
}

// NewGlobalForAddress returns a Global over the HTTP API at address.
func NewGlobalForAddress(address string, opts GlobalOptions) (*Global, error) {
	c, err := newClient(address, opts.Source.Thanos)
	if err != nil {
		return nil, err
	}
	return NewGlobal(c, opts)
}

// NewGlobal returns a Global over c. opts.Source.Thanos is not applied to
// c: wrap it with NewThanosClient (NewGlobalForAddress does).
func NewGlobal(c api.Client, opts GlobalOptions) (*Global, error) {
	if c == nil {
		return nil, &ValidationError{Field: "client", Reason: "is nil"}
	}
	if err := checkClusterNames(opts.Clusters); err != nil {
		return nil, err
	}
	label := opts.ClusterLabel
	if label == "" {
		label = DefaultClusterLabel
	}
	if !isLabelName(label) {
		return nil, &ValidationError{Field: "clusterLabel", Reason: fmt.Sprintf("%q is not a label name", label)}
	}
	probe := opts.Probe
	if probe == "" {
		probe = fmt.Sprintf("count by (%s) (up)", label)
	}
	src, err := New(promv1.NewAPI(c), opts.Source)
	if err != nil {
		return nil, err
	}
	replicas := opts.Source.Thanos.ReplicaLabels
	if len(replicas) == 0 {
		replicas = DefaultReplicaLabels()
	}
	return &Global{client: c, src: src, clusters: slices.Clone(opts.Clusters), label: label, probe: probe,
		lenient: opts.Lenient, noStores: opts.NoStores, replicaLabels: slices.Clone(replicas)}, nil
}

func checkClusterNames(clusters []string) error {
	if len(clusters) == 0 {
		return &ValidationError{Field: "clusters", Reason: "at least one cluster is required"}
	}
	for i, c := range clusters {
		switch {
		case c == "":
			return &ValidationError{Field: fmt.Sprintf("clusters[%d]", i), Reason: "is empty"}
		case slices.Index(clusters, c) != i:
			return &ValidationError{Field: fmt.Sprintf("clusters[%d]", i), Reason: fmt.Sprintf("%q is listed twice", c)}
		}
	}
	return nil
}

// Clusters returns the expected clusters.
func (g *Global) Clusters() []string { return slices.Clone(g.clusters) }

// Eval runs query over the whole fleet and returns the answer with its
// coverage. A failed query is a *QueryError; in strict mode an answer that
// misses clusters is a *PartialError (matching ErrPartial), returned with
// the answer so that callers can still show it.
func (g *Global) Eval(ctx context.Context, query string) (Answer, error) {
	return g.eval(ctx, query, g.clusters)
}

// Do runs a fleet-wide query that aggregates to one number, like
// Source.Do, and returns it with the coverage.
func (g *Global) Do(ctx context.Context, query string) (float64, Coverage, error) {
	a, err := g.Eval(ctx, query)
	if err != nil {
		return 0, a.Coverage, err
	}
	f, err := single(a.Value)
	if err != nil {
		return 0, a.Coverage, &QueryError{Query: query, Err: err}
	}
	return f, a.Coverage, nil
}

// Query implements rollout's MetricSource. A query for one cluster
// (q.Cluster set) must select it with a quoted label value and expects only
// that cluster; a query without one expects the whole fleet. A strict
// partial answer is a QueryError sample naming the missing clusters: a
// failed check, never a pass.
func (g *Global) Query(ctx context.Context, q observe.Query) observe.Sample {
	s, _ := g.QueryWithWarnings(ctx, q)
	return s
}

// QueryWithWarnings is Query with the answer's warnings: the server's, and
// in lenient mode one naming the missing clusters.
func (g *Global) QueryWithWarnings(ctx context.Context, q observe.Query) (observe.Sample, []string) {
	expected := g.clusters
	if q.Cluster != "" {
		if err := requireSelector(q, g.label); err != nil {
			return observe.Failure(err), nil
		}
		expected = []string{q.Cluster}
	}
	a, err := g.eval(ctx, q.Expr, expected)
	warnings := a.Coverage.Warnings
	if err != nil {
		return observe.Failure(err), warnings
	}
	if !a.Coverage.Complete() {
		warnings = append(slices.Clone(warnings), "partial answer: "+a.Coverage.String())
	}
	f, err := single(a.Value)
	if err != nil {
		return observe.Failure(&QueryError{Query: q.Expr, Err: err}), warnings
	}
	return observe.Value(f), warnings
}

// answeredBy returns the clusters that answered: those the probe reached, and those in the cluster
// label of the answer's series (a cluster the probe reached that has no series for this query is
// present without data, not missing), less those left without series by a store Thanos says failed
// while answering (see failedClusters: an HA twin that answered stands in for its replica). A failed
// store whose cluster is unknown leaves no cluster answered: the coverage cannot be told.
func answeredBy(r gathered, label string) []string {
	answered := slices.Clone(r.probed)
	labelled, _ := clustersOf(r.val, label) // a fleet-wide sum has none; its unlabelled series prove nothing
	for _, c := range labelled {
		if !slices.Contains(answered, c) {
			answered = append(answered, c)
		}
	}
	failed, unknown := failedClusters(r.queryWarnings, r.stores)
	if unknown {
		return nil
	}
	return slices.DeleteFunc(answered, func(c string) bool { return slices.Contains(failed, c) })
}

func (g *Global) eval(ctx context.Context, query string, expected []string) (Answer, error) {
	r := g.gather(ctx, query)
	a := Answer{Query: query, Value: r.val}
	if r.err != nil {
		a.Coverage = coverageOf(expected, g.clusters, nil, nil, false, r.warnings)
		return a, r.err
	}
	a.Coverage = coverageOf(expected, g.clusters, answeredBy(r, g.label), r.healthy, r.storesRead, r.warnings)
	if !a.Coverage.Complete() && !g.lenient {
		return a, &PartialError{Query: query, Coverage: a.Coverage}
	}
	return a, nil
}
