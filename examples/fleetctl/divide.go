package main

import (
	"errors"
	"fmt"
	"io"
	"strconv"

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
weight, availableReplicas, previousReplicas; the format is distribute.DecodeRequest's), or real
Karmada objects: a PropagationPolicy or ClusterPropagationPolicy (--policy), a fleet (--fleet,
default the sample fleet) and the workload it selects (--workload, required with --policy: a
Deployment, StatefulSet, ReplicaSet, Job or Pod). A workload the policy's resourceSelectors do not
select is refused, as Karmada would not divide it with that policy.

Output: -o json and -o yaml print one distribute.Plan (strategy, mode, replicas, divided,
assignments, explanation). A request the clusters cannot hold exits non-zero with the reason on
stderr (with -o json: {"error": ..., "reason": "Unschedulable"}).`,
		Example: "  fleetctl divide -f request.yaml -o json\n" +
			"  fleetctl divide --policy pp.yaml --fleet fleet.yaml --workload deploy.yaml",
		Args: cobra.NoArgs,
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
	cmd.Flags().StringVar(&f.workload, "workload", "", "workload file, required with --policy: Deployment, StatefulSet, ReplicaSet, Job or Pod (replicas, UID, resource requests)")
	addOutputFlag(cmd, &f.format)
	addExample(cmd, "divide", "request.yaml")
	return cmd
}

// request reads the engine's input from -f or from the Karmada objects.
func (f divideFlags) request() (distribute.Request, error) {
	switch {
	case f.file != "" && f.policy != "":
		return distribute.Request{}, errors.New("use either -f or --policy, not both")
	case f.file != "" && (f.workload != "" || f.fleet != ""):
		return distribute.Request{}, errors.New("--workload and --fleet go with --policy; a request file (-f) holds its clusters and replicas")
	case f.file != "":
		return decodeFile(f.file, distribute.DecodeRequest)
	case f.policy != "":
		return f.karmadaRequest()
	}
	return distribute.Request{}, errors.New("no input: pass -f FILE or --policy FILE --workload FILE")
}

// karmadaRequest builds the request from real Karmada objects.
func (f divideFlags) karmadaRequest() (distribute.Request, error) {
	if f.workload == "" {
		return distribute.Request{}, errors.New("--workload is required with --policy: the replicas to divide are the workload's")
	}
	policy, err := readFile(f.policy)
	if err != nil {
		return distribute.Request{}, err
	}
	workload, err := readFile(f.workload)
	if err != nil {
		return distribute.Request{}, err
	}
	placement, err := karmada.DecodePlacement(policy)
	if err != nil {
		return distribute.Request{}, fmt.Errorf("%s: %w", f.policy, err)
	}
	w, err := karmada.DecodeWorkload(workload)
	if err != nil {
		return distribute.Request{}, fmt.Errorf("%s: %w", f.workload, err)
	}
	if err := policySelects(policy, workload); err != nil {
		return distribute.Request{}, fmt.Errorf("%s: %w", f.workload, err)
	}
	fl, err := loadFleet(f.fleet, f.fleet == "")
	if err != nil {
		return distribute.Request{}, err
	}
	return karmada.Request(placement, karmada.Snapshot{Fleet: fl}, w)
}

// runDivide divides and prints the plan; an unschedulable request is an error (see errorOutput).
func runDivide(w io.Writer, format string, req distribute.Request) error {
	plan, err := distribute.Divide(req)
	if err != nil {
		return err
	}
	return printOutput(w, format, plan, func(w io.Writer) error { return divideTable(w, plan) })
}

// divideTable prints one row per cluster with its explanation.
func divideTable(w io.Writer, plan distribute.Plan) error {
	fmt.Fprintf(w, "strategy %s, mode %s, %d replicas (%d divided)\n", plan.Strategy, plan.Mode, plan.Replicas, plan.Divided)
	rows := plan.Explanation
	return writeColumns(w, []string{"CLUSTER", "REPLICAS", "WEIGHT", "PREVIOUS", "REASON"}, len(rows), func(i, col int) string {
		e := &rows[i]
		switch col {
		case 0:
			return e.Cluster
		case 1:
			return strconv.Itoa(int(e.Replicas))
		case 2:
			return strconv.FormatInt(e.Weight, 10)
		case 3:
			return strconv.Itoa(int(e.Previous))
		}
		return e.Reason()
	})
}
