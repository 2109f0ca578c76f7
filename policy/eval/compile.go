package eval

import (
	"encoding/json"
	"fmt"
	"sync"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	"k8s.io/apiserver/pkg/cel/environment"

	"github.com/fleetkit/fleetkit/policy"
)

// compositionTemplate is the API server's variable-composition environment for its default compatibility
// version; built once because building CEL environments is expensive, and immutable afterwards.
var compositionTemplate = sync.OnceValues(func() (*plugincel.CompositionEnv, error) {
	return plugincel.NewCompositionEnv(plugincel.VariablesTypeName,
		environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
})

// compileValidator builds the evaluator kube-apiserver builds for a policy (validating.compilePolicy): the
// same composition of variables, validations, audit annotations and message expressions, in the environment
// for stored expressions.
func compileValidator(p *admissionregistrationv1.ValidatingAdmissionPolicy) (validating.Validator, error) {
	tmpl, err := compositionTemplate()
	if err != nil {
		return nil, fmt.Errorf("eval: CEL environment: %w", err)
	}
	opts := plugincel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: true}
	msgOpts := plugincel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: false}
	c := plugincel.NewCompositedCompilerFromTemplate(tmpl)
	c.CompileAndStoreVariables(variables(p.Spec.Variables), opts, environment.StoredExpressions)
	var matcher matchconditions.Matcher
	if len(p.Spec.MatchConditions) > 0 {
		conds := make([]plugincel.ExpressionAccessor, len(p.Spec.MatchConditions))
		for i := range p.Spec.MatchConditions {
			conds[i] = (*matchconditions.MatchCondition)(&p.Spec.MatchConditions[i])
		}
		matcher = matchconditions.NewMatcher(c.CompileCondition(conds, opts, environment.StoredExpressions),
			p.Spec.FailurePolicy, "policy", "validate", p.Name)
	}
	v := validating.NewValidator(
		c.CompileCondition(validations(p.Spec.Validations), opts, environment.StoredExpressions),
		matcher,
		c.CompileCondition(auditAnnotations(p.Spec.AuditAnnotations), opts, environment.StoredExpressions),
		c.CompileCondition(messageExpressions(p.Spec.Validations), msgOpts, environment.StoredExpressions),
		p.Spec.FailurePolicy,
	)
	return v, nil
}

// checkExpressions compiles every expression of p the way the API server validates a policy on create, in the
// environment for new expressions, and reports the first failure by field and FleetPolicy rule.
func checkExpressions(p *admissionregistrationv1.ValidatingAdmissionPolicy) error {
	tmpl, err := compositionTemplate()
	if err != nil {
		return fmt.Errorf("eval: CEL environment: %w", err)
	}
	opts := plugincel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: true}
	c := plugincel.NewCompositedCompilerFromTemplate(tmpl)
	for i, v := range variables(p.Spec.Variables) {
		if r := c.CompileAndStoreVariable(v, opts, environment.NewExpressions); r.Error != nil {
			return policyError(p, fmt.Sprintf("spec.variables[%d].expression", i), -1, r.Error.Detail)
		}
	}
	rules := ruleNames(p)
	for i, v := range validations(p.Spec.Validations) {
		if r := c.CompileCELExpression(v, opts, environment.NewExpressions); r.Error != nil {
			return policyError(p, fmt.Sprintf("spec.validations[%d].expression", i), i, r.Error.Detail, rules...)
		}
	}
	for i := range p.Spec.MatchConditions {
		cond := (*matchconditions.MatchCondition)(&p.Spec.MatchConditions[i])
		if r := c.CompileCELExpression(cond, opts, environment.NewExpressions); r.Error != nil {
			return policyError(p, fmt.Sprintf("spec.matchConditions[%d].expression", i), -1, r.Error.Detail)
		}
	}
	msgOpts := plugincel.OptionalVariableDeclarations{HasParams: false, HasAuthorizer: false}
	for i, m := range messageExpressions(p.Spec.Validations) {
		if m == nil {
			continue
		}
		if r := c.CompileCELExpression(m, msgOpts, environment.NewExpressions); r.Error != nil {
			return policyError(p, fmt.Sprintf("spec.validations[%d].messageExpression", i), i, r.Error.Detail, rules...)
		}
	}
	for i, a := range auditAnnotations(p.Spec.AuditAnnotations) {
		if r := c.CompileCELExpression(a, opts, environment.NewExpressions); r.Error != nil {
			return policyError(p, fmt.Sprintf("spec.auditAnnotations[%d].valueExpression", i), -1, r.Error.Detail)
		}
	}
	return nil
}

func policyError(p *admissionregistrationv1.ValidatingAdmissionPolicy, field string, index int, reason string, rules ...string) error {
	e := &PolicyError{Policy: p.Name, Field: field, Reason: reason}
	if index >= 0 && index < len(rules) {
		e.Rule = rules[index]
	}
	return e
}

// ruleNames reads the FleetPolicy rule of each validation from the policy.AnnotationRules annotation; nil when
// the policy was not compiled by fleetkit or the annotation does not line up with the validations.
func ruleNames(p *admissionregistrationv1.ValidatingAdmissionPolicy) []string {
	raw, ok := p.Annotations[policy.AnnotationRules]
	if !ok {
		return nil
	}
	var rules []string
	if err := json.Unmarshal([]byte(raw), &rules); err != nil || len(rules) != len(p.Spec.Validations) {
		return nil
	}
	return rules
}

func variables(in []admissionregistrationv1.Variable) []plugincel.NamedExpressionAccessor {
	out := make([]plugincel.NamedExpressionAccessor, len(in))
	for i, v := range in {
		out[i] = &validating.Variable{Name: v.Name, Expression: v.Expression}
	}
	return out
}

func validations(in []admissionregistrationv1.Validation) []plugincel.ExpressionAccessor {
	out := make([]plugincel.ExpressionAccessor, len(in))
	for i, v := range in {
		out[i] = &validating.ValidationCondition{Expression: v.Expression, Message: v.Message, Reason: v.Reason}
	}
	return out
}

// messageExpressions keeps nil entries for validations without one: the validator pairs them by index.
func messageExpressions(in []admissionregistrationv1.Validation) []plugincel.ExpressionAccessor {
	out := make([]plugincel.ExpressionAccessor, len(in))
	for i, v := range in {
		if v.MessageExpression != "" {
			out[i] = &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}
		}
	}
	return out
}

func auditAnnotations(in []admissionregistrationv1.AuditAnnotation) []plugincel.ExpressionAccessor {
	out := make([]plugincel.ExpressionAccessor, len(in))
	for i, a := range in {
		out[i] = &validating.AuditAnnotationCondition{Key: a.Key, ValueExpression: a.ValueExpression}
	}
	return out
}
