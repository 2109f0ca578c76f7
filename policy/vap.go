package policy

import (
	"encoding/json"
	"fmt"
	"maps"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Labels and annotations fleetkit puts on compiled objects.
const (
	// LabelManagedBy marks every compiled object as fleetkit's.
	LabelManagedBy = "app.kubernetes.io/managed-by"
	// LabelPolicy carries the FleetPolicy name on every compiled object.
	LabelPolicy = "policy.fleetkit.dev/policy"
	// AnnotationRules is a JSON list on each ValidatingAdmissionPolicy naming the rule kind of each validation,
	// index for index, so that violations can be reported by rule.
	AnnotationRules = "policy.fleetkit.dev/rules"
)

// VAPSet is the ValidatingAdmissionPolicy target of one FleetPolicy: a policy and a binding per kind group
// (pods, pod-template workloads, CronJobs), index for index.
//
// Each binding repeats its policy's resource rules in its matchResources. On an API server that changes
// nothing (a binding only ever matches within its policy's matchConstraints; policy/eval's integration test
// holds every verdict equal with and without the copy), and it lets Kyverno CLI (v1.19), which reads only the
// binding offline, judge each kind by its own policy. Kyverno CLI also ignores validationActions: it reports
// every failed validation of an Audit or Warn FleetPolicy as a failure where the API server admits the
// object (with a warning), so read `kyverno apply` results for such policies as reports, not verdicts.
//
// A kind group none of whose rules applies to it (a policy of custom rules written for Deployments only
// has nothing for Pods and CronJobs) gets no policy and no binding.
type VAPSet struct {
	Policies []admissionregistrationv1.ValidatingAdmissionPolicy
	Bindings []admissionregistrationv1.ValidatingAdmissionPolicyBinding
	// Warnings name the kinds custom CEL rules are not compiled for, because they do not type-check
	// against those kinds' schemas.
	Warnings []Warning
}

// ValidationActions maps a FleetPolicy action to binding validationActions: Enforce → [Deny],
// Audit → [Audit, Warn], Warn → [Warn].
func ValidationActions(a Action) ([]admissionregistrationv1.ValidationAction, error) {
	switch a {
	case ActionEnforce:
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny}, nil
	case ActionAudit:
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit, admissionregistrationv1.Warn}, nil
	case ActionWarn:
		return []admissionregistrationv1.ValidationAction{admissionregistrationv1.Warn}, nil
	}
	return nil, invalid("spec.action", "must be Enforce, Audit or Warn, got %q", a)
}

// CompileVAP validates p and compiles it to ValidatingAdmissionPolicies and bindings. Every field the API
// server would default is set explicitly, so the objects mean the same offline as in a cluster. Every CEL
// expression is type-checked; an invalid one is a *ValidationError naming its rule. A custom CEL rule is
// compiled only for the kinds whose schemas it type-checks against; VAPSet.Warnings names the others.
func CompileVAP(p FleetPolicy) (VAPSet, error) {
	return compileVAP(p, true)
}

// CompileVAPUnchecked is CompileVAP without type-checking the generated CEL expressions, for a caller that
// checks every expression itself in an environment at least as strict: policy/eval compiles each one once,
// in kube-apiserver's own environment, and calls CompileVAP only to explain an expression it refuses.
// Custom CEL rules are still type-checked against the schema of every kind: that decides where they are
// compiled, so both functions return the same objects.
func CompileVAPUnchecked(p FleetPolicy) (VAPSet, error) {
	return compileVAP(p, false)
}

func compileVAP(p FleetPolicy, typeCheck bool) (VAPSet, error) {
	if err := p.Validate(); err != nil {
		return VAPSet{}, err
	}
	actions, err := ValidationActions(p.Spec.Action)
	if err != nil {
		return VAPSet{}, err
	}
	plan, err := planCustomRules(p)
	if err != nil {
		return VAPSet{}, err
	}
	set := VAPSet{Warnings: plan.warnings}
	for _, g := range kindGroups() {
		checks, err := generateChecks(p, g, plan, typeCheck)
		if err != nil {
			return VAPSet{}, err
		}
		if len(checks) == 0 {
			continue
		}
		vap, err := buildVAP(p, g, checks)
		if err != nil {
			return VAPSet{}, err
		}
		set.Policies = append(set.Policies, vap)
		set.Bindings = append(set.Bindings, buildBinding(p, vap, actions))
	}
	if len(set.Policies) == 0 {
		return VAPSet{}, invalid("spec.rules", "compiled to no validations")
	}
	return set, nil
}

func buildVAP(p FleetPolicy, g kindGroup, checks []check) (admissionregistrationv1.ValidatingAdmissionPolicy, error) {
	validations := make([]admissionregistrationv1.Validation, len(checks))
	rules := make([]RuleKind, len(checks))
	for i, c := range checks {
		validations[i] = c.validation()
		if c.rule != RuleCEL {
			validations[i] = skipUnchanged(validations[i])
		}
		rules[i] = c.rule
	}
	ruleJSON, err := json.Marshal(rules)
	if err != nil {
		return admissionregistrationv1.ValidatingAdmissionPolicy{}, fmt.Errorf("policy: encode rules: %w", err)
	}
	fail := admissionregistrationv1.Fail
	equivalent := admissionregistrationv1.Equivalent
	vap := admissionregistrationv1.ValidatingAdmissionPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicy"},
		ObjectMeta: objectMeta(p, p.Metadata.Name+"-"+g.suffix),
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: &fail,
			MatchConstraints: &admissionregistrationv1.MatchResources{
				NamespaceSelector: &metav1.LabelSelector{},
				ObjectSelector:    &metav1.LabelSelector{},
				ResourceRules:     g.resources,
				MatchPolicy:       &equivalent,
			},
			MatchConditions: []admissionregistrationv1.MatchCondition{notTerminating()},
			Variables:       append(g.variables(), unchanged(p, g, checks)),
			Validations:     validations,
		},
	}
	vap.Annotations[AnnotationRules] = string(ruleJSON)
	return vap, nil
}

// buildBinding binds vap with the FleetPolicy's namespaces. The binding repeats the policy's resource rules:
// on an API server a binding only ever matches within its policy's matchConstraints, so the copy changes
// nothing there, while Kyverno CLI (v1.19) reads only the binding's matchResources when it applies
// ValidatingAdmissionPolicies offline and would otherwise judge every kind by every policy.
func buildBinding(p FleetPolicy, vap admissionregistrationv1.ValidatingAdmissionPolicy, actions []admissionregistrationv1.ValidationAction) admissionregistrationv1.ValidatingAdmissionPolicyBinding {
	namespaces := &metav1.LabelSelector{}
	if p.Spec.Namespaces != nil {
		namespaces = p.Spec.Namespaces.DeepCopy()
	}
	rules := make([]admissionregistrationv1.NamedRuleWithOperations, len(vap.Spec.MatchConstraints.ResourceRules))
	for i := range rules {
		vap.Spec.MatchConstraints.ResourceRules[i].DeepCopyInto(&rules[i])
	}
	equivalent := admissionregistrationv1.Equivalent
	return admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		TypeMeta:   metav1.TypeMeta{APIVersion: admissionregistrationv1.SchemeGroupVersion.String(), Kind: "ValidatingAdmissionPolicyBinding"},
		ObjectMeta: objectMeta(p, vap.Name),
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        vap.Name,
			ValidationActions: append([]admissionregistrationv1.ValidationAction(nil), actions...),
			MatchResources: &admissionregistrationv1.MatchResources{
				NamespaceSelector: namespaces,
				ObjectSelector:    &metav1.LabelSelector{},
				ResourceRules:     rules,
				MatchPolicy:       &equivalent,
			},
		},
	}
}

// objectMeta names a compiled object and carries the policy's labels and annotations plus fleetkit's own.
func objectMeta(p FleetPolicy, name string) metav1.ObjectMeta {
	labels := map[string]string{}
	for k, v := range p.Metadata.Labels {
		labels[k] = v
	}
	maps.Copy(labels, CompiledLabels(p.Metadata.Name))
	annotations := map[string]string{}
	for k, v := range p.Metadata.Annotations {
		annotations[k] = v
	}
	return metav1.ObjectMeta{Name: name, Labels: labels, Annotations: annotations}
}

// generateChecks compiles every rule for group g, custom rules only for the kinds plan has them type-check
// against, and with typeCheck type-checks each generated expression, so that a bad expression is reported
// against its rule here rather than as a policy that fails every request.
func generateChecks(p FleetPolicy, g kindGroup, plan customRulePlan, typeCheck bool) ([]check, error) {
	var out []check
	for i, r := range p.Spec.Rules {
		field := fmt.Sprintf("spec.rules[%d].%s", i, r.Kind())
		var kinds []string
		if cover, ok := plan.cover[i]; ok {
			covered, all := cover.kindsIn(g)
			if len(covered) == 0 {
				continue
			}
			if !all {
				kinds = covered
			}
		}
		for _, c := range r.checks(g) {
			c.ruleIndex = i
			c.kinds = kinds
			if c.rule != RuleCEL {
				c = g.inline(c)
			}
			if !typeCheck {
				out = append(out, c)
				continue
			}
			if err := checkCEL(c.validation().Expression, boolResult); err != nil {
				return nil, invalidRule(field, c.rule, "expression for %s: %v", g.suffix, err)
			}
			if c.messageExpression == "" {
				out = append(out, c)
				continue
			}
			if err := checkCEL(c.messageExpression, stringResult); err != nil {
				return nil, invalidRule(field, c.rule, "messageExpression for %s: %v", g.suffix, err)
			}
			out = append(out, c)
		}
	}
	return out, nil
}
