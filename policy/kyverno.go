package policy

import (
	"fmt"
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
	Name     string          `json:"name"`
	Match    kyvernoMatch    `json:"match"`
	Validate kyvernoValidate `json:"validate"`
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

// CompileKyverno validates p and compiles it to a Kyverno ClusterPolicy (Kyverno 1.13 or newer) with one
// validate.cel rule per FleetPolicy rule and kind group, so that PolicyReports name the rule. Enforce maps to
// failureAction Enforce; Audit and Warn map to Audit with emitWarning, Kyverno having no warn-only action.
//
// A custom CEL rule is compiled only for the kinds whose schemas it type-checks against (its Kyverno rules
// match only those kinds); Compile returns warnings naming the others.
func CompileKyverno(p FleetPolicy) (*unstructured.Unstructured, error) {
	cp, _, err := compileKyverno(p)
	return cp, err
}

func compileKyverno(p FleetPolicy) (*unstructured.Unstructured, []Warning, error) {
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	plan, err := planCustomRules(p)
	if err != nil {
		return nil, nil, err
	}
	var rules []kyvernoRule
	for _, g := range kindGroups() {
		checks, err := generateChecks(p, g, plan, true)
		if err != nil {
			return nil, nil, err
		}
		rules = append(rules, kyvernoRules(p, g, checks)...)
	}
	cp, err := kyvernoPolicy(p, rules)
	return cp, plan.warnings, err
}

// kyvernoPolicy is the ClusterPolicy object holding rules.
func kyvernoPolicy(p FleetPolicy, rules []kyvernoRule) (*unstructured.Unstructured, error) {
	spec := map[string]any{"background": true, "emitWarning": p.Spec.Action != ActionEnforce}
	rulesMap, err := toMap(map[string]any{"rules": rules})
	if err != nil {
		return nil, err
	}
	spec["rules"] = rulesMap["rules"]
	meta := objectMeta(p, p.Metadata.Name)
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
// rule named "<index>-<rule>-<group>".
func kyvernoRules(p FleetPolicy, g kindGroup, checks []check) []kyvernoRule {
	action := "Audit"
	if p.Spec.Action == ActionEnforce {
		action = "Enforce"
	}
	var out []kyvernoRule
	for i, c := range checks {
		if i > 0 && checks[i-1].ruleIndex == c.ruleIndex {
			last := &out[len(out)-1]
			last.Validate.CEL.Expressions = append(last.Validate.CEL.Expressions, c.plainValidation())
			continue
		}
		kinds := append([]string(nil), g.kinds...)
		if len(c.kinds) > 0 {
			kinds = append([]string(nil), c.kinds...)
		}
		if g.suffix == "pods" {
			kinds = append(kinds, "Pod/ephemeralcontainers")
		}
		out = append(out, kyvernoRule{
			Name: fmt.Sprintf("%02d-%s-%s", c.ruleIndex, kebab(string(c.rule)), g.suffix),
			Match: kyvernoMatch{Any: []kyvernoFilter{{Resources: kyvernoResources{
				Kinds: kinds, Operations: []string{"CREATE", "UPDATE"}, NamespaceSelector: p.Spec.Namespaces,
			}}}},
			Validate: kyvernoValidate{FailureAction: action, CEL: kyvernoCEL{
				Variables: g.variables(), Expressions: []admissionregistrationv1.Validation{c.plainValidation()},
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
