package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/scheduling"
	"github.com/fleetkit/fleetkit/scheduling/volcano"
)

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
taints, unschedulable, notReady — a node is ready unless it says notReady: true) and the job, as a
Volcano Job manifest (job:) or as a fleetkit Gang (gang:); the format is
scheduling.DecodeCheckInput's. It prints per cluster Feasible with a placement, Infeasible with the
certificate of the check that failed, or Unknown, then the ranking and the best cluster. It exits 0
whether or not a cluster fits; bad input (no cluster, a fraction of a GPU, ...) exits non-zero.

Output: -o json and -o yaml print one scheduling.Report: clusters (cluster, verdict, placement,
certificate with check, resource, need, have, short, message and the node reasons; message),
ranking, best and warnings.`,
		Example: "  fleetctl gang check -f gang.yaml -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			gang, snaps, err := loadGangInput(file)
			if err != nil {
				return err
			}
			if err := scheduling.Validate(gang, snaps, opts); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			report, err := scheduling.Check(gang, snaps, opts)
			if err != nil {
				return err
			}
			return printOutput(cmd.OutOrStdout(), format, report, func(w io.Writer) error { return gangTable(w, report) })
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "input file (YAML or JSON; - for stdin)")
	cmd.Flags().BoolVar(&opts.StrictPerTask, "strict-per-task", false, "enforce task minimums even when the job minimum is smaller than their sum")
	cmd.Flags().IntVar(&opts.SearchBudget, "search-budget", 0, "exact search budget per cluster (0: the default)")
	addOutputFlag(cmd, &format)
	addExample(cmd, "gang check", "gang.yaml")
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

// gangTable prints one row per cluster, the best cluster and the warnings.
func gangTable(w io.Writer, r scheduling.Report) error {
	err := writeColumns(w, []string{"CLUSTER", "VERDICT", "PLACEMENT / REASON"}, len(r.Clusters), func(i, col int) string {
		c := &r.Clusters[i]
		switch {
		case col == 0:
			return c.Cluster
		case col == 1:
			return string(c.Verdict)
		case c.Verdict == scheduling.Feasible:
			return formatPlacement(c.Placement)
		}
		return strings.Join(c.Reasons(), "; ")
	})
	if err != nil {
		return err
	}
	best := r.Best
	if best == "" {
		best = "(none fits)"
	}
	fmt.Fprintf(w, "best: %s\n", best)
	for _, warn := range r.Warnings {
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
