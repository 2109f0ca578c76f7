package main

import (
	"fmt"
	"io"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/cluster/capi"
)

// demoCluster tells the seed's on-prem story: the cluster's shape, a scale-out of its general pool
// from five to eight workers, and the upgrade from v1.29.3 to v1.32.0, each carried out by
// re-rendering the Cluster API objects.
func demoCluster(w io.Writer, _ demoEnv) error {
	spec := cluster.Sample()
	objs, err := capi.Render(spec, capi.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Cluster %q (%s): Kubernetes %s, %d control-plane machines behind VIP %s (kube-vip), %d workers in pool %q.\n",
		spec.Name, spec.Infra, spec.Version, spec.ControlPlane.Replicas, spec.ControlPlane.VIP, spec.WorkerReplicas(), spec.Workers[0].Name)
	fmt.Fprintf(w, "Rendered as %d Cluster API v1beta2 objects (fleetctl cluster render --sample -o yaml).\n\n", len(objs.All()))

	scaled, err := spec.ScalePool("general", 8)
	if err != nil {
		return err
	}
	scale, err := cluster.PlanScale(spec, scaled)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Scale the general pool from 5 to 8 workers:")
	if err := scaleTable(w, scale); err != nil {
		return err
	}
	after, err := capi.Render(scaled, capi.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "→ MachineDeployment %s: spec.replicas %d → %d; nothing else changes.\n\n",
		after.MachineDeployments[0].Name, *objs.MachineDeployments[0].Spec.Replicas, *after.MachineDeployments[0].Spec.Replicas)
	return demoUpgrade(w, scaled)
}

func demoUpgrade(w io.Writer, spec cluster.ClusterSpec) error {
	plan, err := cluster.PlanUpgrade(spec, "v1.32.0", cluster.UpgradeOptions{Releases: cluster.SampleReleases()})
	if err != nil {
		return err
	}
	if err := upgradeTable(w, plan); err != nil {
		return err
	}
	fmt.Fprintln(w, "Each step is applied once the previous one has rolled out; the workers never move with the control plane:")
	for _, step := range plan.Steps {
		next := step.Apply(spec)
		if err := cluster.CheckChange(spec, next); err != nil {
			return err
		}
		objs, err := capi.Render(next, capi.Options{})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "→ step %d: KubeadmControlPlane version %s, MachineDeployment version %s\n", step.Number,
			objs.ControlPlane.Spec.Version, objs.MachineDeployments[0].Spec.Template.Spec.Version)
		spec = next
	}
	_, err = cluster.PlanUpgrade(spec, "v1.31.0", cluster.UpgradeOptions{})
	fmt.Fprintf(w, "\nAsking to go back to v1.31.0 afterwards is refused: %v\n", err)
	return nil
}
