package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
	"github.com/fleetkit/fleetkit/observe/stack/promop"
)

// observePlanFlags are the flags of `fleetctl observe plan`.
type observePlanFlags struct {
	file, format string
	sample       bool
	operator     bool
	opts         stack.Options
	extraLabels  map[string]string
	memberLabels map[string]string
	s3           stack.S3Storage
	promop       promop.Options
	secretName   string
	secretKey    string
	canaries     []string
	slo          stack.CanarySLO
}

// planOutput is the document of `fleetctl observe plan` without --operator.
type planOutput struct {
	Plan  *stack.Plan       `json:"plan"`
	Rules []stack.RuleGroup `json:"rules,omitempty"`
	Files []stack.File      `json:"files"`
}

func newObservePlanCmd() *cobra.Command {
	f := observePlanFlags{
		opts: stack.Options{
			SidecarAddress: "prometheus-{replica}.{cluster}.monitoring.example:10901",
			Storage:        stack.Storage{Type: stack.Filesystem, Directory: "/var/lib/thanos/bucket"},
		},
		promop: promop.Options{Namespace: "monitoring", Name: "fleet"},
		slo:    stack.CanarySLO{Provider: observe.Istio, MinSuccessRate: 99, MaxLatency: 500 * time.Millisecond, For: time.Minute},
	}
	cmd := &cobra.Command{
		Use:   "plan",
		Short: "Plan the fleet's monitoring: Prometheus external labels, Thanos sidecars, objstore.yml, Querier",
		Long: `plan reads a fleet file (the format is fleet.Load's) and plans its monitoring stack: every
member runs Prometheus (--replicas per member, an HA group deduplicated on --replica-label) with a
Thanos sidecar uploading to one object storage (a FILESYSTEM directory, or an S3 bucket with
--s3-bucket; keys only as references to environment variables), and one Thanos Querier fans out to
every sidecar through an --endpoint.sd-config file. External labels (fleet, cluster, region, and
--label / --member-label) are checked unique across the fleet: Thanos would drop a store whose
labels collide. With --canary, rollout SLO rules (success rate, latency) are planned too.

Output: -o json and -o yaml print one planOutput (plan, rules, files: the rendered
global.external_labels and alert relabelling of every replica, objstore.yml, the Querier's endpoint file and the rule
file). With --provider nginx, each --canary names the canary ingress its rules select:
NAMESPACE/NAME=INGRESS (Flagger's is <ingress>-canary). With --operator they print one v1 List of monitoring.coreos.com/v1 objects instead: a
Prometheus per member (labelled with its cluster; apply each on its member) and a PrometheusRule
per canary.`,
		Example: "  fleetctl observe plan --sample\n" +
			"  fleetctl observe plan -f fleet.yaml --replicas 2 --s3-bucket metrics --s3-endpoint s3.amazonaws.com -o yaml\n" +
			"  fleetctl observe plan -f fleet.yaml --operator --canary shop/checkout -o yaml",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return f.run(cmd.OutOrStdout()) },
	}
	f.register(cmd)
	addOutputFlag(cmd, &f.format)
	addExample(cmd, "observe plan", "fleet.yaml")
	return cmd
}

// register adds the plan's flags; their defaults are the values f starts with.
func (f *observePlanFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.file, "file", "f", "", "fleet file (YAML or JSON, - for stdin)")
	fl.BoolVar(&f.sample, "sample", false, "use the embedded seed fleet")
	fl.BoolVar(&f.operator, "operator", false, "print prometheus-operator objects instead of plain configuration files")
	fl.IntVar(&f.opts.Replicas, "replicas", 1, "Prometheus servers per member (2 for an HA pair)")
	fl.StringVar(&f.opts.ReplicaLabel, "replica-label", stack.DefaultReplicaLabel, "external label that tells replicas apart (the Querier deduplicates on it)")
	fl.StringToStringVar(&f.extraLabels, "label", nil, "external label added to every member, NAME=VALUE (repeatable)")
	fl.StringToStringVar(&f.memberLabels, "member-label", nil, "member label copied to an external label, MEMBER_LABEL_KEY=LABEL_NAME (repeatable)")
	fl.StringVar(&f.opts.SidecarAddress, "sidecar-address", f.opts.SidecarAddress, "sidecar gRPC address pattern with {fleet}, {cluster}, {region}, {replica}")
	fl.StringVar(&f.opts.Storage.Directory, "objstore-dir", f.opts.Storage.Directory, "FILESYSTEM bucket directory (unless --s3-bucket)")
	fl.StringVar(&f.s3.Bucket, "s3-bucket", "", "S3 bucket: use S3 object storage instead of FILESYSTEM")
	fl.StringVar(&f.s3.Endpoint, "s3-endpoint", "", "S3 endpoint (host[:port])")
	fl.StringVar(&f.s3.Region, "s3-region", "", "S3 region")
	fl.BoolVar(&f.s3.Insecure, "s3-insecure", false, "plain HTTP to the S3 endpoint")
	fl.StringVar(&f.s3.AccessKeyEnv, "s3-access-key-env", "", "environment variable of the sidecar holding the S3 access key (default: the AWS credential chain)")
	fl.StringVar(&f.s3.SecretKeyEnv, "s3-secret-key-env", "", "environment variable of the sidecar holding the S3 secret key")
	fl.StringVar(&f.promop.Namespace, "namespace", f.promop.Namespace, "--operator: namespace of each member's Prometheus")
	fl.StringVar(&f.promop.Name, "name", f.promop.Name, "--operator: name of each member's Prometheus")
	fl.StringVar(&f.secretName, "objstore-secret", "thanos-objstore", "--operator: Secret holding objstore.yml on every member")
	fl.StringVar(&f.secretKey, "objstore-secret-key", "objstore.yml", "--operator: key of objstore.yml in that Secret")
	fl.StringSliceVar(&f.canaries, "canary", nil, "plan rollout SLO rules for canary NAMESPACE/NAME (repeatable); with --provider nginx NAMESPACE/NAME=INGRESS, the canary ingress its rules select")
	fl.StringVar((*string)(&f.slo.Provider), "provider", string(f.slo.Provider), "mesh or ingress of the canaries: istio or nginx")
	fl.Float64Var(&f.slo.MinSuccessRate, "min-success-rate", f.slo.MinSuccessRate, "alert when a canary's success rate (%) falls below this")
	fl.DurationVar(&f.slo.MaxLatency, "max-latency", f.slo.MaxLatency, "alert when a canary's latency rises above this")
}

func (f *observePlanFlags) run(w io.Writer) error {
	fl, err := loadFleet(f.file, f.sample)
	if err != nil {
		return err
	}
	f.opts.ExtraLabels, f.opts.MemberLabels = f.extraLabels, f.memberLabels
	if f.s3 != (stack.S3Storage{}) {
		f.opts.Storage = stack.Storage{Type: stack.S3, S3: f.s3}
	}
	plan, err := stack.New(fl, f.opts)
	if err != nil {
		return err
	}
	canaries, err := f.canarySLOs()
	if err != nil {
		return err
	}
	if f.operator {
		return f.printOperator(w, plan, canaries)
	}
	return printPlan(w, f.format, plan, canaries)
}

// canarySLOs turns --canary NAMESPACE/NAME[=INGRESS] values into SLOs with the shared bounds.
func (f *observePlanFlags) canarySLOs() ([]stack.CanarySLO, error) {
	out := make([]stack.CanarySLO, 0, len(f.canaries))
	for _, c := range f.canaries {
		ref, ingress, _ := strings.Cut(c, "=")
		ns, name, ok := strings.Cut(ref, "/")
		if !ok {
			return nil, fmt.Errorf("--canary %q: want NAMESPACE/NAME, or NAMESPACE/NAME=INGRESS with --provider nginx", c)
		}
		slo := f.slo
		slo.Namespace, slo.Name, slo.Ingress = ns, name, ingress
		out = append(out, slo)
	}
	return out, nil
}

func printPlan(w io.Writer, format string, plan *stack.Plan, canaries []stack.CanarySLO) error {
	doc := planOutput{Plan: plan, Files: plan.Files()}
	if len(canaries) > 0 {
		groups, err := stack.RolloutRules(canaries)
		if err != nil {
			return err
		}
		doc.Rules = groups
		doc.Files = append(doc.Files, stack.File{Path: "rules/rollout-slo.yml", Content: string(stack.RuleFile(groups))})
	}
	return printOutput(w, format, doc, func(w io.Writer) error { return planTable(w, doc) })
}

// planTable prints one row per member, then the storage, the Querier and the files.
func planTable(w io.Writer, doc planOutput) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CLUSTER\tREPLICAS\tEXTERNAL LABELS\tSIDECARS")
	for _, m := range doc.Plan.Members {
		addrs := make([]string, len(m.Replicas))
		for i, r := range m.Replicas {
			addrs[i] = r.SidecarAddress
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", m.Cluster, len(m.Replicas), m.ExternalLabels, strings.Join(addrs, ","))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nobject storage: %s\nquerier: thanos %s\n", storageSummary(doc.Plan.Storage), strings.Join(doc.Plan.Querier.Args, " "))
	for _, g := range doc.Rules {
		fmt.Fprintf(w, "rules: %s (%d rules)\n", g.Name, len(g.Rules))
	}
	if len(doc.Files) > 0 {
		fmt.Fprintln(w, "files:")
	}
	for _, file := range doc.Files {
		fmt.Fprintf(w, "  %s\n", file.Path)
	}
	return nil
}

func storageSummary(s stack.Storage) string {
	if s.Type == stack.S3 {
		return fmt.Sprintf("S3 bucket %s at %s", s.S3.Bucket, s.S3.Endpoint)
	}
	return fmt.Sprintf("%s %s", s.Type, s.Directory)
}

// printOperator prints the prometheus-operator objects: a Prometheus per member, a PrometheusRule per
// canary.
func (f *observePlanFlags) printOperator(w io.Writer, plan *stack.Plan, canaries []stack.CanarySLO) error {
	opts := f.promop
	opts.ObjectStorageSecret = corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: f.secretName}, Key: f.secretKey}
	members, err := promop.Prometheuses(plan, opts)
	if err != nil {
		return err
	}
	rules, err := promop.PrometheusRules(canaries)
	if err != nil {
		return err
	}
	objs := make([]runtime.Object, 0, len(members)+len(rules))
	for _, m := range members {
		objs = append(objs, m.Prometheus)
	}
	for _, r := range rules {
		objs = append(objs, r)
	}
	return printObjects(w, f.format, objs, func(w io.Writer) error {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KIND\tNAMESPACE/NAME\tCLUSTER\tREPLICAS\tEXTERNAL LABELS")
		for _, m := range members {
			p := m.Prometheus
			fmt.Fprintf(tw, "Prometheus\t%s/%s\t%s\t%d\t%s\n", p.Namespace, p.Name, m.Cluster, *p.Spec.Replicas, stack.Labels(p.Spec.ExternalLabels))
		}
		for _, r := range rules {
			fmt.Fprintf(tw, "PrometheusRule\t%s/%s\t(every member)\t-\t-\n", r.Namespace, r.Name)
		}
		return tw.Flush()
	})
}
