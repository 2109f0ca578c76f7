package eval

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	celconfig "k8s.io/apiserver/pkg/apis/cel"

	"github.com/fleetkit/fleetkit/policy"
)

// program is one checked expression, planned on first use: a message expression is rarely evaluated, and
// the expressions of a policy for kinds that never come are never needed. Planning a checked expression
// cannot fail on what kube-apiserver's checker accepts (regex literals, the one thing planning parses, are
// validated when the expression is checked). A program is shared by every place that holds its expression
// (see compileCache) and is safe for concurrent use.
type program struct {
	expression string
	ast        *cel.Ast
	env        *cel.Env
	plan       sync.Once
	prog       cel.Program
	planErr    error
}

// program returns the planned program.
func (p *program) program() (cel.Program, error) {
	p.plan.Do(func() {
		if p.prog != nil {
			return
		}
		prog, err := p.env.Program(p.ast, cel.InterruptCheckFrequency(celconfig.CheckFrequency))
		if err != nil {
			p.planErr = fmt.Errorf("program instantiation failed: %w", err)
			return
		}
		p.prog = prog
	})
	return p.prog, p.planErr
}

type variable struct {
	name string
	*program
}

type validation struct {
	*program
	message string
	reason  *metav1.StatusReason
	// messageExpression is nil for validations without one.
	messageExpression *program
}

type auditAnnotation struct {
	key string
	*program
}

// compiledPolicy is a ValidatingAdmissionPolicy with every expression compiled once.
type compiledPolicy struct {
	policy          *admissionregistrationv1.ValidatingAdmissionPolicy
	failurePolicy   admissionregistrationv1.FailurePolicyType
	rules           []string
	variables       []variable
	matchConditions []variable
	validations     []validation
	audit           []auditAnnotation
	messages        *messageBudget
}

// compilePolicy compiles every expression of p as kube-apiserver does when the policy is created: in the
// environment for new expressions, so an expression the API server would refuse is a *PolicyError. The
// program built from that compilation is the one evaluated; kube-apiserver evaluates its stored-expression
// program, which for an expression valid in the narrower new-expression environment has the same meaning.
// Variables are compiled and planned in order (each may use the ones before it); the other expressions are
// checked concurrently and planned on first use. Expressions already in cache are not compiled again.
func compilePolicy(p *admissionregistrationv1.ValidatingAdmissionPolicy, cache *compileCache) (*compiledPolicy, error) {
	envs, err := sharedEnvs()
	if err != nil {
		return nil, err
	}
	compileMu.Lock()
	defer compileMu.Unlock()
	clear(envs.variables.MapType.Fields)
	c := &compiledPolicy{policy: p, failurePolicy: *p.Spec.FailurePolicy, rules: ruleNames(p)}
	var scope strings.Builder
	for i, v := range p.Spec.Variables {
		j := &compileJob{env: envs.withAuthz, expression: v.Expression}
		cache.run([]*compileJob{j}, scope.String())
		if j.err == nil {
			_, j.err = j.prog.program()
		}
		if j.err != nil {
			return nil, policyError(p, fmt.Sprintf("spec.variables[%d].expression", i), -1, j.err.Error())
		}
		envs.variables.AddField(v.Name, j.prog.ast.OutputType())
		c.variables = append(c.variables, variable{name: v.Name, program: j.prog})
		fmt.Fprintf(&scope, "%s:%s;", v.Name, j.prog.ast.OutputType())
	}
	jobs := c.jobs(envs)
	cache.run(jobs, scope.String())
	for _, j := range jobs {
		if j.err != nil {
			return nil, policyError(p, j.field, j.validation, j.err.Error(), c.rules...)
		}
		*j.out = j.prog
	}
	c.messages = newMessageBudget(envs.withoutAuth, c.validations)
	return c, nil
}

// compileJob is one expression to check, and where its program goes.
type compileJob struct {
	field      string
	validation int
	env        *cel.Env
	expression string
	types      []*cel.Type
	out        **program

	key          compileKey
	parsed       *cel.Ast
	shape        compileKey
	ast          *cel.Ast
	transplanted bool
	prog         *program
	err          error
}

// jobs lays out the policy's validations, match conditions and audit annotations and returns the jobs
// that check their expressions, in the order kube-apiserver reports errors.
func (c *compiledPolicy) jobs(envs *celEnvs) []*compileJob {
	p := c.policy
	var jobs []*compileJob
	add := func(j *compileJob) { jobs = append(jobs, j) }
	c.validations = make([]validation, len(p.Spec.Validations))
	for i, v := range p.Spec.Validations {
		c.validations[i] = validation{message: v.Message, reason: v.Reason}
		add(&compileJob{field: fmt.Sprintf("spec.validations[%d].expression", i), validation: i, env: envs.withAuthz,
			expression: v.Expression, types: []*cel.Type{cel.BoolType}, out: &c.validations[i].program})
	}
	c.matchConditions = make([]variable, len(p.Spec.MatchConditions))
	for i, m := range p.Spec.MatchConditions {
		c.matchConditions[i].name = m.Name
		add(&compileJob{field: fmt.Sprintf("spec.matchConditions[%d].expression", i), validation: -1, env: envs.withAuthz,
			expression: m.Expression, types: []*cel.Type{cel.BoolType}, out: &c.matchConditions[i].program})
	}
	for i, v := range p.Spec.Validations {
		if v.MessageExpression != "" {
			add(&compileJob{field: fmt.Sprintf("spec.validations[%d].messageExpression", i), validation: i,
				env: envs.withoutAuth, expression: v.MessageExpression, types: []*cel.Type{cel.StringType},
				out: &c.validations[i].messageExpression})
		}
	}
	c.audit = make([]auditAnnotation, len(p.Spec.AuditAnnotations))
	for i, a := range p.Spec.AuditAnnotations {
		c.audit[i].key = a.Key
		add(&compileJob{field: fmt.Sprintf("spec.auditAnnotations[%d].valueExpression", i), validation: -1,
			env: envs.withAuthz, expression: a.ValueExpression, types: []*cel.Type{cel.StringType, cel.NullType},
			out: &c.audit[i].program})
	}
	return jobs
}

// parseExpression parses expr; its error texts are kube-apiserver's.
func parseExpression(env *cel.Env, expr string) (*cel.Ast, error) {
	ast, issues := env.Parse(expr)
	if issues != nil && issues.Err() != nil {
		return nil, fmt.Errorf("compilation failed: %s", issues.String())
	}
	return ast, nil
}

// checkParsed type-checks a parsed expression (env.Compile is parseExpression and checkParsed).
func checkParsed(env *cel.Env, parsed *cel.Ast) (*cel.Ast, error) {
	ast, issues := env.Check(parsed)
	if issues != nil && issues.Err() != nil {
		return nil, fmt.Errorf("compilation failed: %s", issues.String())
	}
	return ast, nil
}

// newProgram checks the result type of a checked expression and returns its program, planned on first
// use; returnTypes nil accepts any result type.
func newProgram(env *cel.Env, expr string, ast *cel.Ast, returnTypes []*cel.Type) (*program, error) {
	if !returnsOneOf(ast.OutputType(), returnTypes) {
		if len(returnTypes) == 1 {
			return nil, fmt.Errorf("must evaluate to %v but got %v", returnTypes[0].String(), ast.OutputType().String())
		}
		return nil, fmt.Errorf("must evaluate to one of %v but got %v", returnTypes, ast.OutputType().String())
	}
	return &program{expression: expr, ast: ast, env: env}, nil
}

func returnsOneOf(t *cel.Type, want []*cel.Type) bool {
	if want == nil {
		return true
	}
	for _, w := range want {
		if t.IsExactType(w) {
			return true
		}
	}
	return false
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

// messageText applies kube-apiserver's rules for a messageExpression result: trimmed, at most 5 KiB and
// one line, or nothing.
func messageText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > celconfig.MaxEvaluatedMessageExpressionSizeBytes || strings.Contains(s, "\n") {
		return ""
	}
	return s
}
