package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// policyTestOutput is the spec's JSON contract of `fleetctl policy test`.
type policyTestOutput struct {
	Results []policyTestResult `json:"results"`
}

type policyTestResult struct {
	Object     string            `json:"object"`
	Allowed    bool              `json:"allowed"`
	Violations []policyViolation `json:"violations"`
}

type policyViolation struct {
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Compile a FleetPolicy to admission objects and test manifests against it offline",
		Example: "  fleetctl policy compile -f prod.yaml --target vap -o yaml\n" +
			"  fleetctl policy test -f prod.yaml deploy.yaml pod.yaml -o json",
	}
	cmd.AddCommand(newPolicyCompileCmd(), newPolicyTestCmd())
	return cmd
}

func newPolicyCompileCmd() *cobra.Command {
	var file, target, format string
	cmd := &cobra.Command{
		Use:   "compile -f POLICY",
		Short: "Print the objects a FleetPolicy compiles to",
		Long: `compile validates a FleetPolicy (YAML or JSON), type-checks its CEL and prints the objects
it compiles to: ValidatingAdmissionPolicies and bindings (vap), Kyverno ClusterPolicies (kyverno:
the policy, and <name>-ephemeral for ephemeral containers without background scans),
or, for the Karmada control plane (karmada), the VAP objects with bindings that select no object
there (karmada-apiserver would otherwise enforce them on the templates of every cluster), a
ClusterOverridePolicy giving the members' bindings their real selector and a
ClusterPropagationPolicy placing them on the selected clusters, in that order. The policy format is policy.Load's.

Output: -o json and -o yaml print one v1 List of those objects, ready for kubectl apply -f -.`,
		Example: "  fleetctl policy compile -f prod.yaml --target vap -o yaml\n" +
			"  fleetctl policy compile -f prod.yaml --target karmada -o json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := loadPolicyFile(file)
			if err != nil {
				return err
			}
			objs, err := compilePolicy(p, target, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			return printObjects(cmd.OutOrStdout(), format, objs, func(w io.Writer) error { return policyObjectsTable(w, objs) })
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "FleetPolicy file (YAML or JSON, - for stdin)")
	cmd.Flags().StringVar(&target, "target", string(policy.TargetVAP), "vap, kyverno or karmada")
	addOutputFlag(cmd, &format)
	addExample(cmd, "policy compile", "policy.yaml")
	return cmd
}

func newPolicyTestCmd() *cobra.Command {
	var file, format string
	cmd := &cobra.Command{
		Use:   "test -f POLICY MANIFEST...",
		Short: "Evaluate manifests against a FleetPolicy offline, as kube-apiserver would",
		Long: `test compiles the FleetPolicy to ValidatingAdmissionPolicies and evaluates the creation of
every object in the manifests (YAML or JSON, several documents or a kind: List each) with
kube-apiserver's own admission machinery. The manifests are one stream, as kubectl apply -f applies
them: the Namespaces in any of them, with their labels, are what namespace selectors see. It exits
non-zero when any object is denied (reason Denied), so it can gate CI.

Output: -o json and -o yaml print one document, {"results": [{object, allowed, violations: [{rule,
message}]}]}, one result per object in input order; -o jsonl prints one result per line.`,
		Example: "  fleetctl policy test -f prod.yaml deploy.yaml -o json\n" +
			"  fleetctl policy compile --example > policy.yaml",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, manifests []string) error {
			out, err := testManifests(cmd.Context(), file, manifests)
			if err != nil {
				return err
			}
			if err := printItems(cmd.OutOrStdout(), format, out, out.Results, func(w io.Writer) error {
				return policyTestTable(w, out)
			}); err != nil {
				return err
			}
			return deniedError(out)
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "FleetPolicy file (YAML or JSON)")
	addOutputFlag(cmd, &format, formatJSONL)
	addExample(cmd, "policy test", "manifests.yaml")
	return cmd
}

// targetKarmada compiles to the VAP objects as the Karmada control plane holds them (bindings inert there,
// see policy.Placement), the ClusterOverridePolicy giving the members' bindings their real object
// selector, and the ClusterPropagationPolicy placing them on the members the policy selects.
const targetKarmada = "karmada"

// compilePolicy compiles p for target: a policy.Target, or karmada. The compiler's warnings (kinds a custom
// CEL rule is not compiled for) go to warn, one line each.
func compilePolicy(p policy.FleetPolicy, target string, warn io.Writer) ([]runtime.Object, error) {
	compileTarget := policy.Target(target)
	if target == targetKarmada {
		compileTarget = policy.TargetVAP
	}
	objs, err := policy.Compile(p, compileTarget)
	if err != nil {
		return nil, err
	}
	for _, w := range objs.Warnings {
		fmt.Fprintln(warn, "warning:", w)
	}
	if target != targetKarmada {
		return objs.Items, nil
	}
	placement, err := policy.PlacementOf(p, objs)
	if err != nil {
		return nil, err
	}
	cpp, err := karmada.PropagateObjects(placement.Meta, placement.Clusters, placement.Objects...)
	if err != nil {
		return nil, err
	}
	// The override goes before the propagation policy: Karmada builds a member's copy with the
	// overrides it knows when the propagation policy matches, and applied in this order the members
	// never receive the inert bindings.
	out := placement.Objects
	if o := placement.MemberOverride; len(o.Objects) > 0 {
		cop, err := karmada.OverrideObjects(placement.Meta, placement.Clusters, o.Path, o.Value, o.Objects...)
		if err != nil {
			return nil, err
		}
		out = append(out, cop)
	}
	return append(out, cpp), nil
}

func loadPolicyFile(path string) (policy.FleetPolicy, error) {
	data, err := readFile(path)
	if err != nil {
		return policy.FleetPolicy{}, err
	}
	p, err := policy.Load(data)
	if err != nil {
		return policy.FleetPolicy{}, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

func testManifests(ctx context.Context, policyFile string, manifests []string) (policyTestOutput, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	p, err := loadPolicyFile(policyFile)
	if err != nil {
		return policyTestOutput{}, err
	}
	ev, err := eval.ForPolicy(p, eval.Options{})
	if err != nil {
		return policyTestOutput{}, err
	}
	results, err := evaluateFiles(ctx, ev, manifests)
	if err != nil {
		return policyTestOutput{}, err
	}
	out := policyTestOutput{Results: []policyTestResult{}}
	for _, r := range results {
		out.Results = append(out.Results, contractResult(r))
	}
	return out, nil
}

func contractResult(r eval.Result) policyTestResult {
	res := policyTestResult{Object: r.Object, Allowed: r.Allowed, Violations: []policyViolation{}}
	for _, v := range r.Violations {
		res.Violations = append(res.Violations, policyViolation{Rule: v.Rule, Message: v.Message})
	}
	return res
}

func deniedError(out policyTestOutput) error {
	denied := 0
	for _, r := range out.Results {
		if !r.Allowed {
			denied++
		}
	}
	if denied == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d of %d objects", errDenied, denied, len(out.Results))
}

func policyTestTable(w io.Writer, out policyTestOutput) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECT\tVERDICT\tRULE\tMESSAGE")
	for _, r := range out.Results {
		verdict := "allowed"
		if !r.Allowed {
			verdict = "DENIED"
		}
		if len(r.Violations) == 0 {
			fmt.Fprintf(tw, "%s\t%s\t-\t-\n", r.Object, verdict)
		}
		for _, v := range r.Violations {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Object, verdict, v.Rule, v.Message)
		}
	}
	return tw.Flush()
}

func policyObjectsTable(w io.Writer, objs []runtime.Object) error {
	list, err := newObjectList(objs)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "APIVERSION\tKIND\tNAME\tCHECKS")
	for _, item := range list.Items {
		u := unstructured.Unstructured{Object: item}
		checks := "-"
		if v, found, _ := unstructured.NestedSlice(item, "spec", "validations"); found {
			checks = fmt.Sprint(len(v))
		} else if r, found, _ := unstructured.NestedSlice(item, "spec", "rules"); found {
			checks = fmt.Sprintf("%d rules", len(r))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.GetAPIVersion(), u.GetKind(), u.GetName(), checks)
	}
	return tw.Flush()
}
