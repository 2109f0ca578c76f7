package eval

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/interpreter"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/admission"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/lazy"
	"k8s.io/apiserver/pkg/cel/library"

	"github.com/fleetkit/fleetkit/policy/defaults"
)

// request is one evaluation: the inputs CEL reads, each converted to its JSON form once and shared by
// every policy the object meets, and what the evaluation recorded. The dispatcher runs policies one after
// the other, so nothing here is shared between goroutines.
type request struct {
	object, old *defaults.Object

	objectJSON, oldJSON any
	converted           bool
	namespaceForms      *namespaceForms
	// The request and namespace variables of the last policy; policies usually share them.
	requestGVR    schema.GroupVersionResource
	requestJSON   any
	namespace     *corev1.Namespace
	namespaceJSON any
	sizes         *inputSizes

	evaluations []evaluation
	warnings    []string
	unknown     *UndecidableError
	// site is the policy and validation being evaluated, for UndecidableError.
	site site
}

type site struct {
	policy *compiledPolicy
	index  int
}

type requestKey struct{}

func requestFrom(ctx context.Context) *request {
	r, _ := ctx.Value(requestKey{}).(*request)
	return r
}

type evaluation struct {
	policy  *compiledPolicy
	binding *admissionregistrationv1.ValidatingAdmissionPolicyBinding
	result  validating.ValidateResult
}

// AddWarning implements warning.Recorder.
func (r *request) AddWarning(_, text string) { r.warnings = append(r.warnings, text) }

// unknownRead records the first read of a field offline evaluation cannot know.
func (r *request) unknownRead(f *unknownField) {
	if r.unknown != nil {
		return
	}
	e := &UndecidableError{Field: f.field, Reason: f.reason, Validation: -1}
	if p := r.site.policy; p != nil {
		e.Policy = p.policy.Name
		if r.site.index >= 0 {
			e.Validation = r.site.index
			if r.site.index < len(p.rules) {
				e.Rule = p.rules[r.site.index]
			}
		}
	}
	r.unknown = e
}

// noteError records an evaluation error caused by reading an unknown field.
func (r *request) noteError(err error) {
	var f *unknownField
	if errors.As(err, &f) {
		r.unknownRead(f)
	}
}

// inputs returns object and oldObject in the form CEL reads: maps of the defaulted objects with unknown
// fields marked, or guarded maps for kinds without defaulting.
func (r *request) inputs(attr *admission.VersionedAttributes) (object, old any, err error) {
	if !r.converted || attr.VersionedObject != r.object.Object {
		if r.objectJSON, err = r.jsonOf(attr.VersionedObject, r.object); err != nil {
			return nil, nil, err
		}
		if r.oldJSON, err = r.jsonOf(attr.VersionedOldObject, r.old); err != nil {
			return nil, nil, err
		}
		r.converted = true
	}
	return r.objectJSON, r.oldJSON, nil
}

func (r *request) jsonOf(obj runtime.Object, d *defaults.Object) (any, error) {
	if obj == nil || d == nil {
		return nil, nil
	}
	m, err := jsonForm(obj)
	if err != nil {
		return nil, fmt.Errorf("failed to prepare object variable for evaluation: %w", err)
	}
	markUnknown(m, d.Unknown)
	if !d.Complete {
		return jsonValue(m, &guard{req: r}), nil
	}
	return jsonValue(m, nil), nil
}

// requestOf is the request variable for the resource the policy matched.
func (r *request) requestOf(attr *admission.VersionedAttributes, gvr schema.GroupVersionResource) (any, error) {
	if r.requestJSON != nil && r.requestGVR == gvr {
		return r.requestJSON, nil
	}
	req := plugincel.CreateAdmissionRequest(attr.Attributes, metav1.GroupVersionResource(gvr), metav1.GroupVersionKind(attr.VersionedKind))
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(req)
	if err != nil {
		return nil, fmt.Errorf("failed to prepare request variable for evaluation: %w", err)
	}
	r.requestGVR, r.requestJSON = gvr, jsonValue(m, nil)
	return r.requestJSON, nil
}

// namespaceOf is the namespaceObject variable: the fields kube-apiserver exposes of ns, or nil.
func (r *request) namespaceOf(ns *corev1.Namespace) (any, error) {
	if ns == nil {
		return nil, nil
	}
	if r.namespaceJSON != nil && r.namespace == ns {
		return r.namespaceJSON, nil
	}
	m, err := r.namespaceForms.of(ns)
	if err != nil {
		return nil, err
	}
	r.namespace, r.namespaceJSON = ns, jsonValue(m, nil)
	return r.namespaceJSON, nil
}

// namespaceForms caches an evaluator's namespaceObject variables, in their JSON form: its lister hands out
// one object per namespace, and CEL never changes what it reads.
type namespaceForms struct{ forms sync.Map } // *corev1.Namespace → map[string]any

func (n *namespaceForms) of(ns *corev1.Namespace) (map[string]any, error) {
	if m, ok := n.forms.Load(ns); ok {
		return m.(map[string]any), nil
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(plugincel.CreateNamespaceObject(ns))
	if err != nil {
		return nil, fmt.Errorf("failed to prepare namespace variable for evaluation: %w", err)
	}
	n.forms.Store(ns, m)
	return m, nil
}

// inputSizes measures the inputs for messageBudget, once per request.
func (r *request) inputSizes(act *activation) *inputSizes {
	if r.sizes == nil {
		r.sizes = newInputSizes(raw(act.object), raw(act.oldObject), raw(act.request), raw(act.namespace))
	}
	return r.sizes
}

// raw is the JSON form behind an input.
func raw(v any) any {
	if j, ok := v.(*jsonMap); ok {
		return j.m
	}
	return v
}

// activation resolves the variables of kube-apiserver's admission CEL environment (k8s.io/apiserver v0.35
// pkg/admission/plugin/cel/activation.go) for one phase of one policy.
type activation struct {
	object, oldObject, request, namespace any
	// authz is nil when the phase has no authorizer (message and audit expressions).
	authz      authorizer.Authorizer
	attr       *admission.VersionedAttributes
	authorizer ref.Val
	resource   ref.Val
	variables  *composition
}

var _ interpreter.Activation = (*activation)(nil)

// ResolveName implements interpreter.Activation.
func (a *activation) ResolveName(name string) (any, bool) {
	switch name {
	case plugincel.ObjectVarName:
		return a.object, true
	case plugincel.OldObjectVarName:
		return a.oldObject, true
	case plugincel.ParamsVarName:
		return nil, true
	case plugincel.RequestVarName:
		return a.request, true
	case plugincel.NamespaceVarName:
		return a.namespace, true
	case plugincel.AuthorizerVarName:
		if a.authz == nil {
			return nil, false
		}
		if a.authorizer == nil {
			a.authorizer = library.NewAuthorizerVal(a.attr.GetUserInfo(), a.authz)
		}
		return a.authorizer, true
	case plugincel.RequestResourceAuthorizerVarName:
		if a.authz == nil {
			return nil, false
		}
		if a.resource == nil {
			a.resource = library.NewResourceAuthorizerVal(a.attr.GetUserInfo(), a.authz, a.attr)
		}
		return a.resource, true
	case plugincel.VariableVarName:
		return a.variables.value(), true
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *activation) Parent() interpreter.Activation { return nil }

// composition evaluates a policy's variables lazily, once per phase, and accounts for their cost the way
// kube-apiserver's composition context does.
type composition struct {
	ctx  context.Context
	req  *request
	vars []variable
	act  *activation
	lazy *lazy.MapValue
	cost int64
}

// noVariables is the variables value of policies without variables.
var noVariables = sync.OnceValue(func() ref.Val {
	envs, err := sharedEnvs()
	if err != nil {
		return types.NewErr("%v", err)
	}
	return lazy.NewMapValue(envs.variables.MapType)
})

func (c *composition) value() ref.Val {
	if len(c.vars) == 0 {
		return noVariables()
	}
	if c.lazy == nil {
		envs, err := sharedEnvs()
		if err != nil {
			return types.NewErr("%v", err)
		}
		c.lazy = lazy.NewMapValue(envs.variables.MapType)
		for i := range c.vars {
			v := &c.vars[i]
			c.lazy.Append(v.name, func(*lazy.MapValue) ref.Val { return c.evaluate(v) })
		}
	}
	return c.lazy
}

func (c *composition) evaluate(v *variable) ref.Val {
	val, details, err := run(c.ctx, v.prog, c.act) // variables are planned when compiled
	if details == nil {
		return types.NewErr("unable to get evaluation details of variable %q", v.name)
	}
	cost := details.ActualCost()
	if cost == nil {
		return types.NewErr("unable to calculate cost of variable %q", v.name)
	}
	c.cost += int64(min(*cost, math.MaxInt64))
	if err != nil {
		c.req.noteError(err)
		return types.NewErr("composited variable %q fails to evaluate: %v", v.name, err)
	}
	return val
}

// takeCost returns the cost of the variables evaluated since the last call.
func (c *composition) takeCost() int64 {
	cost := c.cost
	c.cost = 0
	return cost
}

// run evaluates prog. A context that can be cancelled is watched, as kube-apiserver does; one that cannot
// (context.Background) needs no watching, which saves setting it up for every expression.
func run(ctx context.Context, prog cel.Program, act *activation) (ref.Val, *cel.EvalDetails, error) {
	if ctx.Done() == nil {
		return prog.Eval(act)
	}
	return prog.ContextEval(ctx, act)
}

// outOfBudget is kube-apiserver's error when a policy's expressions exhaust the runtime cost budget.
func outOfBudget() error {
	return &apiservercel.Error{Type: apiservercel.ErrorTypeInvalid,
		Detail: "validation failed due to running out of cost budget, no further validation rules will be run",
		Cause:  apiservercel.ErrOutOfBudget}
}

// result is the outcome of one expression.
type result struct {
	ran bool
	val ref.Val
	err error
}

// evalOne evaluates p as kube-apiserver's activation.Evaluate does: the cost of the variables it triggered
// and then its own are charged to the budget, and running out stops the whole phase.
func evalOne(ctx context.Context, act *activation, p *program, remaining int64) (result, int64, error) {
	if p == nil {
		return result{}, remaining, nil
	}
	prog, err := p.program()
	if err != nil {
		return result{ran: true, err: &apiservercel.Error{Type: apiservercel.ErrorTypeInvalid,
			Detail: fmt.Sprintf("compilation error: %v", err)}}, remaining, nil
	}
	val, details, err := run(ctx, prog, act)
	if cost := act.variables.takeCost(); cost > remaining {
		return result{}, -1, outOfBudget()
	} else {
		remaining -= cost
	}
	if details == nil {
		return result{}, -1, &apiservercel.Error{Type: apiservercel.ErrorTypeInternal,
			Detail: fmt.Sprintf("runtime cost could not be calculated for expression: %v, no further expression will be run", p.expression)}
	}
	cost := details.ActualCost()
	if cost == nil {
		return result{}, -1, &apiservercel.Error{Type: apiservercel.ErrorTypeInvalid,
			Detail: fmt.Sprintf("runtime cost could not be calculated for expression: %v, no further expression will be run", p.expression),
			Cause:  apiservercel.ErrOutOfBudget}
	}
	if *cost > math.MaxInt64 || int64(*cost) > remaining {
		return result{}, -1, outOfBudget()
	}
	remaining -= int64(*cost)
	if err != nil {
		act.variables.req.noteError(err)
		return result{ran: true, err: &apiservercel.Error{Type: apiservercel.ErrorTypeInvalid,
			Detail: fmt.Sprintf("expression '%v' resulted in error: %v", p.expression, err)}}, remaining, nil
	}
	return result{ran: true, val: val}, remaining, nil
}
