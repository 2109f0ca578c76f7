package fleet_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
)

func fieldAffinity(key string, op corev1.NodeSelectorOperator, values ...string) fleet.Affinity {
	return fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
		{Key: key, Operator: op, Values: values}}}}
}

// The zone is read as Karmada reads a cluster's spec.zones: a member without
// a zone has an empty list, so In never matches it and NotIn always does.
func TestAffinityFieldSemantics(t *testing.T) {
	zoned := fleet.Member{Name: "a", Provider: "aws", Region: "eu", Zone: "z1"}
	bare := fleet.Member{Name: "b"}
	tests := []struct {
		name      string
		affinity  fleet.Affinity
		zoned     bool
		bareMatch bool
	}{
		{"zone In", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpIn, "z1", "z2"), true, false},
		{"zone In other", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpIn, "z2"), false, false},
		{"zone NotIn", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpNotIn, "z1"), false, true},
		{"zone NotIn other", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpNotIn, "z2"), true, true},
		{"zone Exists", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpExists), true, false},
		{"zone DoesNotExist", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpDoesNotExist), false, true},
		{"zone values verbatim", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpIn, "Z1"), false, false},
		{"provider In", fieldAffinity(fleet.FieldProvider, corev1.NodeSelectorOpIn, "aws"), true, false},
		{"provider NotIn", fieldAffinity(fleet.FieldProvider, corev1.NodeSelectorOpNotIn, "aws"), false, true},
		{"region Exists", fieldAffinity(fleet.FieldRegion, corev1.NodeSelectorOpExists), true, false},
		{"region DoesNotExist", fieldAffinity(fleet.FieldRegion, corev1.NodeSelectorOpDoesNotExist), false, true},
		{"empty field selector", fleet.Affinity{FieldSelector: &fleet.FieldSelector{}}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, tt.affinity.Validate())
			assert.Equal(t, tt.zoned, tt.affinity.Matches(zoned), "member with zone")
			assert.Equal(t, tt.bareMatch, tt.affinity.Matches(bare), "member without fields")
			match, err := tt.affinity.Matcher()
			require.NoError(t, err)
			assert.Equal(t, tt.zoned, match(zoned))
			assert.Equal(t, tt.bareMatch, match(bare))
		})
	}
}

// A label set explicitly wins over the role; the role is visible otherwise.
func TestAffinityRoleLabel(t *testing.T) {
	serving := fleet.Affinity{LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{fleet.RoleLabel: "serving"}}}
	assert.True(t, serving.Matches(fleet.Member{Name: "a", Role: fleet.RoleServing}))
	assert.False(t, serving.Matches(fleet.Member{Name: "a", Role: fleet.RoleServing, Labels: map[string]string{fleet.RoleLabel: "edge"}}))
	assert.False(t, serving.Matches(fleet.Member{Name: "a"}))
}

func TestAffinityValidateReportsEveryProblem(t *testing.T) {
	a := fleet.Affinity{
		LabelSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "env", Operator: "Near"}}},
		FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: fleet.FieldZone, Operator: corev1.NodeSelectorOpNotIn},
			{Key: fleet.FieldRegion, Operator: corev1.NodeSelectorOpIn, Values: []string{"cn east"}},
			{Key: fleet.FieldZone, Operator: corev1.NodeSelectorOpExists, Values: []string{"z1"}},
			{Key: fleet.FieldProvider, Operator: corev1.NodeSelectorOpIn, Values: []string{"aws"}},
			{Key: "city", Operator: corev1.NodeSelectorOpIn, Values: []string{"sh"}},
			{Key: fleet.FieldRegion, Operator: corev1.NodeSelectorOpGt, Values: []string{"1"}},
		}},
	}
	err := a.Validate()
	require.ErrorIs(t, err, fleet.ErrInvalid)
	var joined interface{ Unwrap() []error }
	require.ErrorAs(t, err, &joined)
	var fields []string
	for _, e := range joined.Unwrap() {
		var ve *fleet.ValidationError
		require.True(t, errors.As(e, &ve), "%v", e)
		fields = append(fields, ve.Field)
	}
	assert.Equal(t, []string{
		"affinity.labelSelector",
		"affinity.fieldSelector.matchExpressions[0].values",
		"affinity.fieldSelector.matchExpressions[1].values",
		"affinity.fieldSelector.matchExpressions[2].values",
		"affinity.fieldSelector.matchExpressions[4].key",
		"affinity.fieldSelector.matchExpressions[5].operator",
	}, fields)
	_, err = a.Matcher()
	require.ErrorIs(t, err, fleet.ErrInvalid)
	assert.False(t, a.Matches(fleet.Member{Name: "a", Provider: "aws"}), "a malformed affinity matches nothing")
}

// TestZoneAffinityReadsEveryZone: a member spanning zones is matched as Karmada's matchZones reads a
// Cluster's spec.zones: In needs every zone listed, NotIn none. Before Member.Zones, such a member
// was read with its first zone only, so `zone In [z1]` selected a cluster in z1 and z2 that Karmada
// leaves out.
func TestZoneAffinityReadsEveryZone(t *testing.T) {
	spanning := fleet.Member{Name: "a", Zones: []string{"z1", "z2"}}
	tests := []struct {
		name     string
		affinity fleet.Affinity
		want     bool
	}{
		{"In one of them", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpIn, "z1"), false},
		{"In all of them", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpIn, "z2", "z3", "z1"), true},
		{"NotIn the second", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpNotIn, "z2"), false},
		{"NotIn others", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpNotIn, "z3"), true},
		{"Exists", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpExists), true},
		{"DoesNotExist", fieldAffinity(fleet.FieldZone, corev1.NodeSelectorOpDoesNotExist), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.affinity.Matches(spanning))
		})
	}
}

func TestAllZones(t *testing.T) {
	assert.Nil(t, fleet.Member{Name: "a"}.AllZones())
	assert.Equal(t, []string{"z1"}, fleet.Member{Name: "a", Zone: "z1"}.AllZones())
	m := fleet.Member{Name: "a", Zones: []string{"z1", "z2"}}
	zones := m.AllZones()
	assert.Equal(t, []string{"z1", "z2"}, zones)
	zones[0] = "changed"
	assert.Equal(t, "z1", m.Zones[0], "AllZones returns a copy")
}
