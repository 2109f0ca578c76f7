package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/google/cel-go/cel"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Warning is a note about a policy that compiled: a custom CEL rule that does not type-check against the
// schema of some kinds is not compiled for them, so those kinds are not checked by that rule.
type Warning struct {
	// Field is the expression at fault: "spec.rules[3].cel.expression" or "...messageExpression".
	Field string
	// Rule is the rule kind ("cel").
	Rule string
	// Kinds are the kinds the rule is not compiled for, as "apps/v1 DaemonSet".
	Kinds []string
	// Reason is the type checker's finding, the same for every kind listed.
	Reason string
}

// String names the field, the kinds and the reason.
func (w Warning) String() string {
	return fmt.Sprintf("policy: %s (rule %s) is not compiled for %s: %s", w.Field, w.Rule,
		strings.Join(w.Kinds, ", "), w.Reason)
}

// kindProblem is why a custom rule does not type-check against one kind.
type kindProblem struct {
	gvk    schema.GroupVersionKind
	field  string
	reason string
}

// coverage is where a custom rule type-checks: the kinds of each kind group it is compiled for.
type coverage map[schema.GroupVersionKind]bool

// kindsIn returns the kind names of g the rule covers, and whether it covers all of them.
func (c coverage) kindsIn(g kindGroup) ([]string, bool) {
	var kinds []string
	for i, gvk := range g.gvks {
		if c[gvk] {
			kinds = append(kinds, g.kinds[i])
		}
	}
	return kinds, len(kinds) == len(g.gvks)
}

// typeCheckKinds type-checks r against the schema of every kind of every kind group. field is the rule's
// path ("spec.rules[3].cel").
func typeCheckKinds(r CELRule, field string) (coverage, []kindProblem, error) {
	envs, err := kindEnvs()
	if err != nil {
		return nil, nil, err
	}
	cover := coverage{}
	var problems []kindProblem
	for _, g := range kindGroups() {
		for _, gvk := range g.gvks {
			if p := checkAgainstKind(envs[gvk], r, field); p != nil {
				p.gvk = gvk
				problems = append(problems, *p)
				continue
			}
			cover[gvk] = true
		}
	}
	return cover, problems, nil
}

// checkAgainstKind returns why r does not type-check in the kind environment env, or nil.
func checkAgainstKind(env *cel.Env, r CELRule, field string) *kindProblem {
	if reason := typeIssues(env, r.Expression, boolResult); reason != "" {
		return &kindProblem{field: field + ".expression", reason: reason}
	}
	if r.MessageExpression == "" {
		return nil
	}
	if reason := typeIssues(env, r.MessageExpression, stringResult); reason != "" {
		return &kindProblem{field: field + ".messageExpression", reason: reason}
	}
	return nil
}

// typeIssues is checkIn with the checker's findings on one line each, positions kept and the source
// excerpt dropped (the field already names the expression).
func typeIssues(env *cel.Env, expr string, want resultType) string {
	ast, iss := env.Compile(expr)
	if iss == nil || iss.Err() == nil {
		if err := resultTypeError(ast.OutputType(), want); err != nil {
			return err.Error()
		}
		return ""
	}
	var out []string
	for _, e := range iss.Errors() {
		out = append(out, fmt.Sprintf("%s (at %d:%d)", e.Message, e.Location.Line(), e.Location.Column()+1))
	}
	return strings.Join(out, "; ")
}

// groupProblems merges the problems with the same field and reason, kinds in kind group order.
func groupProblems(problems []kindProblem) []Warning {
	var out []Warning
	index := map[[2]string]int{}
	for _, p := range problems {
		key := [2]string{p.field, p.reason}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Warning{Field: p.field, Rule: string(RuleCEL), Reason: p.reason})
		}
		out[i].Kinds = append(out[i].Kinds, gvkString(p.gvk))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// validateKinds refuses a custom rule that type-checks against no kind the policy applies to: it could
// only deny (or, under Audit and Warn, report) every object it sees.
func (r *CELRule) validateKinds(field string) []error {
	cover, problems, err := typeCheckKinds(*r, field)
	if err != nil {
		return []error{invalidRule(field, RuleCEL, "%v", err)}
	}
	if len(cover) > 0 {
		return nil
	}
	var errs []error
	for _, w := range groupProblems(problems) {
		errs = append(errs, invalidRule(w.Field, RuleCEL, "type-checks against no kind the policy applies to: %s (%s)",
			w.Reason, strings.Join(w.Kinds, ", ")))
	}
	return errs
}

// customRulePlan is where each custom rule of a policy is compiled, by rule index, and the warnings for
// the kinds each one leaves out.
type customRulePlan struct {
	cover    map[int]coverage
	warnings []Warning
}

// planCustomRules type-checks every custom rule of the validated policy p against every kind.
func planCustomRules(p FleetPolicy) (customRulePlan, error) {
	plan := customRulePlan{cover: map[int]coverage{}}
	for i, r := range p.Spec.Rules {
		if r.CEL == nil {
			continue
		}
		cover, problems, err := typeCheckKinds(*r.CEL, fmt.Sprintf("spec.rules[%d].cel", i))
		if err != nil {
			return customRulePlan{}, err
		}
		plan.cover[i] = cover
		plan.warnings = append(plan.warnings, groupProblems(problems)...)
	}
	return plan, nil
}

// kindGuard restricts expression to the kinds listed: in a policy whose other kinds the custom rule does
// not type-check against, those kinds pass it (and Compile warns about them).
func kindGuard(kinds []string, expression string) string {
	sorted := append([]string(nil), kinds...)
	sort.Strings(sorted)
	return fmt.Sprintf("request.kind.kind in %s ? (%s) : true", celList(sorted), expression)
}
