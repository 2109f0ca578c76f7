package policy

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/ext"
)

// resultType is the CEL type an expression must produce.
type resultType int

const (
	boolResult resultType = iota
	stringResult
)

// coreEnv is built once: cel.Env is immutable and safe for concurrent use, and building it is the expensive
// part of a check. It is the ValidatingAdmissionPolicy environment of Kubernetes 1.35 as far as cel-go alone
// can reproduce it: the same language options and extension libraries, request, namespaceObject and
// authorizer as dyn, and the Kubernetes library functions declared by signature. policy/eval re-checks
// every expression against kube-apiserver's own environment. object, oldObject and variables are declared
// by the environments built on it: dyn in checkEnv, typed by a kind's schema in the kind environments.
var coreEnv = sync.OnceValues(func() (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.HomogeneousAggregateLiterals(),
		cel.DefaultUTCTimeZone(true),
		cel.CrossTypeNumericComparisons(true),
		cel.OptionalTypes(),
		ext.Strings(ext.StringsVersion(2)),
		ext.Sets(),
		ext.Lists(ext.ListsVersion(3)),
		ext.TwoVarComprehensions(),
		cel.Variable("request", cel.DynType),
		cel.Variable("namespaceObject", cel.DynType),
		cel.Variable("authorizer", cel.DynType),
	}
	opts = append(opts, kubernetesLibraryDecls()...)
	return cel.NewEnv(opts...)
})

// checkEnv is coreEnv with object, oldObject and variables as dyn: the environment of the generated checks.
var checkEnv = sync.OnceValues(func() (*cel.Env, error) {
	core, err := coreEnv()
	if err != nil {
		return nil, err
	}
	return core.Extend(
		cel.Variable("object", cel.DynType),
		cel.Variable("oldObject", cel.DynType),
		cel.Variable("variables", cel.MapType(cel.StringType, cel.DynType)),
	)
})

// checkCEL parses and type-checks expr and verifies its result type. A dyn result is refused as kube-apiserver
// refuses it: a validation must be provably bool, a message expression provably string.
func checkCEL(expr string, want resultType) error {
	env, err := checkEnv()
	if err != nil {
		return fmt.Errorf("building the CEL environment: %w", err)
	}
	return checkIn(env, expr, want)
}

// checkIn is checkCEL in env.
func checkIn(env *cel.Env, expr string, want resultType) error {
	ast, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return errors.New(strings.ReplaceAll(iss.Err().Error(), "\n", " "))
	}
	return resultTypeError(ast.OutputType(), want)
}

// resultTypeError refuses an output type other than want.
func resultTypeError(out *cel.Type, want resultType) error {
	switch {
	case want == boolResult && !out.IsExactType(cel.BoolType):
		return fmt.Errorf("must evaluate to bool, got %s", out)
	case want == stringResult && !out.IsExactType(cel.StringType):
		return fmt.Errorf("must evaluate to string, got %s", out)
	}
	return nil
}

// kubernetesLibraryDecls declares the functions of the Kubernetes CEL libraries (quantity, regex, url, lists,
// ip, cidr, semver) by name and arity with dyn types. Declarations without implementations are enough to
// type-check; evaluation happens only in kube-apiserver's environment.
func kubernetesLibraryDecls() []cel.EnvOption {
	globals := map[string]int{"quantity": 1, "isQuantity": 1, "url": 1, "isURL": 1, "ip": 1, "isIP": 1,
		"cidr": 1, "isCIDR": 1, "semver": 1, "isSemver": 1}
	members := map[string]int{"find": 1, "findAll": 1, "isSorted": 0, "sum": 0, "min": 0, "max": 0,
		"getScheme": 0, "getHost": 0, "getHostname": 0, "getPort": 0, "getEscapedPath": 0, "getQuery": 0,
		"sign": 0, "isGreaterThan": 1, "isLessThan": 1, "compareTo": 1, "asInteger": 0, "isInteger": 0,
		"asApproximateFloat": 0, "add": 1, "sub": 1, "family": 0, "isUnspecified": 0, "isLoopback": 0,
		"isGlobalUnicast": 0, "isLinkLocalMulticast": 0, "isLinkLocalUnicast": 0, "containsIP": 1,
		"containsCIDR": 1, "masked": 0, "prefixLength": 0, "isCanonical": 0, "major": 0, "minor": 0,
		"patch": 0, "allowed": 0, "reason": 0, "errored": 0, "error": 0, "check": 1, "path": 1, "group": 1,
		"resource": 1, "subresource": 1, "namespace": 1, "name": 1, "serviceAccount": 2}
	var opts []cel.EnvOption
	for _, name := range sortedKeys(globals) {
		opts = append(opts, cel.Function(name, cel.Overload("k8s_"+name, dynArgs(globals[name]), cel.DynType)))
	}
	for _, name := range sortedKeys(members) {
		args := append([]*cel.Type{cel.DynType}, dynArgs(members[name])...)
		opts = append(opts, cel.Function(name, cel.MemberOverload("k8s_member_"+name, args, cel.DynType)))
	}
	for _, name := range []string{"indexOf", "lastIndexOf"} {
		opts = append(opts, cel.Function(name, cel.MemberOverload("k8s_list_"+name,
			[]*cel.Type{cel.ListType(cel.DynType), cel.DynType}, cel.IntType)))
	}
	return opts
}

func dynArgs(n int) []*cel.Type {
	args := make([]*cel.Type, n)
	for i := range args {
		args[i] = cel.DynType
	}
	return args
}
