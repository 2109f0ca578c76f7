package policy

import (
	"fmt"
	"slices"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Kyverno identifiers. fleetkit builds Kyverno objects as unstructured data following Kyverno's published
// kyverno.io/v1 schema instead of importing Kyverno's Go module.
const (
	KyvernoAPIVersion = "kyverno.io/v1"
	KyvernoKind       = "ClusterPolicy"
	// kyvernoAutogen disables Kyverno's rule generation for pod controllers: the compiled rules already match
	// every pod-bearing kind with the right pod-spec path.
	kyvernoAutogen = "pod-policies.kyverno.io/autogen-controllers"
)

// kyvernoRule is one Kyverno ClusterPolicy rule: a match on kinds and a validate.cel block whose variables and
// expressions have the shape of a VAP's.
type kyvernoRule struct {
	Name             string                                   `json:"name"`
	Match            kyvernoMatch                             `json:"match"`
	CELPreconditions []admissionregistrationv1.MatchCondition `json:"celPreconditions,omitempty"`
	Validate         kyvernoValidate                          `json:"validate"`
}

type kyvernoMatch struct {
	Any []kyvernoFilter `json:"any"`
}

type kyvernoFilter struct {
	Resources kyvernoResources `json:"resources"`
}

type kyvernoResources struct {
	Kinds             []string              `json:"kinds"`
	Operations        []string              `json:"operations"`
	NamespaceSelector *metav1.LabelSelector `json:"namespaceSelector,omitempty"`
}

type kyvernoValidate struct {
	FailureAction string     `json:"failureAction"`
	CEL           kyvernoCEL `json:"cel"`
}

type kyvernoCEL struct {
	Variables   []admissionregistrationv1.Variable   `json:"variables"`
	Expressions []admissionregistrationv1.Validation `json:"expressions"`
}

// CompileKyverno validates p and compiles it to Kyverno ClusterPolicies (Kyverno 1.13 or newer) with one
// validate.cel rule per FleetPolicy rule and kind group, so that PolicyReports name the rule. Enforce maps to
// failureAction Enforce; Audit and Warn map to Audit with emitWarning, Kyverno having no warn-only action.
//
// The first ClusterPolicy, named as p, has background scans on and matches Pods, pod-template workloads and
// CronJobs. The pod rules are repeated for the pods/ephemeralcontainers subresource in a second one,
// "<name>-ephemeral", with background false: Kyverno's policy webhook refuses a validation policy that
// scans in the background and matches a subresource ("background scan enabled with subresource"), and a
// background scan sees the ephemeral containers of stored pods through the Pod rules anyway.
//
// Rules name the kinds of a named API group with it ("apps/v1/Deployment", "batch/v1/Job"): Kyverno matches
// a bare kind in every API group, and Volcano's batch.volcano.sh Job, which has no pod template, would fail
// every rule and be blocked.
//
// A custom CEL rule is compiled only for the kinds whose schemas it type-checks against (its Kyverno rules
// match only those kinds); Compile returns warnings naming the others.
func CompileKyverno(p FleetPolicy) ([]*unstructured.Unstructured, error) {
	cps, _, err := compileKyverno(p)
	return cps, err
}

// kyvernoEphemeralSuffix names the ClusterPolicy of the pods/ephemeralcontainers subresource.
const kyvernoEphemeralSuffix = "-ephemeral"

// maxKyvernoName is the longest ClusterPolicy name Kyverno admits: it labels policy reports with it.
const maxKyvernoName = 63

// checkKyvernoName refuses a policy name whose ephemeral-container ClusterPolicy Kyverno would refuse
// (too long) or which would be another FleetPolicy's ephemeral-container ClusterPolicy: policies "a"
// and "a-ephemeral" would both write the ClusterPolicy "a-ephemeral".
func checkKyvernoName(name string) error {
	switch {
	case strings.HasSuffix(name, kyvernoEphemeralSuffix):
		return invalid("metadata.name", "%q ends in %q, which the Kyverno target reserves for a policy's ephemeral-container ClusterPolicy",
			name, kyvernoEphemeralSuffix)
	case len(name)+len(kyvernoEphemeralSuffix) > maxKyvernoName:
		return invalid("metadata.name", "%q is longer than %d characters: with %q, its ephemeral-container ClusterPolicy would exceed Kyverno's %d",
			name, maxKyvernoName-len(kyvernoEphemeralSuffix), kyvernoEphemeralSuffix, maxKyvernoName)
	}
	return nil
}

func compileKyverno(p FleetPolicy) ([]*unstructured.Unstructured, []Warning, error) {
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	if err := checkKyvernoName(p.Metadata.Name); err != nil {
		return nil, nil, err
	}
	plan, err := planCustomRules(p)
	if err != nil {
		return nil, nil, err
	}
	var rules, ephemeral []kyvernoRule
	for _, g := range kindGroups() {
		checks, err := generateChecks(p, g, plan, true)
		if err != nil {
			return nil, nil, err
		}
		rules = append(rules, kyvernoRules(p, g, checks, "")...)
		if g.suffix == "pods" {
			ephemeral = append(ephemeral, kyvernoRules(p, g, checks, "ephemeralcontainers")...)
		}
	}
	cp, err := kyvernoPolicy(p, p.Metadata.Name, true, rules)
	if err != nil {
		return nil, nil, err
	}
	out := []*unstructured.Unstructured{cp}
	if len(ephemeral) > 0 {
		ecp, err := kyvernoPolicy(p, p.Metadata.Name+kyvernoEphemeralSuffix, false, ephemeral)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, ecp)
	}
	return out, plan.warnings, nil
}

// kyvernoPolicy is the ClusterPolicy object named name holding rules. A ClusterPolicy whose rules match a
// subresource must not scan in the background: Kyverno refuses it.
func kyvernoPolicy(p FleetPolicy, name string, background bool, rules []kyvernoRule) (*unstructured.Unstructured, error) {
	spec := map[string]any{"background": background, "emitWarning": p.Spec.Action != ActionEnforce}
	rulesMap, err := toMap(map[string]any{"rules": rules})
	if err != nil {
		return nil, err
	}
	spec["rules"] = rulesMap["rules"]
	meta := objectMeta(p, name)
	meta.Annotations[kyvernoAutogen] = "none"
	metaMap, err := toMap(meta)
	if err != nil {
		return nil, err
	}
	delete(metaMap, "creationTimestamp")
	return &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": KyvernoAPIVersion, "kind": KyvernoKind, "metadata": metaMap, "spec": spec,
	}}, nil
}

// kyvernoRules groups the checks of consecutive validations of the same FleetPolicy rule into one Kyverno
// rule named "<index>-<rule>-<group>", matching the kinds of g or, with subresource set, that subresource of
// each ("Pod/ephemeralcontainers", rule name "<index>-<rule>-<group>-<subresource>").
//
// Rules on the kinds themselves skip UPDATEs as the ValidatingAdmissionPolicies do (notTerminating, unchanged):
// a celPrecondition skips objects being deleted, and built-in checks hold on an UPDATE that changes nothing
// they read. Kyverno hands CEL no subresource, so rules on a subresource (ephemeral containers) judge every
// request.
func kyvernoRules(p FleetPolicy, g kindGroup, checks []check, subresource string) []kyvernoRule {
	action := "Audit"
	if p.Spec.Action == ActionEnforce {
		action = "Enforce"
	}
	suffix := g.suffix
	if subresource != "" {
		suffix += "-" + subresource
	}
	variables := g.variables()
	var preconditions []admissionregistrationv1.MatchCondition
	if subresource == "" {
		variables = append(variables, unchanged(p, g, checks))
		preconditions = []admissionregistrationv1.MatchCondition{notTerminating()}
	}
	validation := func(c check) admissionregistrationv1.Validation {
		v := c.plainValidation()
		if subresource == "" && c.rule != RuleCEL {
			v = skipUnchanged(v)
		}
		return v
	}
	var out []kyvernoRule
	for i, c := range checks {
		if i > 0 && checks[i-1].ruleIndex == c.ruleIndex {
			last := &out[len(out)-1]
			last.Validate.CEL.Expressions = append(last.Validate.CEL.Expressions, validation(c))
			continue
		}
		kinds := g.kinds
		if len(c.kinds) > 0 {
			kinds = c.kinds
		}
		kinds = g.kyvernoKinds(kinds, subresource)
		out = append(out, kyvernoRule{
			Name: fmt.Sprintf("%02d-%s-%s", c.ruleIndex, kebab(string(c.rule)), suffix),
			Match: kyvernoMatch{Any: []kyvernoFilter{{Resources: kyvernoResources{
				Kinds: kinds, Operations: []string{"CREATE", "UPDATE"}, NamespaceSelector: p.Spec.Namespaces,
			}}}},
			CELPreconditions: preconditions,
			Validate: kyvernoValidate{FailureAction: action, CEL: kyvernoCEL{
				Variables: variables, Expressions: []admissionregistrationv1.Validation{validation(c)},
			}},
		})
	}
	return out
}

// kebab turns a rule kind ("disallowLatestTag") into a Kyverno rule name part ("disallow-latest-tag").
func kebab(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('-')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// kyvernoKinds returns the Kyverno match.resources.kinds selectors of kinds (names of g's kinds), each of
// subresource when it is set. Kyverno matches a selector without a group in every API group, so "Job"
// would also select Volcano's batch.volcano.sh Job, which has no pod template: the rule would fail on it
// with a CEL error, and Kyverno's default failurePolicy Fail would block every such Job. Kinds of a named
// API group are therefore written "group/version/Kind"; the core group has no name in Kyverno's
// selectors, so Pod stays "Pod" (a subresource of Pod, "Pod/ephemeralcontainers").
func (g kindGroup) kyvernoKinds(kinds []string, subresource string) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = k
		if j := slices.Index(g.kinds, k); j >= 0 && g.gvks[j].Group != "" {
			out[i] = g.gvks[j].GroupVersion().String() + "/" + k
		}
		if subresource != "" {
			out[i] += "/" + subresource
		}
	}
	return out
}
