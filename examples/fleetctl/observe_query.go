package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// observeQueryFlags are the flags of `fleetctl observe query`.
type observeQueryFlags struct {
	file, url, template, cluster, format string
	sample, lenient, noDedup             bool
	timeout, interval                    time.Duration
}

// queryOutput is the document of `fleetctl observe query`: the PromQL run, one row per series, and
// which clusters of the fleet the answer covers.
type queryOutput struct {
	Query    string              `json:"query"`
	Template string              `json:"template,omitempty"`
	Result   []queryRow          `json:"result"`
	Coverage prometheus.Coverage `json:"coverage"`
}

// queryRow is one series of the answer (or the scalar); a NaN value is "NaN".
type queryRow struct {
	Labels map[string]string `json:"labels,omitempty"`
	Value  string            `json:"value"`
}

func newObserveQueryCmd() *cobra.Command {
	f := observeQueryFlags{timeout: prometheus.DefaultTimeout, interval: 5 * time.Minute}
	cmd := &cobra.Command{
		Use:   "query [PROMQL]",
		Short: "Ask the fleet's Thanos Querier a PromQL query or a fleet template, with the answer's coverage",
		Long: `query runs one instant query against the Thanos Querier at --url (or a Prometheus holding every
cluster's series under a cluster label) and reports which members of the fleet the answer covers:
the clusters in the answer's cluster label (or, for an answer without one, in a companion
count by (cluster) (up) query) that also have a healthy store in the Querier's /api/v1/stores.

An answer that misses a member is an error naming it (exit status 1), unless --lenient: then the
answer is printed with its coverage and warnings. The templates (--template) are the fleet
templates: ` + strings.Join(fleetTemplateNames(), ", ") + `; --cluster selects the cluster of
a cluster-* template, --interval sets their rate() window.

Output: -o json and -o yaml print one queryOutput: the query run, the template, the result (one
row per series: its labels and value) and the coverage (expected, present and missing clusters,
warnings). The table prints the series, then the coverage and every warning.`,
		Example: "  fleetctl observe query --sample --url http://thanos-query:9090 --template fleet-cpu\n" +
			"  fleetctl observe query -f fleet.yaml --url http://thanos-query:9090 --template cpu-by-cluster --lenient\n" +
			"  fleetctl observe query -f fleet.yaml --url http://thanos-query:9090 'sum by (cluster) (up)' -o json",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(cmd.Context(), cmd.OutOrStdout(), args)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "fleet", "f", "", "fleet file (YAML or JSON, - for stdin): its members are the clusters every answer must cover")
	fl.BoolVar(&f.sample, "sample", false, "use the embedded seed fleet")
	fl.StringVar(&f.url, "url", "", "Thanos Query (or Prometheus) base URL (required)")
	fl.StringVar(&f.template, "template", "", "fleet template instead of PROMQL")
	fl.StringVar(&f.cluster, "cluster", "", "the cluster of a cluster-* template (the answer must cover only it)")
	fl.DurationVar(&f.interval, "interval", f.interval, "rate() window of the templates")
	fl.BoolVar(&f.lenient, "lenient", false, "print an answer that misses members, with its coverage, instead of failing")
	fl.BoolVar(&f.noDedup, "no-dedup", false, "ask the Querier not to deduplicate HA replicas")
	fl.DurationVar(&f.timeout, "timeout", f.timeout, "timeout of each request")
	addOutputFlag(cmd, &f.format)
	return cmd
}

func fleetTemplateNames() []string {
	var out []string
	for _, t := range observe.FleetTemplates() {
		out = append(out, t.Name)
	}
	return out
}

func (f *observeQueryFlags) run(ctx context.Context, w io.Writer, args []string) error {
	query, err := f.query(args)
	if err != nil {
		return err
	}
	clusters, err := f.clusters()
	if err != nil {
		return err
	}
	opts := prometheus.GlobalOptions{Clusters: clusters, Lenient: f.lenient, Source: prometheus.Options{Timeout: f.timeout}}
	if f.noDedup {
		no := false
		opts.Source.Thanos.Dedup = &no
	}
	g, err := prometheus.NewGlobalForAddress(f.url, opts)
	if err != nil {
		return fmt.Errorf("--url: %w", err)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	answer, err := g.Eval(ctx, query)
	if err != nil {
		return err
	}
	doc := queryOutput{Query: query, Template: f.template, Result: rowsOf(answer.Value), Coverage: answer.Coverage}
	return printOutput(w, f.format, doc, func(w io.Writer) error { return queryTable(w, doc) })
}

// query returns the PromQL to run: the argument, or the rendered --template.
func (f *observeQueryFlags) query(args []string) (string, error) {
	switch {
	case f.url == "":
		return "", errors.New("--url is required: the Thanos Querier's base URL")
	case f.template != "" && len(args) > 0:
		return "", errors.New("pass either PROMQL or --template, not both")
	case f.template == "" && len(args) == 0:
		return "", fmt.Errorf("pass PROMQL or --template (%s)", strings.Join(fleetTemplateNames(), ", "))
	case f.template == "":
		if f.cluster != "" {
			return "", errors.New("--cluster selects the cluster of a --template; write the matcher into PROMQL instead")
		}
		return args[0], nil
	}
	t, err := observe.Builtin("", f.template)
	if err != nil || !slices.Contains(fleetTemplateNames(), f.template) {
		return "", fmt.Errorf("--template %q: not a fleet template (%s)", f.template, strings.Join(fleetTemplateNames(), ", "))
	}
	return t.Render(observe.Variables{Cluster: f.cluster, Interval: f.interval})
}

// clusters are the fleet's members, or only --cluster (which must be one of them).
func (f *observeQueryFlags) clusters() ([]string, error) {
	fl, err := loadFleet(f.file, f.sample)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range fl.Members {
		names = append(names, m.Name)
	}
	if f.cluster == "" {
		return names, nil
	}
	if !slices.Contains(names, f.cluster) {
		return nil, fmt.Errorf("--cluster %q is not a member of fleet %q", f.cluster, fl.Name)
	}
	return []string{f.cluster}, nil
}

// rowsOf lists the series of an instant answer, ordered by labels.
func rowsOf(v model.Value) []queryRow {
	rows := []queryRow{}
	switch r := v.(type) {
	case model.Vector:
		for _, s := range r {
			labels := make(map[string]string, len(s.Metric))
			for k, v := range s.Metric {
				labels[string(k)] = string(v)
			}
			rows = append(rows, queryRow{Labels: labels, Value: formatValue(float64(s.Value))})
		}
		slices.SortFunc(rows, func(a, b queryRow) int { return strings.Compare(seriesName(a.Labels), seriesName(b.Labels)) })
	case *model.Scalar:
		rows = append(rows, queryRow{Value: formatValue(float64(r.Value))})
	case *model.String:
		rows = append(rows, queryRow{Value: r.Value})
	}
	return rows
}

func formatValue(f float64) string {
	if math.IsNaN(f) {
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// seriesName renders labels as PromQL does: {a="1", b="2"}, or {} for none.
func seriesName(labels map[string]string) string {
	keys := make([]string, 0, len(labels))
	for k := range labels {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + strconv.Quote(labels[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// queryTable prints one row per series, then the coverage and every warning.
func queryTable(w io.Writer, doc queryOutput) error {
	err := writeColumns(w, []string{"SERIES", "VALUE"}, len(doc.Result), func(row, col int) string {
		if col == 0 {
			return seriesName(doc.Result[row].Labels)
		}
		return doc.Result[row].Value
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\ncoverage: %s\n", doc.Coverage)
	for _, warning := range doc.Coverage.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warning)
	}
	return nil
}
