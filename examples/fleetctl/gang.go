package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

// gangInput is the file `fleetctl gang check` reads: cluster snapshots and a Volcano Job manifest.
type gangInput struct {
	Clusters []gangCluster   `json:"clusters"`
	Job      json.RawMessage `json:"job"`
}

type gangCluster struct {
	Name  string     `json:"name"`
	Nodes []gangNode `json:"nodes"`
}

type gangNode struct {
	Name          string                  `json:"name"`
	Allocatable   map[string]quantityText `json:"allocatable,omitempty"`
	Requested     map[string]quantityText `json:"requested,omitempty"`
	Labels        map[string]string       `json:"labels,omitempty"`
	Taints        []corev1.Taint          `json:"taints,omitempty"`
	Unschedulable bool                    `json:"unschedulable,omitempty"`
	// Ready defaults to true.
	Ready *bool `json:"ready,omitempty"`
}

// quantityText keeps a quantity as written (YAML `gpu: 2` arrives as a JSON number) so that a bad
// one is reported with its field path instead of as a bare decoding error.
type quantityText string

func (q *quantityText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*q = quantityText(s)
		return nil
	}
	*q = quantityText(bytes.TrimSpace(b))
	return nil
}

// gangOutput is the spec's JSON contract.
type gangOutput struct {
	Clusters []gangVerdict `json:"clusters"`
	Best     string        `json:"best"`
}

type gangVerdict struct {
	Cluster   string               `json:"cluster"`
	Verdict   scheduling.Verdict   `json:"verdict"`
	Placement scheduling.Placement `json:"placement"`
	Reasons   []string             `json:"reasons"`
}

func newGangCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "gang",
		Short:   "Gang feasibility of Volcano jobs across a fleet",
		Example: "  fleetctl gang check -f gang.yaml -o json",
	}
	cmd.AddCommand(newGangCheckCmd())
	return cmd
}

func newGangCheckCmd() *cobra.Command {
	var file, format string
	var opts scheduling.Options
	cmd := &cobra.Command{
		Use:   "check -f FILE",
		Short: "Decide, per cluster, whether a Volcano Job's whole gang fits at once",
		Long: `check reads cluster snapshots (clusters: name, nodes with allocatable, requested, labels,
taints, unschedulable, ready — ready defaults to true) and a Volcano Job manifest (job:), and
prints per cluster Feasible with a placement, Infeasible with the reasons, or Unknown, plus the
best cluster. It exits 0 whether or not a cluster fits; bad input exits non-zero.`,
		Example: "  fleetctl gang check -f gang.yaml -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			gang, snaps, err := loadGangInput(file)
			if err != nil {
				return err
			}
			report, err := scheduling.Check(gang, snaps, opts)
			if err != nil {
				return err
			}
			out := gangReport(report)
			return printOutput(cmd.OutOrStdout(), format, out, func(w io.Writer) error { return gangTable(w, out, report.Warnings) })
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "input file (YAML or JSON; - for stdin)")
	cmd.Flags().BoolVar(&opts.StrictPerTask, "strict-per-task", false, "enforce task minimums even when the job minimum is smaller than their sum")
	cmd.Flags().IntVar(&opts.SearchBudget, "search-budget", 0, "exact search budget per cluster (0: the default)")
	addOutputFlag(cmd, &format)
	return cmd
}

func loadGangInput(file string) (scheduling.Gang, []scheduling.ClusterSnapshot, error) {
	var in gangInput
	if err := readInput(file, &in); err != nil {
		return scheduling.Gang{}, nil, err
	}
	if len(in.Job) == 0 || string(in.Job) == "null" {
		return scheduling.Gang{}, nil, errors.New("job: a Volcano Job manifest is required")
	}
	job, err := volcano.ParseJob(in.Job)
	if err != nil {
		return scheduling.Gang{}, nil, err
	}
	gang, err := volcano.FromJob(job)
	if err != nil {
		return scheduling.Gang{}, nil, err
	}
	snaps, err := gangSnapshots(in.Clusters)
	return gang, snaps, err
}

func gangSnapshots(clusters []gangCluster) ([]scheduling.ClusterSnapshot, error) {
	out := make([]scheduling.ClusterSnapshot, 0, len(clusters))
	for i, c := range clusters {
		snap := scheduling.ClusterSnapshot{Name: c.Name}
		for j, n := range c.Nodes {
			field := fmt.Sprintf("clusters[%d].nodes[%d]", i, j)
			alloc, err := parseQuantities(field+".allocatable", n.Allocatable)
			if err != nil {
				return nil, err
			}
			req, err := parseQuantities(field+".requested", n.Requested)
			if err != nil {
				return nil, err
			}
			ready := n.Ready == nil || *n.Ready
			snap.Nodes = append(snap.Nodes, scheduling.Node{Name: n.Name, Allocatable: alloc, Requested: req,
				Labels: n.Labels, Taints: n.Taints, Unschedulable: n.Unschedulable, Ready: ready})
		}
		out = append(out, snap)
	}
	return out, nil
}

func parseQuantities(field string, in map[string]quantityText) (corev1.ResourceList, error) {
	out := make(corev1.ResourceList, len(in))
	for _, name := range slices.Sorted(maps.Keys(in)) {
		q, err := resource.ParseQuantity(string(in[name]))
		if err != nil {
			return nil, &scheduling.ValidationError{Field: fmt.Sprintf("%s[%s]", field, name), Reason: fmt.Sprintf("unparseable quantity %q: %v", in[name], err)}
		}
		out[corev1.ResourceName(name)] = q
	}
	return out, nil
}

func gangReport(r scheduling.Report) gangOutput {
	out := gangOutput{Clusters: make([]gangVerdict, 0, len(r.Clusters)), Best: r.Best}
	for _, c := range r.Clusters {
		p := c.Placement
		if p == nil {
			p = scheduling.Placement{}
		}
		out.Clusters = append(out.Clusters, gangVerdict{Cluster: c.Cluster, Verdict: c.Verdict, Placement: p, Reasons: c.Reasons()})
	}
	return out
}

func gangTable(w io.Writer, out gangOutput, warnings []string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CLUSTER\tVERDICT\tPLACEMENT / REASON")
	for _, c := range out.Clusters {
		detail := strings.Join(c.Reasons, "; ")
		if c.Verdict == scheduling.Feasible {
			detail = formatPlacement(c.Placement)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Cluster, c.Verdict, detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	best := out.Best
	if best == "" {
		best = "(none fits)"
	}
	fmt.Fprintf(w, "best: %s\n", best)
	for _, warn := range warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	return nil
}

// formatPlacement renders a witness as "n1: worker×2, n2: ps×1" in name order.
func formatPlacement(p scheduling.Placement) string {
	var parts []string
	for _, node := range slices.Sorted(maps.Keys(p)) {
		var groups []string
		for _, g := range slices.Sorted(maps.Keys(p[node])) {
			groups = append(groups, fmt.Sprintf("%s×%d", g, p[node][g]))
		}
		parts = append(parts, node+": "+strings.Join(groups, " "))
	}
	return strings.Join(parts, ", ")
}
