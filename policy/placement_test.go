package policy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
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
	assert.Equal(t, objs.Items, pl.Objects)

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
