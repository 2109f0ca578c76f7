package eval_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/cel/openapi/resolver"
	"k8s.io/client-go/discovery"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// customRulePolicies are FleetPolicies of custom CEL rules written for some kinds or all of them, and the
// sample policy of policy/testdata: each compiles only where it type-checks (issue 12).
var customRulePolicies = map[string]string{
	"pod-only":     `- cel: {expression: "object.spec.containers.all(c, c.?imagePullPolicy.orValue('IfNotPresent') != 'Always')", message: "no pull on every start"}`,
	"replicas":     `- cel: {expression: "object.spec.replicas <= 5", messageExpression: "'at most 5 replicas, got ' + string(object.spec.replicas)"}`,
	"template":     `- cel: {expression: "object.spec.template.spec.containers.size() <= 1", message: "one container per template"}`,
	"pod-spec-all": `- cel: {expression: "variables.podSpec.containers.all(c, !c.image.endsWith(':latest'))", message: "no latest images"}`,
}

// customRuleManifests are one object of every kind, each breaking every rule above where it applies: two
// containers, one pulling nginx:latest always, and ten replicas where a kind has replicas.
func customRuleManifests() []string {
	two := containers(container("app", "nginx:latest")+"  imagePullPolicy: Always\n", container("side", "nginx:1.25"))
	ten := func(doc string) string {
		return strings.Replace(doc, "spec:\n  selector", "spec:\n  replicas: 10\n  selector", 1)
	}
	d := deployment("many", "{app: many}", "{app: many}", two)
	asKind := func(kind, apiVersion string) string {
		return strings.Replace(strings.Replace(d, "kind: Deployment", "kind: "+kind, 1), "apiVersion: apps/v1", "apiVersion: "+apiVersion, 1)
	}
	job := fmt.Sprintf("apiVersion: batch/v1\nkind: Job\nmetadata: {name: many}\nspec:\n  template:\n    spec:\n"+
		"      restartPolicy: Never\n%s", indent(two, 6))
	return []string{
		pod("many", two),
		ten(d),
		strings.Replace(ten(asKind("StatefulSet", "apps/v1")), "spec:\n  replicas", "spec:\n  serviceName: many\n  replicas", 1),
		asKind("DaemonSet", "apps/v1"),
		ten(asKind("ReplicaSet", "apps/v1")),
		job,
		cronJob("many", two),
	}
}

// TestCustomRulesOnTheAPIServerAgreeWithOfflineEvaluation creates every compiled custom rule on a real
// kube-apiserver and an object of every kind the policies match: the API server's verdict and denial equal
// offline evaluation's, a rule denies exactly the kinds it is compiled for, and no kind is denied by an
// expression that does not apply to it (before issue 12, a Pod rule denied every Deployment, Job and
// CronJob with "no such key").
func TestCustomRulesOnTheAPIServerAgreeWithOfflineEvaluation(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	sample, err := os.ReadFile(filepath.Join("..", "testdata", "prod-baseline.yaml"))
	require.NoError(t, err)
	for _, key := range []string{"pod-only", "replicas", "template", "pod-spec-all", "sample"} {
		t.Run(key, func(t *testing.T) {
			doc := string(sample)
			if key != "sample" {
				doc = fmt.Sprintf("apiVersion: policy.fleetkit.dev/v1alpha1\nkind: FleetPolicy\nmetadata: {name: %s}\n"+
					"spec:\n  action: Enforce\n  rules:\n    %s\n", key, customRulePolicies[key])
			}
			doc = strings.Replace(doc, "  rules:\n", "  rules:\n    "+sentinelRule(key)+"\n", 1)
			p, err := policy.Load([]byte(doc))
			require.NoError(t, err)
			p.Spec.Namespaces = nil
			set, err := policy.CompileVAP(p)
			require.NoError(t, err)
			skipped := map[string]bool{}
			for _, w := range set.Warnings {
				for _, k := range w.Kinds {
					skipped[k[strings.LastIndex(k, " ")+1:]] = true
				}
			}
			assertServedTypeCheckerAgrees(t, set)
			ev, err := eval.New(set.Policies, set.Bindings, eval.Options{})
			require.NoError(t, err)
			install(t, ctx, s, set, sentinels(t, key))
			for _, manifest := range customRuleManifests() {
				objs, err := eval.Decode([]byte(manifest))
				require.NoError(t, err)
				kind := objs[0].GetObjectKind().GroupVersionKind().Kind
				offline, err := ev.Evaluate(ctx, objs[0])
				require.NoError(t, err, kind)
				server, err := s.create(ctx, objs[0])
				require.NoError(t, err, kind)
				assert.Equal(t, offline.Allowed, server.allowed, "%s: offline %+v, server %s", kind, offline, server.denial)
				assert.Equal(t, offline.Denial, server.denial, kind)
				assert.NotContains(t, server.denial, "no such key", kind)
				assert.NotContains(t, server.denial, "expression '", "%s: an expression failed instead of deciding", kind)
				if key != "sample" {
					assert.Equal(t, skipped[kind], server.allowed, "%s: denied where compiled, allowed where not", kind)
				}
			}
		})
	}
}

// assertServedTypeCheckerAgrees runs kube-apiserver's own policy type checker, with the schemas the real API
// server serves, over every validation compiled unguarded into a policy (custom rules included): it must find nothing, for every
// kind of the policy, where policy found the rule to type-check. (Guarded rules are checked by policy only
// for their kinds; kube-apiserver's checker checks every kind of the policy and warns about the others.)
func assertServedTypeCheckerAgrees(t *testing.T, set policy.VAPSet) {
	dc, err := discovery.NewDiscoveryClientForConfig(env.Config)
	require.NoError(t, err)
	checker := &validating.TypeChecker{SchemaResolver: &resolver.ClientDiscoveryResolver{Discovery: dc},
		RestMapper: env.Client.RESTMapper()}
	for i := range set.Policies {
		vap := set.Policies[i].DeepCopy()
		var unguarded []string
		for j, v := range vap.Spec.Validations {
			if strings.HasPrefix(v.Expression, "request.kind.kind in ") {
				continue
			}
			unguarded = append(unguarded, fmt.Sprintf("spec.validations[%d].expression", j))
		}
		for _, w := range checker.Check(vap) {
			assert.NotContains(t, unguarded, w.FieldRef, "%s: %s", vap.Name, w.Warning)
		}
	}
}
