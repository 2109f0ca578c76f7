package main

import (
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
	appsv1 "k8s.io/api/apps/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
)

// divideInput is the file format of `fleetctl divide -f` (specs/distribute.md).
type divideInput struct {
	Strategy               distribute.Strategy `json:"strategy"`
	Replicas               int32               `json:"replicas"`
	UID                    string              `json:"uid"`
	Fresh                  bool                `json:"fresh"`
	HasReplicaRequirements bool                `json:"hasReplicaRequirements"`
	CapStaticWeights       bool                `json:"capStaticWeights"`
	Clusters               []divideCluster     `json:"clusters"`
}

// divideCluster is one candidate of divideInput.
type divideCluster struct {
	Name              string `json:"name"`
	Weight            int64  `json:"weight"`
	AvailableReplicas *int32 `json:"availableReplicas"`
	PreviousReplicas  *int32 `json:"previousReplicas"`
	MinReplicas       int32  `json:"minReplicas"`
	MaxReplicas       *int32 `json:"maxReplicas"`
}

// request converts the file format into the engine's Request.
func (in divideInput) request() distribute.Request {
	req := distribute.Request{Strategy: in.Strategy, Replicas: in.Replicas, UID: in.UID, Fresh: in.Fresh,
		HasReplicaRequirements: in.HasReplicaRequirements,
		Options:                distribute.Options{CapStaticWeights: in.CapStaticWeights}}
	for _, c := range in.Clusters {
		req.Candidates = append(req.Candidates, distribute.Candidate{Name: c.Name, Weight: c.Weight,
			Available: c.AvailableReplicas, MinReplicas: c.MinReplicas, MaxReplicas: c.MaxReplicas})
		if c.PreviousReplicas != nil {
			req.Previous = append(req.Previous, distribute.Assignment{Cluster: c.Name, Replicas: *c.PreviousReplicas})
		}
	}
	return req
}

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
(--workload, a Deployment). An unschedulable request exits non-zero and prints
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
	cmd.Flags().StringVar(&f.workload, "workload", "", "Deployment file (replicas, UID, resource requests)")
	addOutputFlag(cmd, &f.format)
	return cmd
}

// request reads the engine's input from -f or from the Karmada objects.
func (f divideFlags) request() (distribute.Request, error) {
	switch {
	case f.file != "" && f.policy != "":
		return distribute.Request{}, errors.New("use either -f or --policy, not both")
	case f.file != "":
		var in divideInput
		if err := readInput(f.file, &in); err != nil {
			return distribute.Request{}, err
		}
		return in.request(), nil
	case f.policy != "":
		return f.karmadaRequest()
	}
	return distribute.Request{}, errors.New("no input: pass -f FILE or --policy FILE")
}

// karmadaRequest builds the request from real Karmada objects.
func (f divideFlags) karmadaRequest() (distribute.Request, error) {
	placement, err := readPlacement(f.policy)
	if err != nil {
		return distribute.Request{}, err
	}
	fl, err := loadFleet(f.fleet, f.fleet == "")
	if err != nil {
		return distribute.Request{}, err
	}
	w := karmada.Workload{Replicas: 1}
	if f.workload != "" {
		var d appsv1.Deployment
		if err := readInput(f.workload, &d); err != nil {
			return distribute.Request{}, err
		}
		w = workloadOf(d)
	}
	return karmada.Request(placement, karmada.Snapshot{Fleet: fl}, w)
}

// readPlacement reads the placement of a PropagationPolicy or ClusterPropagationPolicy.
func readPlacement(path string) (policyv1alpha1.Placement, error) {
	data, err := readFile(path)
	if err != nil {
		return policyv1alpha1.Placement{}, err
	}
	var loose struct {
		APIVersion string                         `json:"apiVersion"`
		Kind       string                         `json:"kind"`
		Metadata   map[string]any                 `json:"metadata"`
		Spec       policyv1alpha1.PropagationSpec `json:"spec"`
	}
	if err := decodeStrict(path, data, &loose); err != nil {
		return policyv1alpha1.Placement{}, err
	}
	if loose.Kind != policyv1alpha1.ResourceKindPropagationPolicy && loose.Kind != policyv1alpha1.ResourceKindClusterPropagationPolicy {
		return policyv1alpha1.Placement{}, fmt.Errorf("%s: kind %q is not PropagationPolicy or ClusterPropagationPolicy", path, loose.Kind)
	}
	return loose.Spec.Placement, nil
}

// workloadOf reads the scheduling inputs of a Deployment.
func workloadOf(d appsv1.Deployment) karmada.Workload {
	w := karmada.Workload{UID: string(d.UID), Replicas: 1}
	if d.Spec.Replicas != nil {
		w.Replicas = *d.Spec.Replicas
	}
	for _, c := range d.Spec.Template.Spec.Containers {
		w.HasReplicaRequirements = w.HasReplicaRequirements || len(c.Resources.Requests) > 0
	}
	return w
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
