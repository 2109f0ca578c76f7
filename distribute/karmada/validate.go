package karmada

import (
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
)

// validatePlacement reports every part of the input Request cannot read:
// negative replicas, malformed affinities (clusterAffinity, each
// clusterAffinities term, each staticWeightList target) and spread
// constraints Karmada's admission would refuse after defaulting.
func validatePlacement(p policyv1alpha1.Placement, w Workload) error {
	var errs []error
	if w.Replicas < 0 {
		errs = append(errs, invalid("workload.replicas", "must be >= 0, got %d", w.Replicas))
	}
	if p.ClusterAffinity != nil {
		errs = append(errs, checkAffinity("placement.clusterAffinity", *p.ClusterAffinity))
		errs = append(errs, admittedOperators("placement.clusterAffinity", *p.ClusterAffinity))
		if len(p.ClusterAffinities) > 0 {
			errs = append(errs, invalid("placement.clusterAffinities", "cannot be combined with clusterAffinity"))
		}
	}
	errs = append(errs, affinityNameProblems("placement.clusterAffinities", p.ClusterAffinities)...)
	for i, t := range p.ClusterAffinities {
		field := fmt.Sprintf("placement.clusterAffinities[%d]", i)
		errs = append(errs, checkAffinity(field, t.ClusterAffinity), admittedOperators(field, t.ClusterAffinity))
	}
	if rs := p.ReplicaScheduling; rs != nil && rs.WeightPreference != nil {
		for i, r := range rs.WeightPreference.StaticWeightList {
			field := fmt.Sprintf("placement.replicaScheduling.weightPreference.staticWeightList[%d].targetCluster", i)
			errs = append(errs, checkAffinity(field, r.TargetCluster))
		}
	}
	errs = append(errs, spreadProblems(defaultedSpread(p.SpreadConstraints))...)
	return errors.Join(errs...)
}

// affinityNameMaxLength is the CRD schema's maxLength of a clusterAffinities term's affinityName
// (charts/karmada/_crds/bases/policy, v1.17.1): the API server refuses a longer name before Karmada's
// admission sees the policy.
const affinityNameMaxLength = 32

// affinityNameProblems reports each clusterAffinities term whose name is refused: longer than
// affinityNameMaxLength bytes (the CRD schema), not a qualified name, or the name of an earlier term
// (Karmada's admission, pkg/util/validation ValidateClusterAffinities). field is the list's path.
func affinityNameProblems(field string, terms []policyv1alpha1.ClusterAffinityTerm) []error {
	var errs []error
	seen := map[string]bool{}
	for i, t := range terms {
		f := fmt.Sprintf("%s[%d].affinityName", field, i)
		if n := len(t.AffinityName); n > affinityNameMaxLength {
			errs = append(errs, invalid(f, "%q is %d bytes long, more than the %d the API server accepts", t.AffinityName, n, affinityNameMaxLength))
		} else if msgs := validation.IsQualifiedName(t.AffinityName); len(msgs) > 0 {
			errs = append(errs, invalid(f, "%q: %s", t.AffinityName, msgs[0]))
		} else if seen[t.AffinityName] {
			errs = append(errs, invalid(f, "%q is not unique: each affinity term needs its own name", t.AffinityName))
		}
		seen[t.AffinityName] = true
	}
	return errs
}

// admittedOperators reports field selector operators other than In and
// NotIn, which Karmada's admission refuses in a placement's affinities and
// an override rule's target (pkg/util/validation ValidatePolicyFieldSelector)
// though its matching and fleet.Affinity support Exists and DoesNotExist
// (static weight targets are not checked by the admission, and may use them).
func admittedOperators(field string, a policyv1alpha1.ClusterAffinity) error {
	if a.FieldSelector == nil {
		return nil
	}
	for i, r := range a.FieldSelector.MatchExpressions {
		if r.Operator != corev1.NodeSelectorOpIn && r.Operator != corev1.NodeSelectorOpNotIn {
			return invalid(fmt.Sprintf("%s.fieldSelector.matchExpressions[%d].operator", field, i),
				"%q: Karmada's admission accepts only In and NotIn here", r.Operator)
		}
	}
	return nil
}

// spreadProblems reports each malformed constraint and the problems of the
// set (spreadSetProblems).
func spreadProblems(constraints []policyv1alpha1.SpreadConstraint) []error {
	var errs []error
	for i, c := range constraints {
		errs = append(errs, spreadProblem(fmt.Sprintf("placement.spreadConstraints[%d]", i), c))
	}
	return append(errs, spreadSetProblems("placement.spreadConstraints", constraints)...)
}

// spreadSetProblems reports a field spread by more than once and field
// constraints without a cluster constraint, as Karmada's admission does
// (pkg/util/validation ValidateSpreadConstraint); field is the list's path.
func spreadSetProblems(field string, constraints []policyv1alpha1.SpreadConstraint) []error {
	var errs []error
	fields := map[policyv1alpha1.SpreadFieldValue]int{}
	for i, c := range constraints {
		if c.SpreadByField == "" {
			continue
		}
		if prev, dup := fields[c.SpreadByField]; dup {
			errs = append(errs, invalid(fmt.Sprintf("%s[%d].spreadByField", field, i), "%s is spread by already (spreadConstraints[%d])", c.SpreadByField, prev))
			continue
		}
		fields[c.SpreadByField] = i
	}
	if _, ok := fields[policyv1alpha1.SpreadByFieldCluster]; len(fields) > 0 && !ok {
		errs = append(errs, invalid(field, "a constraint spreading by cluster is required with spreadByField constraints"))
	}
	return errs
}

// admissionProblems are the checks of Karmada's admission a builder cannot
// make one With call at a time: the spread constraints as a set, the names
// of the affinity terms (unique over every WithClusterAffinities call), and
// the operators of the affinities' field selectors.
func admissionProblems(p policyv1alpha1.Placement) []error {
	errs := spreadSetProblems("spec.placement.spreadConstraints", defaultedSpread(p.SpreadConstraints))
	errs = append(errs, affinityNameProblems("spec.placement.clusterAffinities", p.ClusterAffinities)...)
	if p.ClusterAffinity != nil {
		errs = append(errs, admittedOperators("spec.placement.clusterAffinity", *p.ClusterAffinity))
	}
	for i, t := range p.ClusterAffinities {
		errs = append(errs, admittedOperators(fmt.Sprintf("spec.placement.clusterAffinities[%d]", i), t.ClusterAffinity))
	}
	return errs
}

// selectorNamespaces reports resource selectors of a namespaced policy that
// name another namespace, which Karmada's admission refuses for
// PropagationPolicy and OverridePolicy (pkg/util/validation
// validateResourceSelectors; its mutating webhook fills an empty namespace
// with the policy's). A cluster-scoped policy (namespace "") may select in
// any namespace.
func selectorNamespaces(namespace string, selectors []policyv1alpha1.ResourceSelector) []error {
	if namespace == "" {
		return nil
	}
	var errs []error
	for i, sel := range selectors {
		if sel.Namespace != "" && sel.Namespace != namespace {
			errs = append(errs, invalid(fmt.Sprintf("spec.resourceSelectors[%d].namespace", i),
				"%q: a policy in namespace %q selects resources in its own namespace only", sel.Namespace, namespace))
		}
	}
	return errs
}

// resourceSelectorProblem reports a resource selector karmada-webhook admits but Karmada's matching
// cannot apply as written (pkg/util/selector.go ResourceSelectorPriority, v1.17.1): a label selector
// that does not parse, with which the selector matches nothing, and a label selector beside a name,
// which is never consulted (a named selector matches by name alone). Either way the policy would
// silently propagate or override other objects than it says. field is the selector's path.
func resourceSelectorProblem(field string, sel policyv1alpha1.ResourceSelector) error {
	if sel.LabelSelector == nil {
		return nil
	}
	if sel.Name != "" {
		return invalid(field+".labelSelector", "Karmada ignores it beside name %q: select by name or by labels", sel.Name)
	}
	if _, err := metav1.LabelSelectorAsSelector(sel.LabelSelector); err != nil {
		return invalid(field+".labelSelector", "%v: Karmada would match no object with it", err)
	}
	return nil
}

// nameProblems checks a policy's name as the API server does (a DNS-1123 subdomain).
func nameProblems(name string) []error {
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return []error{invalid("metadata.name", "%q: %s", name, errs[0])}
	}
	return nil
}

// namespacedNameProblems checks a namespaced policy's namespace (a DNS-1123 label) and name.
func namespacedNameProblems(namespace, name string) []error {
	var errs []error
	if msgs := validation.IsDNS1123Label(namespace); len(msgs) > 0 {
		errs = append(errs, invalid("metadata.namespace", "%q: %s", namespace, msgs[0]))
	}
	return append(errs, nameProblems(name)...)
}
