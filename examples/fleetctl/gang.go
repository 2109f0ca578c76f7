package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

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
taints, unschedulable, ready — ready defaults to true) and the job, as a Volcano Job manifest
(job:) or as a fleetkit Gang (gang:); the format is scheduling.DecodeCheckInput's. It prints per
cluster Feasible with a placement, Infeasible with the reasons, or Unknown, plus the best
cluster. It exits 0 whether or not a cluster fits; bad input exits non-zero.`,
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

// loadGangInput reads the check input; a job given as a Volcano Job manifest becomes a Gang.
func loadGangInput(file string) (scheduling.Gang, []scheduling.ClusterSnapshot, error) {
	in, err := decodeFile(file, scheduling.DecodeCheckInput)
	if err != nil {
		return scheduling.Gang{}, nil, err
	}
	if in.Gang != nil {
		return *in.Gang, in.Clusters, nil
	}
	job, err := volcano.ParseJob(in.Job)
	if err != nil {
		return scheduling.Gang{}, nil, fmt.Errorf("%s: job: %w", file, err)
	}
	gang, err := volcano.FromJob(job)
	if err != nil {
		return scheduling.Gang{}, nil, fmt.Errorf("%s: job: %w", file, err)
	}
	return gang, in.Clusters, nil
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
