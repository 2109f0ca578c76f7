package policy

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Validate reports every invalid field of the policy as *ValidationError values joined with errors.Join, in a
// deterministic order. Custom CEL rules are parsed and type-checked here.
func (p FleetPolicy) Validate() error {
	var errs []error
	if p.APIVersion != APIVersion {
		errs = append(errs, invalid("apiVersion", "must be %s, got %q", APIVersion, p.APIVersion))
	}
	if p.Kind != Kind {
		errs = append(errs, invalid("kind", "must be %s, got %q", Kind, p.Kind))
	}
	for _, msg := range validation.IsDNS1123Label(p.Metadata.Name) {
		errs = append(errs, invalid("metadata.name", "%s", msg))
	}
	errs = append(errs, validateMetaMaps(p.Metadata)...)
	errs = append(errs, p.Spec.validate()...)
	return errors.Join(errs...)
}

func (s FleetPolicySpec) validate() []error {
	var errs []error
	switch s.Action {
	case ActionEnforce, ActionAudit, ActionWarn:
	default:
		errs = append(errs, invalid("spec.action", "must be Enforce, Audit or Warn, got %q", s.Action))
	}
	errs = append(errs, validateSelector("spec.clusters", s.Clusters)...)
	errs = append(errs, validateSelector("spec.namespaces", s.Namespaces)...)
	if len(s.Rules) == 0 {
		errs = append(errs, invalid("spec.rules", "a policy needs at least one rule"))
	}
	for i, r := range s.Rules {
		errs = append(errs, r.validate(fmt.Sprintf("spec.rules[%d]", i))...)
	}
	return errs
}

func validateSelector(field string, sel *metav1.LabelSelector) []error {
	if sel == nil {
		return nil
	}
	if _, err := metav1.LabelSelectorAsSelector(sel); err != nil {
		return []error{invalid(field, "%v", err)}
	}
	return nil
}

func (r Rule) validate(field string) []error {
	kinds := r.Kinds()
	switch len(kinds) {
	case 0:
		return []error{invalid(field, "a rule must set one of: %s", knownRuleList())}
	case 1:
	default:
		return []error{invalid(field, "a rule sets exactly one kind, got %v", kinds)}
	}
	field += "." + string(kinds[0])
	switch kinds[0] {
	case RuleRestrictImageRegistries:
		return r.RestrictImageRegistries.validate(field)
	case RuleRequireLabels:
		return r.RequireLabels.validate(field)
	case RulePodSecurity:
		return r.PodSecurity.validate(field)
	case RuleCEL:
		return r.CEL.validate(field)
	}
	return nil
}

func (r *RestrictImageRegistries) validate(field string) []error {
	if len(r.Allowed) == 0 {
		return []error{invalidRule(field+".allowed", RuleRestrictImageRegistries,
			"at least one allowed registry prefix is required (an empty list would deny every image)")}
	}
	var errs []error
	for i, prefix := range r.Allowed {
		if reason := registryPrefixProblem(prefix); reason != "" {
			errs = append(errs, invalidRule(fmt.Sprintf("%s.allowed[%d]", field, i), RuleRestrictImageRegistries,
				"%q %s", prefix, reason))
		}
	}
	return errs
}

// registryPrefixProblem explains why prefix cannot be an allowed registry prefix, or returns "".
func registryPrefixProblem(prefix string) string {
	switch {
	case !strings.HasSuffix(prefix, "/"):
		return `must end with "/" so that "registry.corp.example/" cannot admit "registry.corp.example.evil.io/..."`
	case strings.ContainsAny(prefix, " \t\r\n@"):
		return "must not contain whitespace or '@'"
	case !isRegistryHost(strings.SplitN(prefix, "/", 2)[0]):
		return `must start with a registry host such as "docker.io/" (images are compared fully qualified)`
	}
	return ""
}

func (r *RequireLabels) validate(field string) []error {
	if len(r.Keys) == 0 {
		return []error{invalidRule(field+".keys", RuleRequireLabels, "at least one label key is required")}
	}
	var errs []error
	seen := map[string]bool{}
	for i, k := range r.Keys {
		f := fmt.Sprintf("%s.keys[%d]", field, i)
		for _, msg := range validation.IsQualifiedName(k) {
			errs = append(errs, invalidRule(f, RuleRequireLabels, "%q: %s", k, msg))
		}
		if seen[k] {
			errs = append(errs, invalidRule(f, RuleRequireLabels, "duplicate key %q", k))
		}
		seen[k] = true
	}
	return errs
}

func (r *PodSecurity) validate(field string) []error {
	switch r.Level {
	case LevelBaseline, LevelRestricted:
		return nil
	}
	return []error{invalidRule(field+".level", RulePodSecurity, "must be baseline or restricted, got %q", r.Level)}
}

func (r *CELRule) validate(field string) []error {
	var errs []error
	if strings.TrimSpace(r.Expression) == "" {
		errs = append(errs, invalidRule(field+".expression", RuleCEL, "an expression is required"))
	} else if err := checkCEL(r.Expression, boolResult); err != nil {
		errs = append(errs, invalidRule(field+".expression", RuleCEL, "%v", err))
	}
	if r.MessageExpression != "" {
		if err := checkCEL(r.MessageExpression, stringResult); err != nil {
			errs = append(errs, invalidRule(field+".messageExpression", RuleCEL, "%v", err))
		}
	}
	if len(errs) == 0 {
		errs = r.validateKinds(field)
	}
	if strings.ContainsAny(r.Message, "\r\n") {
		errs = append(errs, invalidRule(field+".message", RuleCEL, "must be a single line"))
	}
	return errs
}

// sortedJoin joins errs in message order, so that errors found while ranging over maps are deterministic.
func sortedJoin(errs []error) error {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
	return errors.Join(errs...)
}

func validateMetaMaps(m Metadata) []error {
	var errs []error
	for _, k := range sortedKeys(m.Labels) {
		for _, msg := range validation.IsQualifiedName(k) {
			errs = append(errs, invalid("metadata.labels["+k+"]", "%s", msg))
		}
		for _, msg := range validation.IsValidLabelValue(m.Labels[k]) {
			errs = append(errs, invalid("metadata.labels["+k+"]", "%s", msg))
		}
	}
	for _, k := range sortedKeys(m.Annotations) {
		for _, msg := range validation.IsQualifiedName(k) {
			errs = append(errs, invalid("metadata.annotations["+k+"]", "%s", msg))
		}
	}
	return errs
}
