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

	"github.com/fleetkit/fleetkit/policy/defaults"
)

// Evaluate admits or denies the creation of obj as kube-apiserver would: the policies see obj as the API
// server holds it during admission, defaulted by package policy/defaults. A namespaced object without a
// namespace is created in "default", as kubectl would. A typed object without apiVersion and kind (as Go
// code builds them) has the kind its Go type is registered as in client-go's scheme; one whose kind cannot
// be told is a *KindError (ErrUnknownKind). When a policy reads a field offline evaluation cannot
// know, the error is an *UndecidableError; when the API server would refuse obj before admission, it wraps
// defaults.ErrRejected.
func (e *Evaluator) Evaluate(ctx context.Context, obj runtime.Object) (Result, error) {
	return e.evaluate(ctx, obj, nil, admission.Create, &metav1.CreateOptions{})
}

// EvaluateUpdate admits or denies replacing old with obj (oldObject is visible to CEL). Both are defaulted;
// what the API server carries over from the stored object (generation, resourceVersion, status) is unknown.
func (e *Evaluator) EvaluateUpdate(ctx context.Context, obj, old runtime.Object) (Result, error) {
	return e.evaluate(ctx, obj, old, admission.Update, &metav1.UpdateOptions{})
}

// EvaluateManifests decodes a YAML or JSON stream and evaluates the creation of every object in it, as
// applying the stream would (see ForStream): the stream's Namespaces exist with their labels, merged over
// those of Options.Namespaces of the same name, when namespace selectors judge the other objects, wherever
// they are in the stream. A policy for namespaces labelled tier=prod thus denies a Pod whose Namespace,
// labelled so, comes in the same stream, as the API server does.
func (e *Evaluator) EvaluateManifests(ctx context.Context, data []byte) ([]Result, error) {
	objs, err := Decode(data)
	if err != nil {
		return nil, err
	}
	ev, err := e.ForStream(objs)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(objs))
	for _, o := range objs {
		r, err := ev.Evaluate(ctx, o)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (e *Evaluator) evaluate(ctx context.Context, obj, old runtime.Object, op admission.Operation, opts runtime.Object) (Result, error) {
	req, err := prepare(obj, old, op)
	if err != nil {
		return Result{}, err
	}
	req.namespaceForms = &e.namespaceForms
	attrs, ref, err := e.attributes(req.object.Object, oldObject(req), op, opts)
	if err != nil {
		return Result{}, err
	}
	ctx = warning.WithWarningRecorder(context.WithValue(ctx, requestKey{}, req), req)
	res := Result{Object: ref, Allowed: true}
	dispatchErr := e.dispatcher.Dispatch(ctx, attrs, e.objects, e.hooks)
	if req.unknown != nil {
		req.unknown.Object = ref
		return Result{}, req.unknown
	}
	if dispatchErr != nil {
		var status apierrors.APIStatus
		if !errors.As(dispatchErr, &status) {
			return Result{}, fmt.Errorf("eval: %s: %w", ref, dispatchErr)
		}
		res.Allowed, res.Denial = false, dispatchErr.Error()
	}
	res.Violations = violations(req.evaluations)
	res.Warnings = req.warnings
	return res, nil
}

// prepare defaults obj (and old) as the API server does before admission.
func prepare(obj, old runtime.Object, op admission.Operation) (*request, error) {
	obj, err := withKind(obj)
	if err != nil {
		return nil, err
	}
	if err := checkKind(obj); err != nil {
		return nil, err
	}
	if op != admission.Update {
		d, err := defaults.ForCreate(obj)
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", describe(obj), err)
		}
		return &request{object: &d}, nil
	}
	if old, err = withKind(old); err != nil {
		return nil, fmt.Errorf("old object: %w", err)
	}
	if err := checkKind(old); err != nil {
		return nil, err
	}
	d, o, err := defaults.ForUpdate(obj, old)
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", describe(obj), err)
	}
	return &request{object: &d, old: &o}, nil
}

func oldObject(r *request) runtime.Object {
	if r.old == nil {
		return nil
	}
	return r.old.Object
}

// checkKind refuses what is not a Kubernetes object with a kind.
func checkKind(obj runtime.Object) error {
	acc, err := meta.Accessor(obj)
	if err != nil {
		return fmt.Errorf("%w: %T is not a Kubernetes object: %w", ErrDecode, obj, err)
	}
	if gvk := obj.GetObjectKind().GroupVersionKind(); gvk.Kind == "" || gvk.Version == "" {
		return fmt.Errorf("%w: object %q has no apiVersion or kind", ErrDecode, acc.GetName())
	}
	return nil
}

func describe(obj runtime.Object) string {
	name := ""
	if acc, err := meta.Accessor(obj); err == nil {
		name = acc.GetName()
	}
	return obj.GetObjectKind().GroupVersionKind().Kind + "/" + name
}

// attributes describes the request for obj, already a defaulted copy: a namespaced object without a
// namespace gets "default", the request's namespace, before admission sees it.
func (e *Evaluator) attributes(obj, old runtime.Object, op admission.Operation, opts runtime.Object) (admission.Attributes, string, error) {
	acc, err := meta.Accessor(obj)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %T is not a Kubernetes object: %w", ErrDecode, obj, err)
	}
	gvk := obj.GetObjectKind().GroupVersionKind()
	gvr, namespaced, err := e.mapping(gvk)
	if err != nil {
		return nil, "", fmt.Errorf("eval: %s %s: %w", gvk.Kind, acc.GetName(), err)
	}
	ns := ""
	if namespaced {
		if ns = acc.GetNamespace(); ns == "" {
			ns = metav1.NamespaceDefault
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
		rules := ev.policy.rules
		for i, d := range ev.result.Decisions {
			if d.Action != validating.ActionDeny {
				continue
			}
			// Actions is cloned: the binding is shared by every evaluation, and a caller may edit its result.
			v := Violation{Message: d.Message, Policy: ev.policy.policy.Name, Binding: ev.binding.Name, Validation: i,
				Actions: slices.Clone(ev.binding.Spec.ValidationActions), EvaluationError: d.Evaluation == validating.EvalError}
			if len(ev.result.Decisions) == len(ev.policy.validations) && i < len(rules) {
				v.Rule = rules[i]
			}
			out = append(out, v)
		}
	}
	return out
}
