package eval

import (
	"math"
	"math/bits"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/checker"
	celast "github.com/google/cel-go/common/ast"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/cel/library"
)

// messageBudget bounds what a policy's message expressions can cost on a request, so that they need to run
// only for the validations that fail.
//
// kube-apiserver evaluates every messageExpression after the validations, with the budget the validations
// left, and when that runs out it denies the request with every validation failed ("failed
// messageExpression: ..."), including the ones that passed. Skipping the messages of passing validations is
// therefore exact only when they cannot exhaust the budget. The bound is cel-go's static cost estimate of
// the message expressions, priced by kube-apiserver's library.CostEstimator, with the size of every value
// an expression reads from the inputs (object, oldObject, request, namespaceObject; through fields,
// optional fields, indexes and comprehension variables) taken from this request, rounded up to a power of
// two, and every value cel-go cannot size (the items of a list an expression built, the pieces of a split
// string) taken to be at most four times the largest input value. Bounds are memoized per combination of
// rounded sizes. Messages that read variables are not bounded (a variable's size does not follow from the
// inputs): such policies evaluate every message, in the API server's order and with its accounting.
type messageBudget struct {
	env      *cel.Env
	messages []*cel.Ast
	// unbounded is set when a message reads variables.
	unbounded bool
	// exprs describes the expressions of each message (expression IDs are unique within one AST only).
	exprs []*exprSizes
	// paths are the input paths whose sizes decide the bound, in signature order.
	paths []inputPath
	index map[string]int

	mu       sync.Mutex
	recorded bool
	bounds   map[string]uint64
}

// exprSizes maps the subexpressions of one message to the input values they denote, and its orValue calls
// to the sizes of their literal defaults.
type exprSizes struct {
	paths    map[int64]inputPath
	defaults map[int64]uint64
}

// inputPath names input values: an input variable, then field names, "*" for every item of a list or key
// of a map, and "@values" for every value of a map.
type inputPath []string

func (p inputPath) key() string { return strings.Join(p, "\x00") }

func newMessageBudget(env *cel.Env, validations []validation) *messageBudget {
	b := &messageBudget{env: env, index: map[string]int{}, bounds: map[string]uint64{}}
	for _, v := range validations {
		if m := v.messageExpression; m != nil {
			e := &exprSizes{paths: map[int64]inputPath{}, defaults: map[int64]uint64{}}
			e.analyze(m.ast.NativeRep().Expr(), map[string]inputPath{})
			b.messages = append(b.messages, m.ast)
			b.exprs = append(b.exprs, e)
			b.unbounded = b.unbounded || readsVariables(m.ast)
		}
	}
	return b
}

// recordPaths runs the estimator once, on first use, to learn which input paths it asks about. b.mu is held.
func (b *messageBudget) recordPaths() {
	if b.recorded {
		return
	}
	b.recorded = true
	for i, ast := range b.messages {
		r := &sizer{budget: b, exprs: b.exprs[i], record: true}
		_, _ = b.env.EstimateCost(ast, &library.CostEstimator{SizeEstimator: r})
	}
}

// fits reports whether the messages provably cost no more than remaining on inputs.
func (b *messageBudget) fits(inputs *inputSizes, remaining int64) bool {
	if len(b.messages) == 0 {
		return true
	}
	if b.unbounded || remaining < 0 {
		return false
	}
	return b.bound(inputs, uint64(remaining)) <= uint64(remaining)
}

// bound is the cost bound on inputs: first with every input value as large as the largest one, which is
// cheap to find and usually enough, then with the size of each value the messages read.
func (b *messageBudget) bound(inputs *inputSizes, remaining uint64) uint64 {
	var buf [256]byte
	largest := byte(bits.Len64(inputs.largest()))
	derived := byte(bits.Len64(4 * inputs.largest()))
	sig := append(buf[:0], 0xff, largest, derived)
	if coarse := b.estimate(sig); coarse <= remaining {
		return coarse
	}
	sig = buf[:0]
	for _, p := range b.recordedPaths() {
		sig = append(sig, byte(bits.Len64(inputs.at(p))))
	}
	return b.estimate(append(sig, derived))
}

func (b *messageBudget) recordedPaths() []inputPath {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.recordPaths()
	return b.paths
}

// estimate is the memoized bound for a signature: the rounded size of each path, then of derived values;
// or 0xff, the size of every input value, and that of derived values.
func (b *messageBudget) estimate(sig []byte) uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.recordPaths()
	if v, ok := b.bounds[string(sig)]; ok {
		return v
	}
	total := uint64(0)
	for i, ast := range b.messages {
		estimator := &library.CostEstimator{SizeEstimator: &sizer{budget: b, exprs: b.exprs[i], sig: sig}}
		est, err := b.env.EstimateCost(ast, estimator)
		if err != nil || total+est.Max < total {
			total = math.MaxUint64
			break
		}
		total += est.Max
	}
	b.bounds[string(sig)] = total
	return total
}

// sizer answers cel-go's size questions from a signature of rounded sizes, or records the questions.
type sizer struct {
	budget *messageBudget
	exprs  *exprSizes
	sig    []byte
	record bool
}

// EstimateSize implements checker.CostEstimator.
func (s *sizer) EstimateSize(n checker.AstNode) *checker.SizeEstimate {
	b := s.budget
	var path inputPath
	var extra uint64
	if e := n.Expr(); e != nil {
		path, extra = s.exprs.paths[e.ID()], s.exprs.defaults[e.ID()]
	}
	if path == nil {
		path = celPath(n.Path())
	}
	i, known := -1, false
	if path != nil {
		if s.record {
			if _, ok := b.index[path.key()]; !ok {
				b.index[path.key()] = len(b.paths)
				b.paths = append(b.paths, path)
			}
			return &checker.SizeEstimate{Max: 1}
		}
		i, known = b.index[path.key()]
	}
	if s.record {
		return &checker.SizeEstimate{Max: 1}
	}
	e := s.sig[len(s.sig)-1]
	switch {
	case s.sig[0] == 0xff && path != nil:
		e = s.sig[1]
	case s.sig[0] != 0xff && known:
		e = s.sig[i]
	}
	return &checker.SizeEstimate{Min: 0, Max: max(1<<e-1, extra)}
}

// EstimateCallCost implements checker.CostEstimator; library.CostEstimator prices the calls.
func (*sizer) EstimateCallCost(string, string, *checker.AstNode, []checker.AstNode) *checker.CallEstimate {
	return nil
}

// celPath translates a path cel-go tracked to an inputPath, or nil when it does not start at an input.
func celPath(p []string) inputPath {
	if len(p) == 0 || !isInput(p[0]) {
		return nil
	}
	out := make(inputPath, len(p))
	for i, s := range p {
		switch s {
		case "@items", "@keys":
			s = "*"
		}
		out[i] = s
	}
	return out
}

func isInput(name string) bool {
	switch name {
	case plugincel.ObjectVarName, plugincel.OldObjectVarName, plugincel.RequestVarName, plugincel.NamespaceVarName:
		return true
	}
	return false
}

// analyze records the input path of every subexpression of e that denotes input values, with the
// comprehension variables in scope bound to the items of their ranges.
func (b *exprSizes) analyze(e celast.Expr, scope map[string]inputPath) inputPath {
	var p inputPath
	switch e.Kind() {
	case celast.IdentKind:
		if sp, ok := scope[e.AsIdent()]; ok {
			p = sp
		} else if isInput(e.AsIdent()) {
			p = inputPath{e.AsIdent()}
		}
	case celast.SelectKind:
		s := e.AsSelect()
		if op := b.analyze(s.Operand(), scope); op != nil && !s.IsTestOnly() {
			p = extend(op, s.FieldName())
		}
	case celast.CallKind:
		p = b.analyzeCall(e, scope)
	case celast.ComprehensionKind:
		b.analyzeComprehension(e.AsComprehension(), scope)
	case celast.ListKind:
		for _, el := range e.AsList().Elements() {
			b.analyze(el, scope)
		}
	case celast.MapKind:
		for _, entry := range e.AsMap().Entries() {
			b.analyze(entry.AsMapEntry().Key(), scope)
			b.analyze(entry.AsMapEntry().Value(), scope)
		}
	}
	if p != nil {
		b.paths[e.ID()] = p
	}
	return p
}

func (b *exprSizes) analyzeCall(e celast.Expr, scope map[string]inputPath) inputPath {
	c := e.AsCall()
	var target inputPath
	if c.IsMemberFunction() {
		target = b.analyze(c.Target(), scope)
	}
	args := make([]inputPath, len(c.Args()))
	for i, a := range c.Args() {
		args[i] = b.analyze(a, scope)
	}
	switch c.FunctionName() {
	case "_?._", "_[_]", "_[?_]":
		if args[0] == nil {
			return nil
		}
		if lit := c.Args()[1].AsLiteral(); lit != nil {
			if s, ok := lit.Value().(string); ok {
				return extend(args[0], s)
			}
			return extend(args[0], "*")
		}
		return extend(args[0], "@values")
	case "orValue":
		if lit := c.Args()[0].AsLiteral(); lit != nil {
			if s, ok := lit.Value().(string); ok {
				b.defaults[e.ID()] = uint64(len(s))
			}
		}
		if list := c.Args()[0]; list.Kind() == celast.ListKind {
			b.defaults[e.ID()] = uint64(len(list.AsList().Elements()))
		}
		return target
	case "value":
		return target
	case "dyn":
		return args[0]
	}
	return nil
}

func (b *exprSizes) analyzeComprehension(c celast.ComprehensionExpr, scope map[string]inputPath) {
	r := b.analyze(c.IterRange(), scope)
	b.analyze(c.AccuInit(), scope)
	inner := make(map[string]inputPath, len(scope)+2)
	for k, v := range scope {
		inner[k] = v
	}
	delete(inner, c.AccuVar())
	delete(inner, c.IterVar())
	delete(inner, c.IterVar2())
	if r != nil {
		inner[c.IterVar()] = extend(r, "*")
		if c.HasIterVar2() {
			inner[c.IterVar2()] = extend(r, "@values")
		}
	}
	b.analyze(c.LoopCondition(), inner)
	b.analyze(c.LoopStep(), inner)
	b.analyze(c.Result(), inner)
}

func extend(p inputPath, s string) inputPath {
	out := make(inputPath, len(p)+1)
	copy(out, p)
	out[len(p)] = s
	return out
}

// readsVariables reports whether the expression refers to "variables".
func readsVariables(ast *cel.Ast) bool {
	found := false
	celast.PostOrderVisit(ast.NativeRep().Expr(), celast.NewExprVisitor(func(e celast.Expr) {
		if e.Kind() == celast.IdentKind && e.AsIdent() == plugincel.VariableVarName {
			found = true
		}
	}))
	return found
}

// inputSizes measures the inputs of one request: the size of the values at a path, and of the largest
// list, map or string anywhere in them.
type inputSizes struct {
	inputs  map[string]any
	big     uint64
	measure bool
}

func newInputSizes(object, oldObject, request, namespace any) *inputSizes {
	return &inputSizes{inputs: map[string]any{plugincel.ObjectVarName: object, plugincel.OldObjectVarName: oldObject,
		plugincel.RequestVarName: request, plugincel.NamespaceVarName: namespace}}
}

func (s *inputSizes) largest() uint64 {
	if !s.measure {
		for _, v := range s.inputs {
			s.big = max(s.big, largestIn(v))
		}
		s.measure = true
	}
	return s.big
}

// at is the largest size among the values at path p.
func (s *inputSizes) at(p inputPath) uint64 {
	return sizeAt(s.inputs[p[0]], p[1:])
}

func sizeAt(v any, p inputPath) uint64 {
	if len(p) == 0 {
		return sizeOf(v)
	}
	var n uint64
	switch t := v.(type) {
	case map[string]any:
		switch p[0] {
		case "*":
			for k := range t {
				n = max(n, uint64(len(k)))
			}
		case "@values":
			for _, e := range t {
				n = max(n, sizeAt(e, p[1:]))
			}
		default:
			n = sizeAt(t[p[0]], p[1:])
		}
	case []any:
		if p[0] == "*" || p[0] == "@values" {
			for _, e := range t {
				n = max(n, sizeAt(e, p[1:]))
			}
		}
	}
	return n
}

func sizeOf(v any) uint64 {
	switch t := v.(type) {
	case map[string]any:
		return uint64(len(t))
	case []any:
		return uint64(len(t))
	case string:
		return uint64(len(t))
	}
	return 0
}

// largestIn is the size of the largest list, map, key or string in v.
func largestIn(v any) uint64 {
	n := sizeOf(v)
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			n = max(n, uint64(len(k)), largestIn(e))
		}
	case []any:
		for _, e := range t {
			n = max(n, largestIn(e))
		}
	}
	return n
}
