package policy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/policy"
)

func specPolicy(t testing.TB) policy.FleetPolicy {
	p, err := policy.Load(readTestdata(t, "prod-baseline.yaml"))
	require.NoError(t, err)
	return p
}

func TestValidationActions(t *testing.T) {
	cases := map[policy.Action][]admissionregistrationv1.ValidationAction{
		policy.ActionEnforce: {admissionregistrationv1.Deny},
		policy.ActionAudit:   {admissionregistrationv1.Audit, admissionregistrationv1.Warn},
		policy.ActionWarn:    {admissionregistrationv1.Warn},
	}
	for action, want := range cases {
		p := specPolicy(t)
		p.Spec.Action = action
		set, err := policy.CompileVAP(p)
		require.NoError(t, err)
		for _, b := range set.Bindings {
			assert.Equal(t, want, b.Spec.ValidationActions, action)
		}
	}
	_, err := policy.ValidationActions("Deny")
	assert.ErrorIs(t, err, policy.ErrInvalid)
}

func TestCompileVAPShape(t *testing.T) {
	set, err := policy.CompileVAP(specPolicy(t))
	require.NoError(t, err)
	require.Len(t, set.Policies, 3)
	require.Len(t, set.Bindings, 3)
	var names []string
	for i, vap := range set.Policies {
		names = append(names, vap.Name)
		assert.Equal(t, vap.Name, set.Bindings[i].Spec.PolicyName)
		assert.Equal(t, admissionregistrationv1.Fail, *vap.Spec.FailurePolicy, "errors must never allow")
		assert.NotNil(t, vap.Spec.MatchConstraints.NamespaceSelector)
		assert.Equal(t, "fleetkit", vap.Labels[policy.LabelManagedBy])
		var rules []string
		require.NoError(t, json.Unmarshal([]byte(vap.Annotations[policy.AnnotationRules]), &rules))
		assert.Len(t, rules, len(vap.Spec.Validations))
		for _, v := range vap.Spec.Validations {
			assert.NotEmpty(t, v.Message)
			assert.NotContains(t, v.Message, "\n")
		}
		assert.Equal(t, []string{"kube-system"}, set.Bindings[i].Spec.MatchResources.NamespaceSelector.MatchExpressions[0].Values)
	}
	assert.Equal(t, []string{"prod-baseline-pods", "prod-baseline-workloads", "prod-baseline-cronjobs"}, names)
	// Container rules name the offending containers in their messages.
	first := set.Policies[0].Spec.Validations[0]
	assert.Contains(t, first.MessageExpression, "map(c, c.name + '=' + c.image)")
	assert.Contains(t, first.Expression, "object.spec.containers.all(c,")
	assert.Contains(t, set.Policies[1].Spec.Validations[0].Expression, "object.spec.template.spec.containers.all(c,")
	assert.Contains(t, set.Policies[2].Spec.Validations[0].Expression, "object.spec.jobTemplate.spec.template.spec.containers")
}

func TestCompileIsDeterministic(t *testing.T) {
	for _, target := range policy.Targets() {
		a, err := policy.Compile(specPolicy(t), target)
		require.NoError(t, err)
		b, err := policy.Compile(specPolicy(t), target)
		require.NoError(t, err)
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		assert.Equal(t, string(ja), string(jb), target)
	}
}

func TestCompileKyverno(t *testing.T) {
	objs, err := policy.Compile(specPolicy(t), policy.TargetKyverno)
	require.NoError(t, err)
	require.Len(t, objs.Items, 2)
	cp := objs.Items[0].(*unstructured.Unstructured)
	assert.Equal(t, "prod-baseline", cp.GetName())
	assert.Equal(t, "kyverno.io/v1", cp.GetAPIVersion())
	assert.Equal(t, "ClusterPolicy", cp.GetKind())
	assert.Equal(t, "none", cp.GetAnnotations()["pod-policies.kyverno.io/autogen-controllers"])
	rules, found, err := unstructured.NestedSlice(cp.Object, "spec", "rules")
	require.NoError(t, err)
	require.True(t, found)
	// 9 rules (requireLabels checks pods and templates in one Kyverno rule) × 3 kind groups.
	assert.Len(t, rules, 27)
	first := rules[0].(map[string]any)
	assert.Equal(t, "00-restrict-image-registries-pods", first["name"])
	action, _, _ := unstructured.NestedString(first, "validate", "failureAction")
	assert.Equal(t, "Enforce", action)
	exprs, _, _ := unstructured.NestedSlice(first, "validate", "cel", "expressions")
	require.Len(t, exprs, 1)
	any0 := first["match"].(map[string]any)["any"].([]any)[0].(map[string]any)
	kinds, _, _ := unstructured.NestedStringSlice(any0, "resources", "kinds")
	assert.Equal(t, []string{"Pod"}, kinds)
	warn, _, _ := unstructured.NestedBool(cp.Object, "spec", "emitWarning")
	assert.False(t, warn)

	// Ephemeral containers are checked by a second ClusterPolicy without background scans.
	ecp := objs.Items[1].(*unstructured.Unstructured)
	assert.Equal(t, "prod-baseline-ephemeral", ecp.GetName())
	background, _, _ := unstructured.NestedBool(ecp.Object, "spec", "background")
	assert.False(t, background)
	erules, _, _ := unstructured.NestedSlice(ecp.Object, "spec", "rules")
	// The 9 rules of the pods group.
	require.Len(t, erules, 9)
	efirst := erules[0].(map[string]any)
	assert.Equal(t, "00-restrict-image-registries-pods-ephemeralcontainers", efirst["name"])
	eany0 := efirst["match"].(map[string]any)["any"].([]any)[0].(map[string]any)
	ekinds, _, _ := unstructured.NestedStringSlice(eany0, "resources", "kinds")
	assert.Equal(t, []string{"Pod/ephemeralcontainers"}, ekinds)
	for i, r := range rules {
		// The rules of the pods group, in the same order, for the subresource; only the rules on the kinds
		// themselves skip UPDATEs that change nothing they read (Kyverno hands CEL no subresource).
		if i < len(erules) {
			assert.Equal(t, r.(map[string]any)["name"].(string)+"-ephemeralcontainers", erules[i].(map[string]any)["name"])
			exprs, _, _ := unstructured.NestedSlice(r.(map[string]any), "validate", "cel", "expressions")
			eexprs, _, _ := unstructured.NestedSlice(erules[i].(map[string]any), "validate", "cel", "expressions")
			require.Len(t, eexprs, len(exprs))
			for k := range exprs {
				e, ee := exprs[k].(map[string]any), eexprs[k].(map[string]any)
				assert.Equal(t, e["message"], ee["message"])
				assert.NotContains(t, ee["expression"], policy.VariableUnchanged)
				if !strings.Contains(r.(map[string]any)["name"].(string), "-cel-") {
					assert.Equal(t, "variables."+policy.VariableUnchanged+" || ("+ee["expression"].(string)+")", e["expression"])
				}
			}
			assert.NotContains(t, erules[i].(map[string]any), "celPreconditions")
			assert.Contains(t, r.(map[string]any), "celPreconditions")
		}
	}

	p := specPolicy(t)
	p.Spec.Action = policy.ActionWarn
	objs, err = policy.Compile(p, policy.TargetKyverno)
	require.NoError(t, err)
	cp = objs.Items[0].(*unstructured.Unstructured)
	warn, _, _ = unstructured.NestedBool(cp.Object, "spec", "emitWarning")
	assert.True(t, warn, "Kyverno has no warn-only action: Audit with warnings")
}

func TestCompileErrors(t *testing.T) {
	_, err := policy.Compile(specPolicy(t), "gatekeeper")
	assert.ErrorIs(t, err, policy.ErrUnknownTarget)

	p := specPolicy(t)
	p.Spec.Rules[0].RestrictImageRegistries.Allowed = nil
	for _, target := range policy.Targets() {
		_, err = policy.Compile(p, target)
		assert.ErrorIs(t, err, policy.ErrInvalid, target)
		assert.Contains(t, err.Error(), "rule restrictImageRegistries")
	}
}

func TestUserStringsCannotEscapeTheirLiterals(t *testing.T) {
	p := specPolicy(t)
	p.Spec.Rules[0].RestrictImageRegistries.Allowed = []string{`evil.io/"]||true||["/`}
	set, err := policy.CompileVAP(p)
	require.NoError(t, err, "the prefix is quoted, so it compiles as a plain string")
	assert.Contains(t, set.Policies[0].Spec.Validations[0].Expression, `"evil.io/\"]||true||[\"/"`)
}

func TestMembers(t *testing.T) {
	f := fleet.Sample()
	p := specPolicy(t)
	members, err := policy.Members(p, f)
	require.NoError(t, err)
	prod := 0
	for _, m := range f.Members {
		if m.Labels["env"] == "prod" {
			prod++
		}
	}
	assert.Len(t, members, prod)
	assert.Less(t, prod, len(f.Members), "the sample fleet mixes prod and dev members")
	p.Spec.Clusters.MatchLabels = map[string]string{"env": "prod", "tier": "edge"}
	members, err = policy.Members(p, f)
	require.NoError(t, err)
	require.NotEmpty(t, members)
	for _, m := range members {
		assert.True(t, strings.HasPrefix(m.Name, "edge-"), m.Name)
	}
	p.Spec.Clusters = nil
	members, err = policy.Members(p, f)
	require.NoError(t, err)
	assert.Empty(t, members)
}

// TestKyvernoBackgroundPoliciesMatchNoSubresource: Kyverno's policy webhook (pkg/validation/policy
// validKinds, v1.13 to v1.19) refuses a validation ClusterPolicy with background scans on that matches a
// subresource kind ("background scan enabled with subresource Pod/ephemeralcontainers"). Kyverno CLI
// validates with mock=true and skips that check, so only this guard sees it offline.
func TestKyvernoBackgroundPoliciesMatchNoSubresource(t *testing.T) {
	policies := map[string]policy.FleetPolicy{"spec policy": specPolicy(t)}
	for _, action := range []policy.Action{policy.ActionAudit, policy.ActionWarn} {
		p := specPolicy(t)
		p.Spec.Action = action
		policies[string(action)] = p
	}
	for name, p := range policies {
		objs, err := policy.Compile(p, policy.TargetKyverno)
		require.NoError(t, err, name)
		subresourceMatched := false
		for _, item := range objs.Items {
			cp := item.(*unstructured.Unstructured)
			background, found, err := unstructured.NestedBool(cp.Object, "spec", "background")
			require.NoError(t, err)
			// Kyverno's default for an unset background is true.
			background = background || !found
			rules, _, err := unstructured.NestedSlice(cp.Object, "spec", "rules")
			require.NoError(t, err)
			for _, r := range rules {
				rule := r.(map[string]any)
				for _, block := range []string{"any", "all"} {
					filters, _, _ := unstructured.NestedSlice(rule, "match", block)
					for _, f := range filters {
						kinds, _, _ := unstructured.NestedStringSlice(f.(map[string]any), "resources", "kinds")
						for _, k := range kinds {
							if parseKyvernoKind(k).subresource == "" {
								continue
							}
							subresourceMatched = true
							assert.False(t, background, "%s: ClusterPolicy %s rule %s: background scan enabled with subresource %s",
								name, cp.GetName(), rule["name"], k)
						}
					}
				}
			}
		}
		assert.True(t, subresourceMatched, "%s: ephemeral containers are still checked on pods/ephemeralcontainers", name)
	}
}

// The Kyverno target writes <name> and <name>-ephemeral: a name that would make the second longer than
// Kyverno's 63 characters, or that is itself another policy's ephemeral-container ClusterPolicy, is
// refused naming metadata.name, instead of output Kyverno refuses or two policies overwriting one object.
func TestCompileKyvernoRefusesNamesItCannotWrite(t *testing.T) {
	for name, want := range map[string]string{
		strings.Repeat("a", 54):   "longer than 53 characters",
		"prod-baseline-ephemeral": `ends in "-ephemeral"`,
	} {
		p := specPolicy(t)
		p.Metadata.Name = name
		_, err := policy.Compile(p, policy.TargetKyverno)
		var ve *policy.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "metadata.name", ve.Field)
		assert.Contains(t, ve.Reason, want)
		_, err = policy.Compile(p, policy.TargetVAP)
		assert.NoError(t, err, "the VAP target has no such limit: %s", name)
	}
	p := specPolicy(t)
	p.Metadata.Name = strings.Repeat("a", 53)
	objs, err := policy.Compile(p, policy.TargetKyverno)
	require.NoError(t, err)
	for _, o := range objs.Items {
		assert.LessOrEqual(t, len(o.(*unstructured.Unstructured).GetName()), 63)
	}
}
