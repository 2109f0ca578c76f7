package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/rollout"
	"github.com/fleetkit/fleetkit/rollout/simulate"
)

func newRolloutCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "rollout",
		Short:   "Progressive delivery analysis: canary, A/B and blue/green",
		Example: "  fleetctl rollout simulate -f canary.yaml -o json",
		Args:    cobra.NoArgs,
	}
	cmd.AddCommand(newRolloutSimulateCmd())
	return cmd
}

func newRolloutSimulateCmd() *cobra.Command {
	var file, format string
	cmd := &cobra.Command{
		Use:   "simulate -f SCENARIO",
		Short: "Run a rollout spec against a trace of observations, one tick per analysis interval",
		Long: `simulate feeds each tick of the scenario to the rollout state machine (Flagger v1.44 semantics
by default) and prints the state after every tick. The scenario has a spec, an optional status
(default: Initialized, revision r1 applied and promoted) and ticks; omitted tick fields mean
"unchanged revision, workloads ready, webhooks pass (rollback: no signal), metrics pass".
Every metric and webhook a tick names must be declared in the spec (a webhook by its name or
its type): a misspelt name is an error, reported before any tick runs, and so is a spec that
can never advance. If the scenario lists expect entries, a trace that differs from them is
reported and the command fails.

Output: -o json and -o yaml print one document, the trace: a list of simulate.Record (tick, phase,
canary weight, mirror, failed checks, iterations, actions, events). -o jsonl streams one compact
simulate.Record per line.`,
		Example: `  fleetctl rollout simulate -f canary.yaml
  fleetctl rollout simulate -f canary.yaml -o json
  fleetctl rollout simulate -f canary.yaml -o jsonl`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var sc simulate.Scenario
			if err := readInput(file, &sc); err != nil {
				return err
			}
			trace, err := sc.Run()
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			if err := printTrace(cmd.OutOrStdout(), format, trace); err != nil {
				return err
			}
			return sc.Check(trace)
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "scenario file (YAML or JSON, - for stdin)")
	addOutputFlag(cmd, &format, formatJSONL)
	addExample(cmd, "rollout simulate", "scenario.yaml")
	return cmd
}

// printTrace writes the trace: one document for json and yaml, one record per line for jsonl.
func printTrace(w io.Writer, format string, trace []simulate.Record) error {
	return printItems(w, format, trace, trace, func(w io.Writer) error { return traceTable(w, trace) })
}

// traceTable prints one row per tick: phase, a weight bar, counters and
// what happened.
func traceTable(w io.Writer, trace []simulate.Record) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TICK\tPHASE\tCANARY\tWEIGHT\tFAILED\tITER\tACTIONS\tEVENTS")
	for _, r := range trace {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%d\t%s\t%s\n", r.Tick, r.Phase, weightBar(r.CanaryWeight, r.Mirror),
			r.CanaryWeight, r.FailedChecks, r.Iterations, actionList(r.Actions), eventList(r.Events))
	}
	return tw.Flush()
}

// weightBar draws the canary weight in ten cells; a mirrored canary shows
// as "~" cells since it receives copies, not traffic.
func weightBar(weight int, mirror bool) string {
	full := (weight + 5) / 10
	if mirror && weight == 0 {
		return "[" + strings.Repeat("~", 10) + "]"
	}
	return "[" + strings.Repeat("#", full) + strings.Repeat(".", 10-full) + "]"
}

func actionList(actions []rollout.Action) string {
	parts := make([]string, 0, len(actions))
	for _, a := range actions {
		if a.Kind == rollout.Alert {
			continue
		}
		parts = append(parts, a.String())
	}
	return dash(strings.Join(parts, "; "))
}

func eventList(events []rollout.Event) string {
	parts := make([]string, 0, len(events))
	for _, e := range events {
		// One line per tick in a table: a query error's PromQL is folded onto the line.
		parts = append(parts, strings.Join(strings.Fields(e.Message()), " "))
	}
	return dash(strings.Join(parts, "; "))
}
