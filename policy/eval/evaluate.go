package eval

import (
	"context"
	"errors"
	"fmt"
	"slices"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/warning"
)

// Evaluate admits or denies the creation of obj. A namespaced object without a namespace is created in
// "default", as kubectl would.
func (e *Evaluator) Evaluate(ctx context.Context, obj runtime.Object) (Result, error) {
	return e.evaluate(ctx, obj, nil, admission.Create, &metav1.CreateOptions{})
}

// EvaluateUpdate admits or denies replacing old with obj (oldObject is visible to CEL).
func (e *Evaluator) EvaluateUpdate(ctx context.Context, obj, old runtime.Object) (Result, error) {
	return e.evaluate(ctx, obj, old, admission.Update, &metav1.UpdateOptions{})
}

// EvaluateManifests decodes a YAML or JSON stream and evaluates the creation of every object in it.
func (e *Evaluator) EvaluateManifests(ctx context.Context, data []byte) ([]Result, error) {
	objs, err := Decode(data)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(objs))
	for _, o := range objs {
		r, err := e.Evaluate(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (e *Evaluator) evaluate(ctx context.Context, obj, old runtime.Object, op admission.Operation, opts runtime.Object) (Result, error) {
	attrs, ref, err := e.attributes(obj, old, op, opts)
	if err != nil {
		return Result{}, err
	}
	rec := &recording{}
	ctx = warning.WithWarningRecorder(context.WithValue(ctx, recordingKey{}, rec), rec)
	res := Result{Object: ref, Allowed: true}
	if err := e.dispatcher.Dispatch(ctx, attrs, e.objects, e.hooks); err != nil {
		var status apierrors.APIStatus
		if !errors.As(err, &status) {
			return Result{}, fmt.Errorf("eval: %s: %w", ref, err)
		}
		res.Allowed, res.Denial = false, err.Error()
	}
	res.Violations = violations(rec.evaluations)
	res.Warnings = rec.warnings
	return res, nil
}

func (e *Evaluator) attributes(obj, old runtime.Object, op admission.Operation, opts runtime.Object) (admission.Attributes, string, error) {
	acc, err := meta.Accessor(obj)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %T is not a Kubernetes object: %w", ErrDecode, obj, err)
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	if gvk.Kind == "" || gvk.Version == "" {
		return nil, "", fmt.Errorf("%w: object %q has no apiVersion or kind", ErrDecode, acc.GetName())
	}
	gvr, namespaced, err := e.mapping(gvk)
	if err != nil {
		return nil, "", fmt.Errorf("eval: %s %s: %w", gvk.Kind, acc.GetName(), err)
	}
	ns := ""
	if namespaced {
		ns = acc.GetNamespace()
		if ns == "" {
			// Like the API server, fill in the request's namespace before admission sees the object.
			ns = metav1.NamespaceDefault
			obj = obj.DeepCopyObject()
			if acc, err = meta.Accessor(obj); err != nil {
				return nil, "", err
			}
			acc.SetNamespace(ns)
		}
	}
	ref := gvk.Kind + "/" + acc.GetName()
	if ns != "" {
		ref = gvk.Kind + "/" + ns + "/" + acc.GetName()
	}
	attrs := admission.NewAttributesRecord(obj, old, gvk, ns, acc.GetName(), gvr, "", op, opts, false, e.user)
	return attrs, ref, nil
}

// violations lists failed validations in evaluation order: policies by name, validations by index.
func violations(evals []evaluation) []Violation {
	var out []Violation
	for _, ev := range evals {
		rules := ruleNames(ev.policy)
		for i, d := range ev.result.Decisions {
			if d.Action != validating.ActionDeny {
				continue
			}
			// Actions is cloned: the binding is shared by every evaluation, and a caller may edit its result.
			v := Violation{Message: d.Message, Policy: ev.policy.Name, Binding: ev.binding.Name, Validation: i,
				Actions: slices.Clone(ev.binding.Spec.ValidationActions), EvaluationError: d.Evaluation == validating.EvalError}
			if len(ev.result.Decisions) == len(ev.policy.Spec.Validations) && i < len(rules) {
				v.Rule = rules[i]
			}
			out = append(out, v)
		}
	}
	return out
}
