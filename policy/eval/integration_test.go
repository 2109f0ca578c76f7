package eval_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"

	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// env is a real kube-apiserver + etcd. ValidatingAdmissionPolicy is built in, so no CRDs are installed.
var env *testenv.Env

func TestMain(m *testing.M) {
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Kyverno}}, &env)
}

// verdict is what the API server answered to a dry-run create.
type verdict struct {
	allowed  bool
	denial   string
	warnings []string
}

// apiServer creates manifests with dryRun=All: admission runs in full, nothing is stored, so every case can
// reuse names.
type apiServer struct {
	dyn      dynamic.Interface
	mapper   meta.RESTMapper
	warnings *warningCollector
}

type warningCollector struct {
	mu    sync.Mutex
	texts []string
}

func (w *warningCollector) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.texts = append(w.texts, text)
}

func (w *warningCollector) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.texts
	w.texts = nil
	return out
}

func newAPIServer(t *testing.T) *apiServer {
	warnings := &warningCollector{}
	cfg := rest.CopyConfig(env.Config)
	cfg.WarningHandler = warnings
	dyn, err := dynamic.NewForConfig(cfg)
	require.NoError(t, err)
	return &apiServer{dyn: dyn, mapper: env.Client.RESTMapper(), warnings: warnings}
}

func (s *apiServer) create(ctx context.Context, obj runtime.Object) (verdict, error) {
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return verdict{}, err
	}
	u := &unstructured.Unstructured{Object: content}
	gvk := u.GroupVersionKind()
	m, err := s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return verdict{}, err
	}
	var ri dynamic.ResourceInterface = s.dyn.Resource(m.Resource)
	if m.Scope.Name() == meta.RESTScopeNameNamespace {
		if u.GetNamespace() == "" {
			u.SetNamespace(metav1.NamespaceDefault)
		}
		ri = s.dyn.Resource(m.Resource).Namespace(u.GetNamespace())
	}
	s.warnings.take()
	_, err = ri.Create(ctx, u, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: "Strict"})
	v := verdict{allowed: err == nil, warnings: policyWarnings(s.warnings.take())}
	if err != nil {
		v.denial = err.Error()
	}
	return v, nil
}

// policyWarnings keeps the warnings admission policies produce, dropping the API server's own (deprecations).
func policyWarnings(all []string) []string {
	var out []string
	for _, w := range all {
		if strings.Contains(w, "ValidatingAdmissionPolicy '") {
			out = append(out, w)
		}
	}
	return out
}

// sentinels are objects of each kind group that violate the sentinel rule of policy key; a verdict mentioning
// a policy proves that policy is loaded.
func sentinels(t *testing.T, key string) []runtime.Object {
	labels := fmt.Sprintf("{fleetkit.dev/sentinel: %s}", key)
	docs := []string{
		podWith("sentinel", labels, containers(container("app", "nginx:1.25"))),
		deployment("sentinel", labels, "{app: sentinel}", containers(container("app", "nginx:1.25"))),
		strings.Replace(cronJob("sentinel", containers(container("app", "nginx:1.25"))), "metadata: {name: sentinel}",
			"metadata: {name: sentinel, labels: "+labels+"}", 1),
	}
	var out []runtime.Object
	for _, d := range docs {
		objs, err := eval.Decode([]byte(d))
		require.NoError(t, err)
		out = append(out, objs...)
	}
	return out
}

func sentinelRule(key string) string {
	return fmt.Sprintf(`- cel: {expression: "object.metadata.?labels[?'fleetkit.dev/sentinel'].orValue('') != '%s'", message: "sentinel %s"}`, key, key)
}

// waitLoaded polls the sentinels until every compiled policy answers (loaded) or none does (unloaded).
func (s *apiServer) waitLoaded(t *testing.T, ctx context.Context, set policy.VAPSet, objs []runtime.Object, loaded bool) {
	require.Eventually(t, func() bool {
		for i, obj := range objs {
			v, err := s.create(ctx, obj)
			if err != nil {
				return false
			}
			mark := fmt.Sprintf("ValidatingAdmissionPolicy '%s'", set.Policies[i].Name)
			answered := strings.Contains(v.denial, mark) || strings.Contains(strings.Join(v.warnings, "\n"), mark)
			if answered != loaded {
				return false
			}
		}
		return true
	}, 90*time.Second, 250*time.Millisecond, "policies loaded=%v", loaded)
}

func install(t *testing.T, ctx context.Context, s *apiServer, set policy.VAPSet, objs []runtime.Object) {
	for i := range set.Policies {
		require.NoError(t, env.Create(ctx, set.Policies[i].DeepCopy()))
	}
	for i := range set.Bindings {
		require.NoError(t, env.Create(ctx, set.Bindings[i].DeepCopy()))
	}
	t.Cleanup(func() {
		for i := range set.Bindings {
			assert.NoError(t, env.Client.Delete(ctx, set.Bindings[i].DeepCopy()))
		}
		for i := range set.Policies {
			assert.NoError(t, env.Client.Delete(ctx, set.Policies[i].DeepCopy()))
		}
		s.waitLoaded(t, ctx, set, objs, false)
	})
	s.waitLoaded(t, ctx, set, objs, true)
}

func policyKeys() []string {
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.policy] = true
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestAPIServerAgreesWithOfflineEvaluation installs each test policy's compiled VAPs and bindings on a real
// kube-apiserver and creates every case's manifest: the API server's verdict, denial message and policy
// warnings must equal the offline evaluator's, and both must equal the expected verdict.
func TestAPIServerAgreesWithOfflineEvaluation(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	for _, key := range policyKeys() {
		t.Run(key, func(t *testing.T) {
			set, err := policy.CompileVAP(loadPolicy(t, key, sentinelRule(key)))
			require.NoError(t, err)
			ev, err := eval.New(set.Policies, set.Bindings, eval.Options{})
			require.NoError(t, err)
			install(t, ctx, s, set, sentinels(t, key))
			for _, c := range cases {
				if c.policy != key {
					continue
				}
				objs, err := eval.Decode([]byte(c.manifest))
				require.NoError(t, err, c.name)
				offline, err := ev.Evaluate(ctx, objs[0])
				require.NoError(t, err, c.name)
				server, err := s.create(ctx, objs[0])
				require.NoError(t, err, c.name)
				assert.Equal(t, c.allowed, offline.Allowed, "%s: offline", c.name)
				assert.Equal(t, c.allowed, server.allowed, "%s: API server: %s", c.name, server.denial)
				if c.offlineOnly {
					continue
				}
				assert.Equal(t, offline.Denial, server.denial, c.name)
				assert.Equal(t, offline.Warnings, server.warnings, c.name)
			}
		})
	}
}

// TestCompiledPoliciesTypeCheckAgainstServedSchemas runs kube-apiserver's policy type checker with the OpenAPI
// schemas the real API server serves: every expression must type-check against the real types of every kind
// its policy matches, with no warnings.
func TestCompiledPoliciesTypeCheckAgainstServedSchemas(t *testing.T) {
	dc, err := discovery.NewDiscoveryClientForConfig(env.Config)
	require.NoError(t, err)
	checker := &validating.TypeChecker{SchemaResolver: &resolver.ClientDiscoveryResolver{Discovery: dc},
		RestMapper: env.Client.RESTMapper()}
	for _, key := range policyKeys() {
		if kindSpecific[key] {
			continue
		}
		set, err := policy.CompileVAP(loadPolicy(t, key))
		require.NoError(t, err)
		for i := range set.Policies {
			warnings := checker.Check(&set.Policies[i])
			assert.Empty(t, warnings, "%s: %v", set.Policies[i].Name, warnings)
		}
	}
	// The checker does see the schemas: a misspelt field is a warning for every kind group. (policy refuses
	// to compile such a custom rule, so it is written into the compiled policies here.)
	set, err := policy.CompileVAP(loadPolicy(t, "cel"))
	require.NoError(t, err)
	for i := range set.Policies {
		vap := set.Policies[i].DeepCopy()
		vap.Spec.Validations[0].Expression = "object.spec.containerz.size() > 0"
		assert.NotEmpty(t, checker.Check(vap), vap.Name)
	}
}
