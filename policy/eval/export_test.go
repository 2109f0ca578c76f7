package eval

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/google/cel-go/cel"
	"google.golang.org/protobuf/proto"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
)

// JSONForm exposes jsonForm to the external tests, which hold it equal to ToUnstructured.
var JSONForm = jsonForm

// MessageCosts compiles p and returns a function that gives, for an object (a JSON form), the bounds
// messageBudget proves for p's message expressions (from the size of each value read, and from the largest
// value) and what evaluating all of them actually costs.
func MessageCosts(p *admissionregistrationv1.ValidatingAdmissionPolicy) (func(map[string]any) (precise, coarse, actual uint64), error) {
	p = p.DeepCopy()
	if err := preparePolicy(p); err != nil {
		return nil, err
	}
	c, err := compilePolicy(p, newCompileCache())
	if err != nil {
		return nil, err
	}
	return func(object map[string]any) (precise, coarse, actual uint64) {
		act := &activation{object: jsonValue(object, nil)}
		act.variables = &composition{ctx: context.Background(), req: &request{}, vars: c.variables, act: act}
		for _, v := range c.validations {
			if v.messageExpression == nil {
				continue
			}
			prog, err := v.messageExpression.program()
			if err != nil {
				panic(err)
			}
			_, details, _ := prog.Eval(act)
			actual += *details.ActualCost() + uint64(act.variables.takeCost())
		}
		sizes := newInputSizes(object, nil, nil, nil)
		return c.messages.bound(sizes, 0), c.messages.bound(sizes, math.MaxUint64), actual
	}, nil
}

// Shape renders the shape of expr (see transplant), for the tests of what shares a shape.
func Shape(expr string) (string, error) {
	envs, err := sharedEnvs()
	if err != nil {
		return "", err
	}
	ast, err := parseExpression(envs.withAuthz, expr)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	writeShape(&b, ast.NativeRep().Expr())
	return b.String(), nil
}

// Transplanted compiles the policies as New does and compares every expression's checked form with that of
// a full check of its text: it returns the expressions whose forms differ and how many were typed by
// transplant rather than checked.
func Transplanted(policies []admissionregistrationv1.ValidatingAdmissionPolicy) (mismatches []string, transplanted int, err error) {
	cache := newCompileCache()
	var all []*program
	for i := range policies {
		p := policies[i].DeepCopy()
		if err := preparePolicy(p); err != nil {
			return nil, 0, err
		}
		c, err := compilePolicy(p, cache)
		if err != nil {
			return nil, 0, err
		}
		for _, v := range c.variables {
			all = append(all, v.program)
		}
		for _, v := range c.validations {
			all = append(all, v.program)
			if v.messageExpression != nil {
				all = append(all, v.messageExpression)
			}
		}
	}
	for _, p := range all {
		full, iss := p.env.Compile(p.expression)
		if iss.Err() != nil {
			return nil, 0, iss.Err()
		}
		want, err := cel.AstToCheckedExpr(full)
		if err != nil {
			return nil, 0, err
		}
		got, err := cel.AstToCheckedExpr(p.ast)
		if err != nil {
			return nil, 0, err
		}
		if !proto.Equal(want, got) {
			mismatches = append(mismatches, fmt.Sprintf("%s:\n got %v\nwant %v", p.expression, got, want))
		}
	}
	return mismatches, cache.transplanted, nil
}
