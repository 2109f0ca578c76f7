package policy_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/fleetkit/fleetkit/policy"
)

// kyvernoVersion is how Kyverno tells a version from a group in a kind selector.
var kyvernoVersion = regexp.MustCompile(`^(v\d+((alpha|beta)\d+)?|\*)$`)

// kyvernoSelector is a match.resources.kinds entry as Kyverno reads it: "Kind" and "Kind/subresource"
// match the kind in every API group and version, "version/Kind" in every group, "group/version/Kind"
// only there ("*" matches anything).
type kyvernoSelector struct{ group, version, kind, subresource string }

func parseKyvernoKind(s string) kyvernoSelector {
	parts := strings.Split(s, "/")
	last := parts[len(parts)-1]
	sub := ""
	if len(parts) > 1 && last == strings.ToLower(last) {
		sub, parts = last, parts[:len(parts)-1]
	}
	switch {
	case len(parts) == 1:
		return kyvernoSelector{"*", "*", parts[0], sub}
	case len(parts) == 2 && kyvernoVersion.MatchString(parts[0]):
		return kyvernoSelector{"*", parts[0], parts[1], sub}
	case len(parts) == 3:
		return kyvernoSelector{parts[0], parts[1], parts[2], sub}
	}
	return kyvernoSelector{kind: s}
}

func (k kyvernoSelector) matches(gvk schema.GroupVersionKind) bool {
	match := func(pattern, v string) bool { return pattern == "*" || pattern == v }
	return match(k.group, gvk.Group) && match(k.version, gvk.Version) && k.kind == gvk.Kind
}

// kyvernoKinds lists the kind selectors of every rule of the compiled ClusterPolicies, by rule name.
func kyvernoKinds(t *testing.T, p policy.FleetPolicy) map[string][]string {
	objs, err := policy.Compile(p, policy.TargetKyverno)
	require.NoError(t, err)
	out := map[string][]string{}
	for _, item := range objs.Items {
		rules, _, err := unstructured.NestedSlice(item.(*unstructured.Unstructured).Object, "spec", "rules")
		require.NoError(t, err)
		for _, r := range rules {
			rule := r.(map[string]any)
			filters, _, _ := unstructured.NestedSlice(rule, "match", "any")
			for _, f := range filters {
				kinds, _, _ := unstructured.NestedStringSlice(f.(map[string]any), "resources", "kinds")
				out[rule["name"].(string)] = append(out[rule["name"].(string)], kinds...)
			}
		}
	}
	return out
}

// TestKyvernoRulesMatchOnlyTheAPIGroupsTheyAreWrittenFor: a Kyverno kind selector without a group matches
// that kind in every API group, so "Job" also matched Volcano's batch.volcano.sh Job, which has no pod
// template: each rule failed on it with a CEL error, and Kyverno (failurePolicy Fail by default) blocked
// every Volcano Job of a fleet running the Kyverno target. Every selector of a rule on a workload kind
// names its API group, and no selector matches the same-named kinds of Volcano or OpenKruise.
func TestKyvernoRulesMatchOnlyTheAPIGroupsTheyAreWrittenFor(t *testing.T) {
	foreign := []schema.GroupVersionKind{
		{Group: "batch.volcano.sh", Version: "v1alpha1", Kind: "Job"},
		{Group: "apps.kruise.io", Version: "v1beta1", Kind: "StatefulSet"},
		{Group: "apps.kruise.io", Version: "v1alpha1", Kind: "DaemonSet"},
	}
	wanted := map[string]schema.GroupVersionKind{}
	for _, k := range []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"} {
		wanted[k] = schema.GroupVersionKind{Group: "apps", Version: "v1", Kind: k}
	}
	wanted["Job"] = schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "Job"}
	wanted["CronJob"] = schema.GroupVersionKind{Group: "batch", Version: "v1", Kind: "CronJob"}
	wanted["Pod"] = schema.GroupVersionKind{Version: "v1", Kind: "Pod"}

	custom := specPolicy(t)
	custom.Spec.Rules = append(custom.Spec.Rules, policy.Rule{CEL: &policy.CELRule{Expression: "object.spec.replicas <= 50"}})
	for name, p := range map[string]policy.FleetPolicy{"spec policy": specPolicy(t), "kind-specific custom rule": custom} {
		rules := kyvernoKinds(t, p)
		require.NotEmpty(t, rules, name)
		for rule, kinds := range rules {
			for _, k := range kinds {
				sel := parseKyvernoKind(k)
				want, ok := wanted[sel.kind]
				require.True(t, ok, "%s: rule %s: kind %q", name, rule, k)
				assert.True(t, sel.matches(want), "%s: rule %s: %q does not match %s", name, rule, k, want)
				for _, gvk := range foreign {
					assert.False(t, sel.matches(gvk), "%s: rule %s: %q matches %s", name, rule, k, gvk)
				}
			}
		}
	}
}
