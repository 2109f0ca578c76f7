package policy

import (
	"fmt"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// ConditionNotTerminating names the match condition of every compiled ValidatingAdmissionPolicy that skips
// UPDATEs of an object being deleted (its finalizers being removed by the garbage collector or a
// controller): what a terminating object carries is not judged again.
const ConditionNotTerminating = "fleetkit-not-terminating"

// VariableUnchanged names the variable of every compiled ValidatingAdmissionPolicy that holds on an UPDATE
// changing nothing the built-in rules read. Each built-in rule's validation holds when it does, so that
// controllers can still scale down, relabel or release objects admitted before the policy (or before a rule
// changed). Custom CEL rules may read anything, oldObject included: they judge every UPDATE.
const VariableUnchanged = "fleetkitUnchanged"

const appArmorPrefix = "container.apparmor.security.beta.kubernetes.io/"

const isUpdate = "request.operation == 'UPDATE' && request.?subResource.orValue('') == ''"

// oldPath is the oldObject twin of a CEL path under object.
func oldPath(path string) string { return "oldObject" + strings.TrimPrefix(path, "object") }

// notTerminating is the match condition named ConditionNotTerminating: CREATEs and subresource requests
// (ephemeral containers) always match, an UPDATE only when the old object is not being deleted.
func notTerminating() admissionregistrationv1.MatchCondition {
	return admissionregistrationv1.MatchCondition{
		Name: ConditionNotTerminating,
		Expression: "request.operation != 'UPDATE' || request.?subResource.orValue('') != '' || " +
			"!has(oldObject.metadata.deletionTimestamp)",
	}
}

// unchanged is the variable named VariableUnchanged for g's built-in checks: an UPDATE of the object (not of
// a subresource) that leaves alone the pod spec, the labels requireLabels lists (on the object and its
// templates) and the AppArmor annotations podSecurity reads.
func unchanged(p FleetPolicy, g kindGroup, checks []check) admissionregistrationv1.Variable {
	var keys []string
	seen := map[string]bool{}
	podSecurity := false
	for _, c := range checks {
		switch c.rule {
		case RulePodSecurity:
			podSecurity = true
		case RuleRequireLabels:
			for _, k := range p.Spec.Rules[c.ruleIndex].RequireLabels.Keys {
				if !seen[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
	}
	same := []string{fmt.Sprintf("%s == %s", g.podSpec, oldPath(g.podSpec))}
	if len(keys) > 0 {
		metas := []string{"object.metadata"}
		for _, m := range []string{g.jobTemplateMeta, g.templateMeta} {
			if m != "" {
				metas = append(metas, m)
			}
		}
		for _, m := range metas {
			same = append(same, fmt.Sprintf("%s.all(k, %s.?labels[?k] == %s.?labels[?k])", celList(keys), m, oldPath(m)))
		}
	}
	if podSecurity {
		m := "object.metadata"
		if g.templateMeta != "" {
			m = g.templateMeta
		}
		same = append(same, fmt.Sprintf("%s.?annotations.orValue({}).all(k, !k.startsWith(%s) || "+
			"%s.?annotations[?k] == %s.?annotations[?k])", m, celString(appArmorPrefix), m, oldPath(m)))
	}
	return admissionregistrationv1.Variable{Name: VariableUnchanged, Expression: isUpdate + " && " + strings.Join(same, " && ")}
}

// skipUnchanged makes a built-in check's validation hold on an UPDATE that changes nothing it reads.
func skipUnchanged(v admissionregistrationv1.Validation) admissionregistrationv1.Validation {
	v.Expression = "variables." + VariableUnchanged + " || (" + v.Expression + ")"
	return v
}
