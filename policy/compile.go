package policy

import (
	"fmt"

	"k8s.io/apimachinery/pkg/runtime"
)

// Target is what Compile produces.
type Target string

// The compile targets.
const (
	// TargetVAP produces ValidatingAdmissionPolicies and bindings (typed admissionregistration.k8s.io/v1).
	TargetVAP Target = "vap"
	// TargetKyverno produces Kyverno ClusterPolicies with validate.cel rules (unstructured): the policy and,
	// for the pods/ephemeralcontainers subresource, "<name>-ephemeral" (see CompileKyverno).
	TargetKyverno Target = "kyverno"
)

// Targets lists the compile targets. Placing the compiled objects on the selected members is not a target
// of its own: PlacementOf says where they go, and a multi-cluster adapter (distribute/karmada) builds the
// object that places them.
func Targets() []Target { return []Target{TargetVAP, TargetKyverno} }

// Objects is the output of Compile, in apply order. VAP objects are typed
// (*admissionregistrationv1.ValidatingAdmissionPolicy and ...Binding); Kyverno objects are
// *unstructured.Unstructured. Every item has its apiVersion and kind set.
type Objects struct {
	Target Target
	Items  []runtime.Object
	// Warnings name the kinds custom CEL rules are not compiled for, because they do not type-check
	// against those kinds' schemas: the objects do not check those kinds with those rules.
	Warnings []Warning
}

// Compile validates p and compiles it for target. Errors are *ValidationError (matched by ErrInvalid) naming
// the rule and field, or ErrUnknownTarget. A custom CEL rule is type-checked against the schema of every
// kind the policy applies to and compiled only for the kinds it type-checks against (Objects.Warnings
// names the others); one that type-checks against none is a *ValidationError naming the kinds.
func Compile(p FleetPolicy, target Target) (Objects, error) {
	switch target {
	case TargetVAP:
		set, err := CompileVAP(p)
		if err != nil {
			return Objects{}, err
		}
		return Objects{Target: target, Items: set.objects(), Warnings: set.Warnings}, nil
	case TargetKyverno:
		cps, warnings, err := compileKyverno(p)
		if err != nil {
			return Objects{}, err
		}
		items := make([]runtime.Object, len(cps))
		for i, cp := range cps {
			items[i] = cp
		}
		return Objects{Target: target, Items: items, Warnings: warnings}, nil
	}
	return Objects{}, fmt.Errorf("%w %q: use one of %v", ErrUnknownTarget, target, Targets())
}

// objects lists the policies then the bindings: a binding to a missing policy is a configuration error.
func (s VAPSet) objects() []runtime.Object {
	items := make([]runtime.Object, 0, len(s.Policies)+len(s.Bindings))
	for i := range s.Policies {
		items = append(items, &s.Policies[i])
	}
	for i := range s.Bindings {
		items = append(items, &s.Bindings[i])
	}
	return items
}
