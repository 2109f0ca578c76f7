package eval

import (
	"fmt"
	"sort"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
	"k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/fleetkit/fleetkit/policy"
)

// Options configures an Evaluator. The zero value is ready to use.
type Options struct {
	// Namespaces are the namespaces objects live in, with their labels (namespaceSelectors match on them).
	// Others exist with only the kubernetes.io/metadata.name label.
	Namespaces []corev1.Namespace
	// User is the requesting user CEL sees as request.userInfo; defaults to "fleetkit:offline".
	User user.Info
	// RESTMapper maps kinds to resources and scopes; by default resources are guessed from kinds (Pod → pods)
	// and a table of built-in cluster-scoped kinds decides the scope.
	RESTMapper meta.RESTMapper
}

// Evaluator admits or denies objects with a fixed set of policies and bindings. It is safe for concurrent use.
type Evaluator struct {
	namespaceForms namespaceForms
	hooks          []validating.PolicyHook
	dispatcher     generic.Dispatcher[validating.PolicyHook]
	objects        admission.ObjectInterfaces
	user           user.Info
	restMapper     meta.RESTMapper
	// namespaces are Options.Namespaces, kept for the evaluators EvaluateManifests derives.
	namespaces []corev1.Namespace
}

// New checks policies and bindings as kube-apiserver would. Each expression is checked in the API server's
// environment for new expressions, once however often it occurs (see the package documentation), so a
// policy or binding the API server would reject on create is a *PolicyError here; expressions are planned
// on first use. Policies with paramKind, bindings to unknown policies and duplicate names,
// which a cluster cannot hold, are errors too.
func New(policies []admissionregistrationv1.ValidatingAdmissionPolicy, bindings []admissionregistrationv1.ValidatingAdmissionPolicyBinding, opts Options) (*Evaluator, error) {
	byName, err := compileAll(policies)
	if err != nil {
		return nil, err
	}
	e := &Evaluator{
		objects:    admission.NewObjectInterfacesFromScheme(scheme.Scheme),
		user:       opts.User,
		restMapper: opts.RESTMapper,
		namespaces: opts.Namespaces,
	}
	if e.user == nil {
		e.user = &user.DefaultInfo{Name: "fleetkit:offline"}
	}
	seen := map[string]bool{}
	for i := range bindings {
		b := bindings[i].DeepCopy()
		defaultBinding(b)
		if err := checkBinding(b, seen); err != nil {
			return nil, err
		}
		p, ok := byName[b.Spec.PolicyName]
		if !ok {
			return nil, &PolicyError{Policy: b.Spec.PolicyName, Field: "spec.policyName",
				Reason: fmt.Sprintf("binding %s refers to a policy that is not loaded", b.Name)}
		}
		e.hooks = append(e.hooks, validating.PolicyHook{Policy: p.policy,
			Bindings:  []*admissionregistrationv1.ValidatingAdmissionPolicyBinding{b},
			Evaluator: validator{policy: p, binding: b}})
	}
	sort.SliceStable(e.hooks, func(i, j int) bool { return e.hooks[i].Policy.Name < e.hooks[j].Policy.Name })
	e.dispatcher = dispatcherOver(e.namespaces)
	return e, nil
}

// dispatcherOver is kube-apiserver's dispatcher, matching namespace selectors against nss.
func dispatcherOver(nss []corev1.Namespace) generic.Dispatcher[validating.PolicyHook] {
	matcher := matching.NewMatcher(newNamespaceLister(nss), nil)
	return validating.NewDispatcher(offlineAuthorizer{}, generic.NewPolicyMatcher(matcher))
}

// ForPolicy compiles a FleetPolicy to ValidatingAdmissionPolicies and returns their evaluator. The
// expressions are type-checked once, by New; when New refuses one, the error is policy.CompileVAP's, which
// names the FleetPolicy rule, if it has one.
func ForPolicy(p policy.FleetPolicy, opts Options) (*Evaluator, error) {
	set, err := policy.CompileVAPUnchecked(p)
	if err != nil {
		return nil, err
	}
	ev, err := New(set.Policies, set.Bindings, opts)
	if err != nil {
		if _, checkErr := policy.CompileVAP(p); checkErr != nil {
			return nil, checkErr
		}
		return nil, err
	}
	return ev, nil
}

// compileAll checks and compiles every policy, by name.
func compileAll(policies []admissionregistrationv1.ValidatingAdmissionPolicy) (map[string]*compiledPolicy, error) {
	byName := make(map[string]*compiledPolicy, len(policies))
	cache := newCompileCache()
	for i := range policies {
		p := policies[i].DeepCopy()
		if _, dup := byName[p.Name]; dup {
			return nil, &PolicyError{Policy: p.Name, Field: "metadata.name", Reason: "duplicate policy"}
		}
		if err := preparePolicy(p); err != nil {
			return nil, err
		}
		c, err := compilePolicy(p, cache)
		if err != nil {
			return nil, err
		}
		byName[p.Name] = c
	}
	return byName, nil
}

func preparePolicy(p *admissionregistrationv1.ValidatingAdmissionPolicy) error {
	defaultPolicy(p)
	if p.Spec.ParamKind != nil {
		return &PolicyError{Policy: p.Name, Field: "spec.paramKind",
			Reason: "policies with params are not supported offline; inline the parameters"}
	}
	if p.Spec.MatchConstraints == nil {
		return &PolicyError{Policy: p.Name, Field: "spec.matchConstraints", Reason: "required"}
	}
	if len(p.Spec.Validations) == 0 && len(p.Spec.AuditAnnotations) == 0 {
		return &PolicyError{Policy: p.Name, Field: "spec.validations", Reason: "validations or auditAnnotations are required"}
	}
	return nil
}
