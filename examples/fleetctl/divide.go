package main

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
)

// divideFlags are the flags of `fleetctl divide`.
type divideFlags struct {
	file, policy, fleet, workload, format string
}

func newDivideCmd() *cobra.Command {
	var f divideFlags
	cmd := &cobra.Command{
		Use:   "divide",
		Short: "Divide a workload's replicas across clusters, exactly as Karmada's scheduler would",
		Long: `divide answers "how many replicas land in each cluster, and why?" offline.
Either give a division request (-f, YAML or JSON: strategy, replicas, uid, fresh, clusters with
weight, availableReplicas, previousReplicas), or real Karmada objects: a PropagationPolicy or
ClusterPropagationPolicy (--policy), a fleet (--fleet, default the sample fleet) and the workload
(--workload: a Deployment, StatefulSet, ReplicaSet, Job or Pod). The request file format is
distribute.DecodeRequest's. An unschedulable request exits non-zero and prints
{"error": ..., "unschedulable": true}.`,
		Example: "  fleetctl divide -f request.yaml -o json\n" +
			"  fleetctl divide --policy pp.yaml --fleet fleet.yaml --workload deploy.yaml",
		RunE: func(cmd *cobra.Command, _ []string) error {
			req, err := f.request()
			if err != nil {
				return err
			}
			return runDivide(cmd.OutOrStdout(), f.format, req)
		},
	}
	cmd.Flags().StringVarP(&f.file, "file", "f", "", "division request (YAML or JSON, - for stdin)")
	cmd.Flags().StringVar(&f.policy, "policy", "", "Karmada PropagationPolicy or ClusterPropagationPolicy file")
	cmd.Flags().StringVar(&f.fleet, "fleet", "", "fleet file (default: the embedded sample fleet)")
	cmd.Flags().StringVar(&f.workload, "workload", "", "workload file: Deployment, StatefulSet, ReplicaSet, Job or Pod (replicas, UID, resource requests)")
	addOutputFlag(cmd, &f.format)
	return cmd
}

// request reads the engine's input from -f or from the Karmada objects.
func (f divideFlags) request() (distribute.Request, error) {
	switch {
	case f.file != "" && f.policy != "":
		return distribute.Request{}, errors.New("use either -f or --policy, not both")
	case f.file != "":
		return decodeFile(f.file, distribute.DecodeRequest)
	case f.policy != "":
		return f.karmadaRequest()
	}
	return distribute.Request{}, errors.New("no input: pass -f FILE or --policy FILE")
}

// karmadaRequest builds the request from real Karmada objects.
func (f divideFlags) karmadaRequest() (distribute.Request, error) {
	placement, err := decodeFile(f.policy, karmada.DecodePlacement)
	if err != nil {
		return distribute.Request{}, err
	}
	fl, err := loadFleet(f.fleet, f.fleet == "")
	if err != nil {
		return distribute.Request{}, err
	}
	w := karmada.Workload{Replicas: 1}
	if f.workload != "" {
		if w, err = decodeFile(f.workload, karmada.DecodeWorkload); err != nil {
			return distribute.Request{}, err
		}
	}
	return karmada.Request(placement, karmada.Snapshot{Fleet: fl}, w)
}

// runDivide divides and prints the plan, or the unschedulable error as JSON.
func runDivide(w io.Writer, format string, req distribute.Request) error {
	plan, err := distribute.Divide(req)
	if errors.Is(err, distribute.ErrUnschedulable) {
		out := struct {
			Error         string `json:"error"`
			Unschedulable bool   `json:"unschedulable"`
		}{err.Error(), true}
		if perr := printOutput(w, formatJSON, out, nil); perr != nil {
			return perr
		}
		return reportedError{err}
	}
	if err != nil {
		return err
	}
	return printOutput(w, format, plan, func(w io.Writer) error { return divideTable(w, plan) })
}

// divideTable prints one row per cluster with its explanation.
func divideTable(w io.Writer, plan distribute.Plan) error {
	fmt.Fprintf(w, "strategy %s, mode %s, %d replicas (%d divided)\n", plan.Strategy, plan.Mode, plan.Replicas, plan.Divided)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CLUSTER\tREPLICAS\tWEIGHT\tPREVIOUS\tREASON")
	for _, e := range plan.Explanation {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", e.Cluster, e.Replicas, e.Weight, e.Previous, e.Reason())
	}
	return tw.Flush()
}
