package main

import (
	"errors"
	"fmt"
	"io"

	corev1 "k8s.io/api/core/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
)

// demoDivide tells the seed's weighted inference story: a PropagationPolicy
// prefers Shanghai 10:1 over Beijing; then Shanghai runs short of capacity.
func demoDivide(w io.Writer, env demoEnv) error {
	pp, err := karmada.NewPropagationPolicy("inference", "recommender").
		WithWorkload("apps/v1", "Deployment", "recommender").
		WithClusterAffinity(policyv1alpha1.ClusterAffinity{ClusterNames: []string{"serving-sh", "training-bj"}}).
		WithClusterTolerations(corev1.Toleration{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}).
		WithClusterWeight(10, "serving-sh").
		WithClusterWeight(1, "training-bj").
		Build()
	if err != nil {
		return err
	}
	req, err := karmada.Request(pp.Spec.Placement, karmada.Snapshot{Fleet: env.Fleet}, karmada.Workload{Replicas: 11})
	if errors.Is(err, distribute.ErrNoCandidates) {
		fmt.Fprintf(w, "Fleet %q has neither serving-sh nor training-bj: nothing to divide (%v).\n", env.Fleet.Name, err)
		return nil
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "PropagationPolicy inference/recommender: static weights serving-sh 10, training-bj 1; 11 replicas.")
	if err := printDivision(w, req); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nShanghai can take only 8 more replicas. Karmada's static weights ignore capacity;")
	fmt.Fprintln(w, "fleetkit's CapStaticWeights option spills the excess over to Beijing:")
	for i := range req.Candidates {
		if req.Candidates[i].Name == "serving-sh" {
			req.Candidates[i].Available = distribute.Replicas(8)
		}
	}
	req.Options.CapStaticWeights = true
	return printDivision(w, req)
}

// printDivision divides and prints the plan as a table.
func printDivision(w io.Writer, req distribute.Request) error {
	plan, err := distribute.Divide(req)
	if err != nil {
		return err
	}
	return divideTable(w, plan)
}
