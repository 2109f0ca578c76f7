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
	// TargetKyverno produces a Kyverno ClusterPolicy with validate.cel rules (unstructured).
	TargetKyverno Target = "kyverno"
	// TargetKarmada produces the VAP target plus a Karmada ClusterPropagationPolicy placing it (unstructured).
	TargetKarmada Target = "karmada"
)

// Targets lists the compile targets.
func Targets() []Target { return []Target{TargetVAP, TargetKyverno, TargetKarmada} }

// Objects is the output of Compile, in apply order. VAP objects are typed
// (*admissionregistrationv1.ValidatingAdmissionPolicy and ...Binding); Kyverno and Karmada objects are
// *unstructured.Unstructured. Every item has its apiVersion and kind set.
type Objects struct {
	Target Target
	Items  []runtime.Object
}

// Compile validates p and compiles it for target. Errors are *ValidationError (matched by ErrInvalid) naming
// the rule and field, or ErrUnknownTarget.
func Compile(p FleetPolicy, target Target) (Objects, error) {
	switch target {
	case TargetVAP:
		set, err := CompileVAP(p)
		if err != nil {
			return Objects{}, err
		}
		return Objects{Target: target, Items: set.objects()}, nil
	case TargetKyverno:
		cp, err := CompileKyverno(p)
		if err != nil {
			return Objects{}, err
		}
		return Objects{Target: target, Items: []runtime.Object{cp}}, nil
	case TargetKarmada:
		return compileKarmada(p)
	}
	return Objects{}, fmt.Errorf("%w %q: use one of %v", ErrUnknownTarget, target, Targets())
}

func compileKarmada(p FleetPolicy) (Objects, error) {
	set, err := CompileVAP(p)
	if err != nil {
		return Objects{}, err
	}
	items := set.objects()
	cpp, err := Distribute(p, items)
	if err != nil {
		return Objects{}, err
	}
	return Objects{Target: TargetKarmada, Items: append(items, cpp)}, nil
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
