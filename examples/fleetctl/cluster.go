package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/cluster/capi"
	"github.com/fleetkit/fleetkit/cluster/nodefacts"
	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

func newClusterCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cluster",
		Short: "Cluster lifecycle: render Cluster API objects, plan upgrades, run preflight checks",
		Example: "  fleetctl cluster render --sample -o yaml\n" +
			"  fleetctl cluster plan-upgrade -f cluster.yaml --to v1.32.0\n" +
			"  fleetctl cluster preflight --sample",
	}
	cmd.AddCommand(newClusterRenderCmd(), newClusterPlanUpgradeCmd(), newClusterPreflightCmd())
	return cmd
}

// loadClusterSpec reads a ClusterSpec file, or returns the seed's on-prem cluster with --sample.
func loadClusterSpec(path string, sample bool) (cluster.ClusterSpec, error) {
	if sample {
		if path != "" {
			return cluster.ClusterSpec{}, errors.New("pass either -f FILE or --sample, not both")
		}
		return cluster.Sample(), nil
	}
	var s cluster.ClusterSpec
	if err := readInput(path, &s); err != nil {
		return cluster.ClusterSpec{}, err
	}
	return s, nil
}

func newClusterRenderCmd() *cobra.Command {
	var file, format, namespace string
	var sample bool
	cmd := &cobra.Command{
		Use:   "render",
		Short: "Render a cluster spec into Cluster API v1beta2 objects (CAPD infrastructure, kube-vip for the VIP)",
		Long: `render validates a ClusterSpec (odd control plane of at most 7, at most 5,000 nodes,
non-overlapping CIDRs, supported version; the format is cluster.ClusterSpec's) and prints the
Cluster, KubeadmControlPlane, MachineDeployments, KubeadmConfigTemplates and the Docker provider's
DockerCluster and DockerMachineTemplates, in --namespace (a DNS-1123 label).

Output: -o json and -o yaml print one v1 List of those objects, for kubectl apply -f.`,
		Example: "  fleetctl cluster render --sample\n  fleetctl cluster render -f cluster.yaml -o yaml | kubectl apply -f -",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec, err := loadClusterSpec(file, sample)
			if err != nil {
				return err
			}
			objs, err := capi.Render(spec, capi.Options{Namespace: namespace})
			if err != nil {
				return err
			}
			return printClusterObjects(cmd.OutOrStdout(), format, objs)
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "cluster spec file (YAML or JSON)")
	cmd.Flags().BoolVar(&sample, "sample", false, "use the seed's on-prem cluster instead of a file")
	cmd.Flags().StringVar(&namespace, "namespace", "default", "namespace of the rendered objects")
	addOutputFlag(cmd, &format)
	addExample(cmd, "cluster render", "cluster.yaml")
	return cmd
}

func printClusterObjects(w io.Writer, format string, objs capi.Objects) error {
	all := objs.All()
	return printObjects(w, format, all, func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tNAME\tAPI VERSION")
		for _, o := range all {
			gvk := o.GetObjectKind().GroupVersionKind()
			fmt.Fprintf(tw, "%s\t%s\t%s\n", gvk.Kind, o.GetName(), gvk.GroupVersion())
		}
		return tw.Flush()
	})
}

func newClusterPlanUpgradeCmd() *cobra.Command {
	var file, format, target, workers string
	var releases []string
	var sample bool
	cmd := &cobra.Command{
		Use:   "plan-upgrade",
		Short: "Plan a Kubernetes upgrade: one minor at a time, control plane before workers, within kubelet skew",
		Long: `plan-upgrade validates a ClusterSpec and plans its upgrade to --to: the control plane one minor
version per step (kubeadm's rule), the worker pools in a step of their own after it, within the kubelet
version skew. Apply each step only once the previous one has rolled out: after a control-plane step,
when the KubeadmControlPlane's status.version is the step's version and all its replicas are up to date.

Output: -o json and -o yaml print one cluster.UpgradePlan (cluster, from, to, steps with actions).`,
		Example: "  fleetctl cluster plan-upgrade --sample --to v1.32.0\n" +
			"  fleetctl cluster plan-upgrade -f cluster.yaml --to v1.32.0 --release v1.30.14 --release v1.31.12 --workers AtSkewLimit -o json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			spec, err := loadClusterSpec(file, sample)
			if err != nil {
				return err
			}
			if target == "" {
				return errors.New("--to VERSION is required")
			}
			plan, err := cluster.PlanUpgrade(spec, target, cluster.UpgradeOptions{Releases: releases, Workers: cluster.WorkerPolicy(workers)})
			if err != nil {
				return err
			}
			return printOutput(cmd.OutOrStdout(), format, plan, func(w io.Writer) error { return upgradeTable(w, plan) })
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "cluster spec file (YAML or JSON)")
	cmd.Flags().BoolVar(&sample, "sample", false, "use the seed's on-prem cluster instead of a file")
	cmd.Flags().StringVar(&target, "to", "", "target Kubernetes version, such as v1.32.0")
	cmd.Flags().StringArrayVar(&releases, "release", nil, "a known patch release; intermediate steps use the newest listed patch of their minor (repeatable)")
	cmd.Flags().StringVar(&workers, "workers", string(cluster.WorkersEveryStep), "when pools follow the control plane: EveryStep or AtSkewLimit")
	addOutputFlag(cmd, &format)
	addExample(cmd, "cluster plan-upgrade", "cluster.yaml")
	return cmd
}

func upgradeTable(w io.Writer, plan cluster.UpgradePlan) error {
	fmt.Fprintf(w, "Upgrade of %s from %s to %s: %d step(s)\n", plan.Cluster, plan.From, plan.To, len(plan.Steps))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STEP\tTARGET\tFROM\tTO\tREPLICAS\tSURGE\tUNAVAILABLE\tREASON")
	for _, s := range plan.Steps {
		for _, a := range s.Actions {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%d\t%s\n", s.Number, a.Target, a.From, a.To, a.Replicas,
				a.Bounds.MaxSurge, a.Bounds.MaxUnavailable, a.Reason)
		}
	}
	return tw.Flush()
}

func scaleTable(w io.Writer, plan cluster.ScalePlan) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tCHANGE\tFROM\tTO\tSURGE\tUNAVAILABLE\tMIN AVAILABLE\tREASON")
	cp := plan.ControlPlane
	fmt.Fprintf(tw, "control-plane\t%s\t%d\t%d\t-\t-\t-\t-\n", cp.Kind, cp.From, cp.To)
	for _, p := range plan.Pools {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", p.Pool, p.Kind, p.From, p.To,
			p.Bounds.MaxSurge, p.Bounds.MaxUnavailable, p.Bounds.MinAvailable, p.Reason)
	}
	return tw.Flush()
}

func newClusterPreflightCmd() *cobra.Command {
	var file, format, kubeletVersion string
	var sample, local bool
	cmd := &cobra.Command{
		Use:   "preflight",
		Short: "Check nodes before kubeadm joins them: swap, modules, sysctls, cgroup drivers, CRI socket",
		Long: `preflight runs fleetkit's pure checks over node facts: from a file (one node or a list),
from the seed's sample nodes (--sample), or read from this machine's /proc, /sys and
configuration files (--local). It exits non-zero when a check fails (reason PreflightFailed).
--kubelet-version names the kubelet the nodes will join with, for nodes whose facts do not
(kubeletVersion): a cgroup v1 node fails for v1.35 and newer, whose kubelet refuses cgroup v1, and
warns below or when the version is unknown.

Output: -o json and -o yaml print one document, {"nodes": [cluster.PreflightReport]}: per node its
name and every check with status, detail and fix.`,
		Example: "  fleetctl cluster preflight --local --kubelet-version v1.35.0\n  fleetctl cluster preflight -f nodes.yaml -o json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			nodes, err := loadNodeFacts(file, sample, local)
			if err != nil {
				return err
			}
			reports := make([]cluster.PreflightReport, len(nodes))
			for i, n := range nodes {
				if n.KubeletVersion == "" {
					n.KubeletVersion = kubeletVersion
				}
				reports[i] = cluster.Preflight(n)
			}
			out := preflightOutput{Nodes: reports}
			if err := printOutput(cmd.OutOrStdout(), format, out, func(w io.Writer) error { return preflightTable(w, reports) }); err != nil {
				return err
			}
			return preflightVerdict(reports)
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "node facts file: one node or a list (YAML or JSON)")
	cmd.Flags().BoolVar(&sample, "sample", false, "check the seed's sample nodes")
	cmd.Flags().BoolVar(&local, "local", false, "read the facts of this machine")
	cmd.Flags().StringVar(&kubeletVersion, "kubelet-version", "", "the kubelet version the nodes will join with, such as v1.35.0, for nodes whose facts do not name one")
	addOutputFlag(cmd, &format)
	addExample(cmd, "cluster preflight", "nodes.yaml")
	return cmd
}

// preflightOutput is the document of cluster preflight with -o json and yaml.
type preflightOutput struct {
	Nodes []cluster.PreflightReport `json:"nodes"`
}

func loadNodeFacts(file string, sample, local bool) ([]cluster.NodeFacts, error) {
	switch {
	case sample && local, sample && file != "", local && file != "":
		return nil, errors.New("pass exactly one of -f FILE, --sample, --local")
	case sample:
		return cluster.SampleNodeFacts(), nil
	case local:
		f, err := nodefacts.Read(os.DirFS("/"))
		return []cluster.NodeFacts{f}, err
	}
	data, err := readFile(file)
	if err != nil {
		return nil, err
	}
	doc, err := strictyaml.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	// A list or a single node: decide on the JSON form, so "---" and comments do not mislead.
	if bytes.HasPrefix(doc.JSON(), []byte("[")) {
		var list []cluster.NodeFacts
		if err := doc.Decode(&list); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return list, nil
	}
	var one cluster.NodeFacts
	if err := doc.Decode(&one); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return []cluster.NodeFacts{one}, nil
}

func preflightTable(w io.Writer, reports []cluster.PreflightReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tCHECK\tSTATUS\tDETAIL\tFIX")
	for _, r := range reports {
		for _, c := range r.Results {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", dash(r.Node), c.Name, c.Status, c.Detail, dash(c.Fix))
		}
	}
	return tw.Flush()
}

// preflightVerdict fails the command when a node failed a check; the report already says which.
func preflightVerdict(reports []cluster.PreflightReport) error {
	var failed []string
	for _, r := range reports {
		if !r.Passed() {
			failed = append(failed, dash(r.Node))
		}
	}
	if len(failed) == 0 {
		return nil
	}
	return fmt.Errorf("%w on %s", errPreflightFailed, strings.Join(failed, ", "))
}
