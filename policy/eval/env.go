package eval

import (
	"fmt"
	"sync"

	"github.com/google/cel-go/cel"
	"k8s.io/apimachinery/pkg/util/version"
	plugincel "k8s.io/apiserver/pkg/admission/plugin/cel"
	apiservercel "k8s.io/apiserver/pkg/cel"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/cel/library"
)

// celEnvs are kube-apiserver's CEL environments for ValidatingAdmissionPolicy expressions, built once
// (building them is the expensive part of a compiler): the base environment of the API server's default
// compatibility version, the "variables" composition, and the request variables, with and without the
// authorizer (messageExpressions do not see it). They mirror k8s.io/apiserver v0.35
// pkg/admission/plugin/cel (NewCompositionEnv, createEnvForOpts), built from its public pieces.
type celEnvs struct {
	// variables is the declared type of "variables"; its fields are the variables of the policy being
	// compiled, so compile holds mu while it sets and uses them.
	variables   *plugincel.CompositionEnv
	withAuthz   *cel.Env
	withoutAuth *cel.Env
}

// compileMu serializes compilation: the "variables" type is shared by every policy.
var compileMu sync.Mutex

var sharedEnvs = sync.OnceValues(func() (*celEnvs, error) {
	composition, err := plugincel.NewCompositionEnv(plugincel.VariablesTypeName,
		environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		return nil, fmt.Errorf("eval: CEL environment: %w", err)
	}
	withAuthz, err := requestEnv(composition.EnvSet, true)
	if err != nil {
		return nil, err
	}
	withoutAuthz, err := requestEnv(composition.EnvSet, false)
	if err != nil {
		return nil, err
	}
	return &celEnvs{variables: composition, withAuthz: withAuthz, withoutAuth: withoutAuthz}, nil
})

// requestEnv declares the admission variables on base and returns its environment for new expressions:
// the one kube-apiserver checks an expression in when a policy is created.
func requestEnv(base *environment.EnvSet, authz bool) (*cel.Env, error) {
	requestType, namespaceType := plugincel.BuildRequestType(), plugincel.BuildNamespaceType()
	opts := []cel.EnvOption{
		cel.Variable(plugincel.ObjectVarName, cel.DynType),
		cel.Variable(plugincel.OldObjectVarName, cel.DynType),
		cel.Variable(plugincel.NamespaceVarName, namespaceType.CelType()),
		cel.Variable(plugincel.RequestVarName, requestType.CelType()),
	}
	if authz {
		opts = append(opts, cel.Variable(plugincel.AuthorizerVarName, library.AuthorizerType),
			cel.Variable(plugincel.RequestResourceAuthorizerVarName, library.ResourceCheckType))
	}
	set, err := base.Extend(environment.VersionedOptions{
		IntroducedVersion: version.MajorMinor(1, 0),
		EnvOptions:        opts,
		DeclTypes:         []*apiservercel.DeclType{namespaceType, requestType},
	}, environment.StrictCostOpt)
	if err != nil {
		return nil, fmt.Errorf("eval: CEL environment: %w", err)
	}
	return set.Env(environment.NewExpressions)
}
