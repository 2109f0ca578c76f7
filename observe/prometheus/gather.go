package prometheus

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/prometheus/common/model"

	"github.com/fleetkit/fleetkit/observe"
)

// gathered is what one fleet query reads, concurrently: the answer, the
// probe's clusters and the stores' health.
type gathered struct {
	val        model.Value
	err        error
	warnings   []string
	probed     []string
	healthy    []string
	storesRead bool
	// queryWarnings are the query's own warnings (not the probe's), where
	// Thanos names a store that failed while answering it.
	queryWarnings []string
	// stores groups the stores that carry the cluster label, to tell
	// which clusters a store that failed while answering leaves without
	// series.
	stores storeIndex
}

// gather runs the query, the probe and the stores read at once, so that a
// fleet query costs about one round trip more than a single one. The probe
// runs even when the answer turns out to be labelled by cluster: waiting
// for the answer first would add a round trip to every unlabelled query.
func (g *Global) gather(ctx context.Context, query string) gathered {
	var r gathered
	var probeWarn, storeWarn []string
	var wg sync.WaitGroup
	var ws []string
	wg.Go(func() { r.val, ws, r.err = g.src.Eval(ctx, query) })
	wg.Go(func() { r.probed, probeWarn = g.runProbe(ctx) })
	if !g.noStores {
		wg.Go(func() { r.healthy, r.stores, storeWarn, r.storesRead = g.readHealth(ctx) })
	}
	wg.Wait()
	r.queryWarnings = ws
	r.warnings = distinct(ws, probeWarn, storeWarn)
	return r
}

// distinct concatenates the lists without repeats (the query and the probe
// often carry the same partial-response warning), keeping the first order.
func distinct(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		for _, s := range l {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// runProbe returns the clusters the probe query sees. Its series without the cluster label come
// from stores whose external labels do not name the cluster with it (a member set up with
// k8s_cluster): they cannot be told apart, so they prove no cluster present, but they must not hide
// the clusters that did answer, and they get a warning, as the likely reason a member is missing.
func (g *Global) runProbe(ctx context.Context) ([]string, []string) {
	val, ws, err := g.src.Eval(ctx, g.probe)
	if err != nil {
		return nil, append(slices.Clone(ws), fmt.Sprintf("coverage probe %q failed: %v", g.probe, err))
	}
	clusters, unlabelled := clustersOf(val, g.label)
	if unlabelled > 0 {
		ws = append(slices.Clone(ws), fmt.Sprintf("coverage probe %q: %d series without label %q "+
			"(a store whose external labels name the cluster otherwise? see GlobalOptions.ClusterLabel)",
			g.probe, unlabelled, g.label))
	}
	return clusters, ws
}

// readHealth returns the clusters whose live data the Querier can reach
// (see healthyClusters), the stores grouped for reading failures, and a
// warning per unhealthy store. A Querier whose stores cannot be read gives
// a warning and no store check (ok false).
func (g *Global) readHealth(ctx context.Context) (healthy []string, idx storeIndex, warnings []string, ok bool) {
	ctx, cancel := context.WithTimeout(ctx, g.src.opts.Timeout)
	defer cancel()
	stores, err := ReadStores(ctx, g.client)
	if err != nil {
		return nil, storeIndex{}, []string{"store health not checked: " + err.Error()}, false
	}
	healthy, idx, warnings = healthyClusters(stores, g.label, g.replicaLabels)
	return healthy, idx, warnings, true
}

// clustersOf returns the distinct values of label in a vector or matrix,
// sorted, and how many series do not carry it.
func clustersOf(v model.Value, label string) (clusters []string, unlabelled int) {
	var metrics []model.Metric
	switch r := v.(type) {
	case model.Vector:
		for _, s := range r {
			metrics = append(metrics, s.Metric)
		}
	case model.Matrix:
		for _, s := range r {
			metrics = append(metrics, s.Metric)
		}
	}
	for _, m := range metrics {
		name, ok := m[model.LabelName(label)]
		if !ok {
			unlabelled++
			continue
		}
		if !slices.Contains(clusters, string(name)) {
			clusters = append(clusters, string(name))
		}
	}
	slices.Sort(clusters)
	return clusters, unlabelled
}

// requireSelector refuses a one-cluster query that does not select its
// cluster with a matcher on label (see selectsCluster): on a shared Querier
// it would read the whole fleet, and a matcher on another label
// (cluster="b" where the external label is k8s_cluster) would read
// nothing, as if b had no data.
func requireSelector(q observe.Query, label string) error {
	if !selectsCluster(q.Expr, label, q.Cluster) {
		return fmt.Errorf("%w: metric %q has no matcher %s=%q", ErrNoClusterSelector, q.Metric, label, q.Cluster)
	}
	return nil
}

// selectsCluster reports whether expr has a matcher label="cluster" or
// label=~"cluster", with spaces around the operator and any PromQL quote
// (", ' or `), the label standing as a whole name (k8s_cluster is not
// cluster). Without a PromQL parser it does not tell a matcher from the
// same text inside a string literal.
func selectsCluster(expr, label, cluster string) bool {
	if label == "" {
		return false
	}
	for from := 0; ; {
		i := strings.Index(expr[from:], label)
		if i < 0 {
			return false
		}
		at := from + i
		from = at + 1
		if at > 0 && isNameByte(expr[at-1]) {
			continue
		}
		rest := strings.TrimLeft(expr[at+len(label):], promSpace)
		if !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(strings.TrimPrefix(rest[1:], "~"), promSpace)
		if rest == "" || !strings.ContainsRune("\"'`", rune(rest[0])) {
			continue
		}
		quote := rest[0]
		if strings.HasPrefix(rest[1:], cluster) && len(rest) > 1+len(cluster) && rest[1+len(cluster)] == quote {
			return true
		}
	}
}

// promSpace is the white space PromQL's lexer skips between tokens.
const promSpace = " \t\n\r\f"

// isNameByte reports whether b may occur in a metric or label name.
func isNameByte(b byte) bool {
	return b == '_' || b == ':' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
