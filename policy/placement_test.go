package policy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy"
)

func TestPlacementOf(t *testing.T) {
	p := specPolicy(t)
	objs, err := policy.Compile(p, policy.TargetVAP)
	require.NoError(t, err)
	pl, err := policy.PlacementOf(p, objs)
	require.NoError(t, err)
	assert.Equal(t, "prod-baseline", pl.Meta.Name)
	assert.Equal(t, map[string]string{policy.LabelManagedBy: "fleetkit", policy.LabelPolicy: "prod-baseline"}, pl.Meta.Labels)
	assert.Equal(t, map[string]string{"env": "prod"}, pl.Clusters.MatchLabels)

	// The control plane holds the policies as compiled and the bindings inert; on the members, the
	// override gives each binding its compiled object selector back, which makes it the compiled one.
	require.Len(t, pl.Objects, len(objs.Items))
	assert.Equal(t, "/spec/matchResources/objectSelector", pl.MemberOverride.Path)
	assert.Equal(t, &metav1.LabelSelector{}, pl.MemberOverride.Value)
	bindings := 0
	for i, o := range pl.Objects {
		b, ok := o.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding)
		if !ok {
			assert.Equal(t, objs.Items[i], o)
			continue
		}
		bindings++
		assert.Contains(t, pl.MemberOverride.Objects, o)
		sel, err := metav1.LabelSelectorAsSelector(b.Spec.MatchResources.ObjectSelector)
		require.NoError(t, err)
		for _, l := range []labels.Set{{}, {policy.LabelInert: ""}, {policy.LabelInert: "x", "app": "web"}} {
			assert.False(t, sel.Matches(l), "the control-plane binding matches no object: %v", l)
		}
		member := b.DeepCopy()
		member.Spec.MatchResources.ObjectSelector = pl.MemberOverride.Value
		assert.Equal(t, objs.Items[i], runtime.Object(member))
	}
	assert.Equal(t, 3, bindings)
	assert.Len(t, pl.MemberOverride.Objects, bindings)

	pl.Clusters.MatchLabels["env"] = "dev"
	assert.Equal(t, "prod", p.Spec.Clusters.MatchLabels["env"], "the placement does not alias the policy")
}

func TestPlacementOfRefuses(t *testing.T) {
	p := specPolicy(t)
	objs, err := policy.Compile(p, policy.TargetVAP)
	require.NoError(t, err)

	unselected := specPolicy(t)
	unselected.Spec.Clusters = nil
	_, err = policy.PlacementOf(unselected, objs)
	var ve *policy.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.clusters", ve.Field)
	assert.Contains(t, ve.Reason, "use {} to select every member")

	_, err = policy.PlacementOf(p, policy.Objects{})
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.rules", ve.Field)

	_, err = policy.PlacementOf(p, policy.Objects{Items: []runtime.Object{&metav1.PartialObjectMetadata{ObjectMeta: metav1.ObjectMeta{Name: "x"}}}})
	assert.ErrorContains(t, err, `object "x": apiVersion and kind must be set`)
}

// A binding placement cannot make inert, or one whose selector the shared member override would not
// restore, is refused naming it, never placed live in the control plane.
func TestPlacementOfRefusesBindingsItCannotMakeInert(t *testing.T) {
	p := specPolicy(t)
	objs, err := policy.Compile(p, policy.TargetVAP)
	require.NoError(t, err)
	var bindings []*admissionregistrationv1.ValidatingAdmissionPolicyBinding
	for _, o := range objs.Items {
		if b, ok := o.(*admissionregistrationv1.ValidatingAdmissionPolicyBinding); ok {
			bindings = append(bindings, b)
		}
	}
	require.Len(t, bindings, 3)

	bindings[0].Spec.MatchResources = nil
	_, err = policy.PlacementOf(p, objs)
	var ve *policy.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "bindings[prod-baseline-pods].spec.matchResources", ve.Field)

	objs, err = policy.Compile(p, policy.TargetVAP)
	require.NoError(t, err)
	last := objs.Items[len(objs.Items)-1].(*admissionregistrationv1.ValidatingAdmissionPolicyBinding)
	last.Spec.MatchResources.ObjectSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"app": "x"}}
	_, err = policy.PlacementOf(p, objs)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "bindings[prod-baseline-cronjobs].spec.matchResources.objectSelector", ve.Field)
}
