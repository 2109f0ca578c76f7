package eval

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/cel-go/cel"
	celast "github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
)

// Expressions of the same shape type-check alike. fleetkit compiles a rule once per kind group, and the
// versions differ only in where the pod spec is (object.spec, object.spec.template.spec,
// object.spec.jobTemplate.spec.template.spec). object and oldObject are declared dyn, so the checker types
// every field selected from them dyn, whatever the path: two expressions that are equal once each chain of
// field selections from object or oldObject is cut to its first selection get the same type for every
// other node, the same overloads for every call, and the same verdict from the environment's validators
// (they read literals and types). Package eval therefore checks one expression of each shape and gives the
// others its types (transplant), which is what the checker would produce; a test holds the two equal on
// every policy fleetkit compiles. The first selection is kept because selecting from a type parameter binds
// it, and the chain roots must resolve alike, which they do in equal surroundings.

// dynRoots are the variables whose field selections all type as dyn.
var dynRoots = map[string]bool{plugincel.ObjectVarName: true, plugincel.OldObjectVarName: true}

// dynChain returns the root of e when e is a chain of at least one field selection (not a has() test)
// from a variable of dynRoots, with the chain's selections from the outermost in.
func dynChain(e celast.Expr) (celast.Expr, []celast.Expr, bool) {
	var chain []celast.Expr
	for e.Kind() == celast.SelectKind && !e.AsSelect().IsTestOnly() {
		chain = append(chain, e)
		e = e.AsSelect().Operand()
	}
	if len(chain) == 0 || e.Kind() != celast.IdentKind || !dynRoots[e.AsIdent()] {
		return nil, nil, false
	}
	return e, chain, true
}

// writeShape renders the shape of e: its structure, with every dyn chain cut to root.*.
func writeShape(b *strings.Builder, e celast.Expr) {
	if root, _, ok := dynChain(e); ok {
		b.WriteString(root.AsIdent() + ".*")
		return
	}
	switch e.Kind() {
	case celast.IdentKind:
		b.WriteString(e.AsIdent())
	case celast.LiteralKind:
		v := e.AsLiteral()
		fmt.Fprintf(b, "%s(%s)", v.Type().TypeName(), strconv.Quote(fmt.Sprint(v.Value())))
	case celast.SelectKind:
		s := e.AsSelect()
		fmt.Fprintf(b, "sel(%t,%s,", s.IsTestOnly(), s.FieldName())
		writeShape(b, s.Operand())
		b.WriteString(")")
	case celast.CallKind:
		c := e.AsCall()
		fmt.Fprintf(b, "%s(", c.FunctionName())
		if c.IsMemberFunction() {
			writeShape(b, c.Target())
			b.WriteString(";")
		}
		writeShapes(b, c.Args())
	case celast.ListKind:
		l := e.AsList()
		fmt.Fprintf(b, "list%v(", l.OptionalIndices())
		writeShapes(b, l.Elements())
	case celast.MapKind:
		b.WriteString("map(")
		for _, en := range e.AsMap().Entries() {
			m := en.AsMapEntry()
			fmt.Fprintf(b, "%t:", m.IsOptional())
			writeShape(b, m.Key())
			b.WriteString(":")
			writeShape(b, m.Value())
			b.WriteString(",")
		}
		b.WriteString(")")
	case celast.StructKind:
		s := e.AsStruct()
		fmt.Fprintf(b, "%s{", s.TypeName())
		for _, f := range s.Fields() {
			sf := f.AsStructField()
			fmt.Fprintf(b, "%s,%t:", sf.Name(), sf.IsOptional())
			writeShape(b, sf.Value())
			b.WriteString(",")
		}
		b.WriteString("}")
	case celast.ComprehensionKind:
		c := e.AsComprehension()
		fmt.Fprintf(b, "comp(%s,%s,%s;", c.IterVar(), c.IterVar2(), c.AccuVar())
		writeShapes(b, []celast.Expr{c.IterRange(), c.AccuInit(), c.LoopCondition(), c.LoopStep(), c.Result()})
	default:
		b.WriteString("?")
	}
}

func writeShapes(b *strings.Builder, es []celast.Expr) {
	for _, e := range es {
		writeShape(b, e)
		b.WriteString(",")
	}
	b.WriteString(")")
}

// transplant types parsed, in place, with the types and references of checked, an expression of the same
// shape, through the setters the checker fills them with, and reports whether the two are of the same shape
// node for node (the checker may have rewritten checked). On false, parsed holds partial types, which
// a check ignores: it types the expression into maps of its own.
func transplant(checked *cel.Ast, parsed *cel.Ast) bool {
	t := &transplanter{from: checked.NativeRep(), to: parsed.NativeRep()}
	if !t.match(t.from.Expr(), t.to.Expr()) {
		return false
	}
	t.to.ClearUnusedIDs()
	return true
}

type transplanter struct {
	from, to *celast.AST
}

// copy gives node id of the new expression the type and reference, if any, of node from of the checked
// one (the checker types no field name of an optional selection, say).
func (t *transplanter) copy(from, id int64) {
	if typ, ok := t.from.TypeMap()[from]; ok {
		t.to.SetType(id, typ)
	}
	if r, ok := t.from.ReferenceMap()[from]; ok {
		t.to.SetReference(id, r)
	}
}

// chain types the dyn chain to after the dyn chain from: the root as checked, every selection dyn.
func (t *transplanter) chain(from, to celast.Expr) bool {
	fromRoot, fromSels, ok1 := dynChain(from)
	toRoot, toSels, ok2 := dynChain(to)
	if !ok1 || !ok2 || fromRoot.AsIdent() != toRoot.AsIdent() {
		return false
	}
	t.copy(fromRoot.ID(), toRoot.ID())
	for _, s := range fromSels {
		if typ, ok := t.from.TypeMap()[s.ID()]; !ok || typ.Kind() != types.DynKind || t.from.ReferenceMap()[s.ID()] != nil {
			return false
		}
	}
	for _, s := range toSels {
		t.to.SetType(s.ID(), types.DynType)
	}
	return true
}

// match walks the checked expression from and the parsed expression to together.
func (t *transplanter) match(from, to celast.Expr) bool {
	if _, _, ok := dynChain(to); ok {
		return t.chain(from, to)
	}
	if from.Kind() != to.Kind() {
		return false
	}
	t.copy(from.ID(), to.ID())
	switch from.Kind() {
	case celast.IdentKind:
		return from.AsIdent() == to.AsIdent()
	case celast.LiteralKind:
		a, b := from.AsLiteral(), to.AsLiteral()
		return a.Type() == b.Type() && a.Equal(b) == types.True
	case celast.SelectKind:
		return t.matchSelect(from.AsSelect(), to.AsSelect())
	case celast.CallKind:
		return t.matchCall(from.AsCall(), to.AsCall())
	case celast.ListKind:
		a, b := from.AsList(), to.AsList()
		return fmt.Sprint(a.OptionalIndices()) == fmt.Sprint(b.OptionalIndices()) && t.matchAll(a.Elements(), b.Elements())
	case celast.MapKind:
		return t.matchMap(from.AsMap(), to.AsMap())
	case celast.ComprehensionKind:
		return t.matchComprehension(from.AsComprehension(), to.AsComprehension())
	}
	return false // struct literals and anything else are checked in full
}

func (t *transplanter) matchSelect(a, b celast.SelectExpr) bool {
	return a.FieldName() == b.FieldName() && a.IsTestOnly() == b.IsTestOnly() && t.match(a.Operand(), b.Operand())
}

func (t *transplanter) matchComprehension(a, b celast.ComprehensionExpr) bool {
	if a.IterVar() != b.IterVar() || a.IterVar2() != b.IterVar2() || a.AccuVar() != b.AccuVar() {
		return false
	}
	return t.matchAll([]celast.Expr{a.IterRange(), a.AccuInit(), a.LoopCondition(), a.LoopStep(), a.Result()},
		[]celast.Expr{b.IterRange(), b.AccuInit(), b.LoopCondition(), b.LoopStep(), b.Result()})
}

func (t *transplanter) matchCall(a, b celast.CallExpr) bool {
	if a.FunctionName() != b.FunctionName() || a.IsMemberFunction() != b.IsMemberFunction() {
		return false
	}
	if a.IsMemberFunction() && !t.match(a.Target(), b.Target()) {
		return false
	}
	return t.matchAll(a.Args(), b.Args())
}

func (t *transplanter) matchMap(a, b celast.MapExpr) bool {
	if len(a.Entries()) != len(b.Entries()) {
		return false
	}
	for i, ea := range a.Entries() {
		ma, mb := ea.AsMapEntry(), b.Entries()[i].AsMapEntry()
		if ma.IsOptional() != mb.IsOptional() || !t.match(ma.Key(), mb.Key()) || !t.match(ma.Value(), mb.Value()) {
			return false
		}
		t.copy(ea.ID(), b.Entries()[i].ID())
	}
	return true
}

func (t *transplanter) matchAll(a, b []celast.Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !t.match(a[i], b[i]) {
			return false
		}
	}
	return true
}
