package eval

import (
	"context"
	"math"

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
	c, err := compilePolicy(p)
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
