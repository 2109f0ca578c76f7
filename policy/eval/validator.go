package eval

import (
	"context"
	"errors"
	"fmt"
	"strings"

	celtypes "github.com/google/cel-go/common/types"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utilerrors "k8s.io/apimachinery/pkg/util/errors"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	celconfig "k8s.io/apiserver/pkg/apis/cel"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	apiservercel "k8s.io/apiserver/pkg/cel"
)

// validator is a compiled policy under one binding. It decides as kube-apiserver's validator does
// (k8s.io/apiserver v0.35 pkg/admission/plugin/policy/validating/validator.go), with the same decisions,
// messages and budget, but converts each input once per request, evaluates a messageExpression only for a
// failing validation when messageBudget proves the skipped ones could not have run out of budget, and skips
// the audit annotation step when there are none. It records every result in the request.
type validator struct {
	policy  *compiledPolicy
	binding *admissionregistrationv1.ValidatingAdmissionPolicyBinding
}

var _ validating.Validator = validator{}

// Validate implements validating.Validator.
func (v validator) Validate(ctx context.Context, matched schema.GroupVersionResource, attr *admission.VersionedAttributes, _ runtime.Object, ns *corev1.Namespace, budget int64, authz authorizer.Authorizer) validating.ValidateResult {
	req := requestFrom(ctx)
	res := v.validate(ctx, req, matched, attr, ns, budget, authz)
	req.evaluations = append(req.evaluations, evaluation{policy: v.policy, binding: v.binding, result: res})
	return res
}

func (v validator) validate(ctx context.Context, req *request, matched schema.GroupVersionResource, attr *admission.VersionedAttributes, ns *corev1.Namespace, budget int64, authz authorizer.Authorizer) validating.ValidateResult {
	c := v.policy
	req.site = site{policy: c, index: -1}
	act, err := v.activation(ctx, req, attr, matched, ns, authz)
	if err != nil {
		return v.errorResult(err)
	}
	if len(c.matchConditions) > 0 {
		matches, err := v.match(ctx, req, attr, authz)
		if err != nil {
			return v.errorResult(err)
		}
		if !matches {
			return validating.ValidateResult{}
		}
	}
	results, remaining, err := v.evalValidations(ctx, req, act, budget)
	if err != nil {
		return v.errorResult(err)
	}
	messages, msgErr := v.evalMessages(ctx, req, act, results, remaining)
	decisions := make([]validating.PolicyDecision, len(results))
	for i := range results {
		decisions[i] = v.decision(i, results[i], messages[i], msgErr)
	}
	if len(c.audit) == 0 {
		return validating.ValidateResult{Decisions: decisions, AuditAnnotations: []validating.PolicyAuditAnnotation{}}
	}
	annotations, err := v.evalAudit(ctx, req, act, ns, budget)
	if err != nil {
		return v.errorResult(err)
	}
	return validating.ValidateResult{Decisions: decisions, AuditAnnotations: annotations}
}

func (v validator) errorResult(err error) validating.ValidateResult {
	return validating.ValidateResult{Decisions: []validating.PolicyDecision{
		{Action: v.actionForError(), Evaluation: validating.EvalError, Message: err.Error()}}}
}

func (v validator) actionForError() validating.PolicyDecisionAction {
	if v.policy.failurePolicy == admissionregistrationv1.Ignore {
		return validating.ActionAdmit
	}
	return validating.ActionDeny
}

// activation builds the validation phase's activation; message and audit phases derive theirs from it.
func (v validator) activation(ctx context.Context, req *request, attr *admission.VersionedAttributes, matched schema.GroupVersionResource, ns *corev1.Namespace, authz authorizer.Authorizer) (*activation, error) {
	object, old, err := req.inputs(attr)
	if err != nil {
		return nil, err
	}
	request, err := req.requestOf(attr, matched)
	if err != nil {
		return nil, err
	}
	namespace, err := req.namespaceOf(ns)
	if err != nil {
		return nil, err
	}
	act := &activation{object: object, oldObject: old, request: request, namespace: namespace, authz: authz, attr: attr}
	act.variables = &composition{ctx: ctx, req: req, vars: v.policy.variables, act: act}
	return act, nil
}

// phase returns a copy of act for another phase: fresh variables, and no authorizer unless authz is set.
func (a *activation) phase(ctx context.Context, authz authorizer.Authorizer) *activation {
	p := &activation{object: a.object, oldObject: a.oldObject, request: a.request, namespace: a.namespace,
		authz: authz, attr: a.attr}
	p.variables = &composition{ctx: ctx, req: a.variables.req, vars: a.variables.vars, act: p}
	return p
}

func (v validator) evalValidations(ctx context.Context, req *request, act *activation, budget int64) ([]result, int64, error) {
	results := make([]result, len(v.policy.validations))
	remaining := budget
	for i := range v.policy.validations {
		req.site.index = i
		var err error
		results[i], remaining, err = evalOne(ctx, act, v.policy.validations[i].program, remaining)
		if err != nil {
			return nil, -1, err
		}
	}
	return results, remaining, nil
}

// evalMessages evaluates message expressions: those of failing validations only when the skipped ones
// provably fit the remaining budget, otherwise all of them in order, as kube-apiserver does.
func (v validator) evalMessages(ctx context.Context, req *request, act *activation, results []result, remaining int64) ([]result, error) {
	out := make([]result, len(results))
	msgAct := act.phase(ctx, nil)
	exact := !v.policy.messages.fits(req.inputSizes(act), remaining)
	for i, val := range v.policy.validations {
		if val.messageExpression == nil || (!exact && !failed(results[i])) {
			continue
		}
		req.site.index = i
		var err error
		out[i], remaining, err = evalOne(ctx, msgAct, val.messageExpression, remaining)
		if err != nil {
			return make([]result, len(results)), err
		}
	}
	return out, nil
}

func failed(r result) bool { return r.err == nil && r.val != celtypes.True }

// decision turns the result of validation i into kube-apiserver's PolicyDecision.
func (v validator) decision(i int, r, message result, msgErr error) validating.PolicyDecision {
	val := v.policy.validations[i]
	switch {
	case r.err != nil:
		return validating.PolicyDecision{Action: v.actionForError(), Evaluation: validating.EvalError, Message: r.err.Error()}
	case errors.Is(msgErr, apiservercel.ErrInternal) || errors.Is(msgErr, apiservercel.ErrOutOfBudget):
		return validating.PolicyDecision{Action: v.actionForError(), Evaluation: validating.EvalError,
			Message: fmt.Sprintf("failed messageExpression: %s", msgErr)}
	case r.val != celtypes.True:
		d := validating.PolicyDecision{Action: validating.ActionDeny, Evaluation: validating.EvalDeny, Reason: metav1.StatusReasonInvalid}
		if val.reason != nil {
			d.Reason = *val.reason
		}
		if message.err == nil && message.val != nil {
			if s, ok := message.val.Value().(string); ok {
				d.Message = messageText(s)
			}
		}
		if d.Message == "" {
			d.Message = strings.TrimSpace(val.message)
		}
		if d.Message == "" {
			d.Message = fmt.Sprintf("failed expression: %v", strings.TrimSpace(val.expression))
		}
		return d
	}
	return validating.PolicyDecision{Action: validating.ActionAdmit, Evaluation: validating.EvalAdmit}
}

// match evaluates the policy's matchConditions as kube-apiserver's matchconditions.Matcher does: with the
// resource of the request, no namespaceObject and its own budget.
func (v validator) match(ctx context.Context, req *request, attr *admission.VersionedAttributes, authz authorizer.Authorizer) (bool, error) {
	object, old, err := req.inputs(attr)
	if err != nil {
		return v.matchFailure(err)
	}
	request, err := req.requestOf(attr, attr.GetResource())
	if err != nil {
		return v.matchFailure(err)
	}
	act := &activation{object: object, oldObject: old, request: request, authz: authz, attr: attr}
	act.variables = &composition{ctx: ctx, req: req, vars: v.policy.variables, act: act}
	remaining := int64(celconfig.RuntimeCELCostBudgetMatchConditions)
	var errs []error
	for _, m := range v.policy.matchConditions {
		var r result
		if r, remaining, err = evalOne(ctx, act, m.program, remaining); err != nil {
			return v.matchFailure(err)
		}
		if r.err != nil {
			errs = append(errs, r.err)
		}
		if r.val == celtypes.False {
			return false, nil
		}
	}
	if len(errs) > 0 {
		return v.matchFailure(utilerrors.NewAggregate(errs))
	}
	return true, nil
}

func (v validator) matchFailure(err error) (bool, error) {
	if v.policy.failurePolicy == admissionregistrationv1.Ignore {
		return false, nil
	}
	return false, err
}

// evalAudit evaluates the audit annotations with a budget of their own and the namespace as it is, as
// kube-apiserver does.
func (v validator) evalAudit(ctx context.Context, req *request, act *activation, ns *corev1.Namespace, budget int64) ([]validating.PolicyAuditAnnotation, error) {
	req.site.index = -1
	auditAct := act.phase(ctx, nil)
	if ns != nil {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(ns)
		if err != nil {
			return nil, fmt.Errorf("failed to prepare namespace variable for evaluation: %w", err)
		}
		auditAct.namespace = jsonValue(m, nil)
	}
	out := make([]validating.PolicyAuditAnnotation, len(v.policy.audit))
	remaining := budget
	for i, a := range v.policy.audit {
		r, rem, err := evalOne(ctx, auditAct, a.program, remaining)
		if err != nil {
			return nil, err
		}
		remaining = rem
		out[i] = v.auditAnnotation(a, r)
	}
	return out, nil
}

func (v validator) auditAnnotation(a auditAnnotation, r result) validating.PolicyAuditAnnotation {
	out := validating.PolicyAuditAnnotation{Key: a.key}
	if r.err != nil {
		out.Action = validating.AuditAnnotationActionError
		if v.policy.failurePolicy == admissionregistrationv1.Ignore {
			out.Action = validating.AuditAnnotationActionExclude
		}
		out.Error = r.err.Error()
		return out
	}
	switch r.val.Type() {
	case celtypes.StringType:
		if value := strings.TrimSpace(r.val.Value().(string)); value != "" {
			out.Action, out.Value = validating.AuditAnnotationActionPublish, value
		} else {
			out.Action = validating.AuditAnnotationActionExclude
		}
	case celtypes.NullType:
		out.Action = validating.AuditAnnotationActionExclude
	default:
		out.Action = validating.AuditAnnotationActionError
		out.Error = fmt.Sprintf("valueExpression '%v' resulted in unsupported return type: %v. "+
			"Return type must be either string or null.", a.expression, r.val.Type())
	}
	return out
}
