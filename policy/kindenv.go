package policy

import (
	"fmt"
	"strings"
	"sync"

	"github.com/google/cel-go/cel"
	"k8s.io/apimachinery/pkg/runtime/schema"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/common"
	"k8s.io/apiserver/pkg/cel/openapi"
)

// kindEnvs builds once, for every kind of every kind group, the environment custom CEL rules are
// type-checked in: object and oldObject typed by the kind's served schema, variables by its pod spec.
var kindEnvs = sync.OnceValues(func() (map[schema.GroupVersionKind]*cel.Env, error) {
	set, err := loadSchemas()
	if err != nil {
		return nil, err
	}
	core, err := coreEnv()
	if err != nil {
		return nil, fmt.Errorf("policy: building the CEL environment: %w", err)
	}
	envs := map[schema.GroupVersionKind]*cel.Env{}
	for _, g := range kindGroups() {
		for _, gvk := range g.gvks {
			env, err := newKindEnv(core, set, g, gvk)
			if err != nil {
				return nil, fmt.Errorf("policy: the CEL environment of %s: %w", gvkString(gvk), err)
			}
			envs[gvk] = env
		}
	}
	return envs, nil
})

// newKindEnv types object and oldObject with kube-apiserver's own schema-to-CEL conversion
// (k8s.io/apiserver@v0.35.4 pkg/cel/common.SchemaDeclType over the pkg/cel/openapi adapter, as its
// ValidatingAdmissionPolicy type checker does in pkg/admission/plugin/policy/validating/typechecking.go).
// Unlike that checker, which types every variable of object type as dyn, variables.podSpec and the
// container lists keep their schema types, so a misspelt field below them is found too.
func newKindEnv(core *cel.Env, set *schemaSet, g kindGroup, gvk schema.GroupVersionKind) (*cel.Env, error) {
	root, name, err := set.kindSchema(gvk)
	if err != nil {
		return nil, err
	}
	object := common.SchemaDeclType(&openapi.Schema{Schema: root}, true).MaybeAssignTypeName(name)
	if object == nil {
		return nil, fmt.Errorf("schema %s has no CEL type", name)
	}
	podSpec, err := fieldPath(object, strings.TrimPrefix(g.podSpec, "object."))
	if err != nil {
		return nil, err
	}
	fields := map[string]*apiservercel.DeclField{
		"podSpec": apiservercel.NewDeclField("podSpec", podSpec, true, nil, nil),
	}
	for _, v := range []struct{ name, field string }{{"containers", "containers"}, {"ephemeralContainers", "ephemeralContainers"}} {
		t, err := fieldPath(podSpec, v.field)
		if err != nil {
			return nil, err
		}
		fields[v.name] = apiservercel.NewDeclField(v.name, t, true, nil, nil)
	}
	variables := apiservercel.NewObjectType("kubernetes.variables", fields)
	provider := apiservercel.NewDeclTypeProvider(object, variables)
	provider.SetRecognizeKeywordAsFieldName(true) // as kube-apiserver's environment does since 1.31
	opts, err := provider.EnvOptions(core.CELTypeProvider())
	if err != nil {
		return nil, err
	}
	opts = append(opts,
		cel.Variable("object", object.CelType()),
		cel.Variable("oldObject", object.CelType()),
		cel.Variable("variables", variables.CelType()))
	return core.Extend(opts...)
}

// fieldPath walks a dotted path of object fields down from t.
func fieldPath(t *apiservercel.DeclType, path string) (*apiservercel.DeclType, error) {
	for _, f := range strings.Split(path, ".") {
		field, ok := t.FindField(f)
		if !ok {
			return nil, fmt.Errorf("no field %q in %s", f, t.TypeName())
		}
		t = field.Type
	}
	return t, nil
}

// gvkString names a kind as users write apiVersion and kind: "v1 Pod", "apps/v1 Deployment".
func gvkString(gvk schema.GroupVersionKind) string {
	return gvk.GroupVersion().String() + " " + gvk.Kind
}
