package policy

// RuleKind names a rule as it is written in YAML; violations and compile errors carry it.
type RuleKind string

// The rule kinds of a FleetPolicy.
const (
	RuleRestrictImageRegistries RuleKind = "restrictImageRegistries"
	RuleRequireRequestsLimits   RuleKind = "requireRequestsLimits"
	RuleDisallowPrivileged      RuleKind = "disallowPrivileged"
	RuleDisallowHostPath        RuleKind = "disallowHostPath"
	RuleRequireLabels           RuleKind = "requireLabels"
	RuleDisallowLatestTag       RuleKind = "disallowLatestTag"
	RuleRequireRunAsNonRoot     RuleKind = "requireRunAsNonRoot"
	RulePodSecurity             RuleKind = "podSecurity"
	RuleCEL                     RuleKind = "cel"
)

// RuleKinds lists every rule kind, in the order the package documentation describes them.
func RuleKinds() []RuleKind {
	return []RuleKind{RuleRestrictImageRegistries, RuleRequireRequestsLimits, RuleDisallowPrivileged,
		RuleDisallowHostPath, RuleRequireLabels, RuleDisallowLatestTag, RuleRequireRunAsNonRoot,
		RulePodSecurity, RuleCEL}
}

// Kinds returns the kinds of the rule's set fields: exactly one for a valid rule.
func (r Rule) Kinds() []RuleKind {
	set := []struct {
		on   bool
		kind RuleKind
	}{
		{r.RestrictImageRegistries != nil, RuleRestrictImageRegistries},
		{r.RequireRequestsLimits != nil, RuleRequireRequestsLimits},
		{r.DisallowPrivileged != nil, RuleDisallowPrivileged},
		{r.DisallowHostPath != nil, RuleDisallowHostPath},
		{r.RequireLabels != nil, RuleRequireLabels},
		{r.DisallowLatestTag != nil, RuleDisallowLatestTag},
		{r.RequireRunAsNonRoot != nil, RuleRequireRunAsNonRoot},
		{r.PodSecurity != nil, RulePodSecurity},
		{r.CEL != nil, RuleCEL},
	}
	var kinds []RuleKind
	for _, s := range set {
		if s.on {
			kinds = append(kinds, s.kind)
		}
	}
	return kinds
}

// Kind returns the rule's kind, or "" when the rule sets no field or more than one.
func (r Rule) Kind() RuleKind {
	if k := r.Kinds(); len(k) == 1 {
		return k[0]
	}
	return ""
}

func knownRuleKind(name string) bool {
	for _, k := range RuleKinds() {
		if string(k) == name {
			return true
		}
	}
	return false
}
