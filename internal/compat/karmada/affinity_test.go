package karmadacompat_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	policyv1alpha1 "github.com/karmada-io/karmada/pkg/apis/policy/v1alpha1"
	"github.com/karmada-io/karmada/pkg/util"
	"github.com/karmada-io/karmada/pkg/util/validation"

	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/fleet"
)

// malformed draws one defect: a field requirement with an unknown key or
// operator, values that do not fit the operator or are not label values, or
// a label selector that does not parse.
func (d draw) malformed(a *policyv1alpha1.ClusterAffinity) {
	bad := []corev1.NodeSelectorRequirement{
		{Key: "city", Operator: corev1.NodeSelectorOpIn, Values: []string{"sh"}},
		{Key: "name", Operator: corev1.NodeSelectorOpNotIn, Values: []string{"m00"}},
		{Key: of(d, fleet.FieldProvider, fleet.FieldRegion, fleet.FieldZone), Operator: of(d, corev1.NodeSelectorOpGt, corev1.NodeSelectorOpLt), Values: []string{"3"}},
		{Key: of(d, fleet.FieldProvider, fleet.FieldRegion, fleet.FieldZone), Operator: "Near", Values: []string{"x"}},
		{Key: of(d, fleet.FieldProvider, fleet.FieldRegion, fleet.FieldZone), Operator: corev1.NodeSelectorOpIn},
		{Key: of(d, fleet.FieldProvider, fleet.FieldRegion, fleet.FieldZone), Operator: corev1.NodeSelectorOpNotIn},
		{Key: of(d, fleet.FieldProvider, fleet.FieldRegion, fleet.FieldZone), Operator: corev1.NodeSelectorOpExists, Values: []string{"z1"}},
		{Key: of(d, fleet.FieldProvider, fleet.FieldRegion), Operator: corev1.NodeSelectorOpIn, Values: []string{"Huawei Cloud", "-x"}},
	}
	if d.n(5) == 0 {
		a.LabelSelector = &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
			{Key: of(d, "tier", "bad key!"), Operator: of(d, metav1.LabelSelectorOpIn, "Near")}}}
		return
	}
	if a.FieldSelector == nil {
		a.FieldSelector = &policyv1alpha1.FieldSelector{}
	}
	exprs := append(a.FieldSelector.MatchExpressions, of(d, bad...))
	d.rng.Shuffle(len(exprs), func(i, j int) { exprs[i], exprs[j] = exprs[j], exprs[i] })
	a.FieldSelector.MatchExpressions = exprs
}

// zoneNotInWithoutValues reports the one affinity fleetkit refuses that
// Karmada's admission accepts and its matcher reads as "every cluster": a
// zone NotIn requirement without values.
func zoneNotInWithoutValues(a policyv1alpha1.ClusterAffinity) bool {
	if a.FieldSelector == nil {
		return false
	}
	for _, r := range a.FieldSelector.MatchExpressions {
		if r.Key == fleet.FieldZone && r.Operator == corev1.NodeSelectorOpNotIn && len(r.Values) == 0 {
			return true
		}
	}
	return false
}

// TestAffinityMatchesKarmada compares fleet.Affinity (via karmada.AffinityOf)
// with Karmada's util.ClusterMatches on random members and affinities. An
// affinity fleetkit refuses must be one Karmada's admission refuses, one
// Karmada matches no member with, or the documented zone NotIn case; and
// fleetkit's Matches is false for it.
func TestAffinityMatchesKarmada(t *testing.T) {
	const cases = 20000
	seed := runSeed()
	t.Logf("seed %d: replay with go test -run TestAffinityMatchesKarmada -seed=%d", seed, seed)
	var accepted, refused, matched, pairs int
	for i := range cases {
		d := newDraw(seed, i)
		f := d.fleet(10)
		a := d.affinity(f)
		if d.n(3) == 0 {
			d.malformed(&a)
		}
		dump, _ := json.Marshal(a)
		fa := karmada.AffinityOf(a)
		if err := fa.Validate(); err != nil {
			refused++
			karmadaMatchesSome := false
			for _, m := range f.Members {
				karmadaMatchesSome = karmadaMatchesSome || util.ClusterMatches(clusterOf(m), a)
				require.Falsef(t, fa.Matches(m), "a refused affinity matches %s; seed %d case %d: %s", m.Name, seed, i, dump)
			}
			require.Truef(t, validation.ValidatePolicyFieldSelector(a.FieldSelector) != nil || !karmadaMatchesSome || zoneNotInWithoutValues(a),
				"fleetkit refused (%v) what Karmada accepts and matches; seed %d case %d: %s", err, seed, i, dump)
			continue
		}
		accepted++
		for _, m := range f.Members {
			want := util.ClusterMatches(clusterOf(m), a)
			require.Equalf(t, want, fa.Matches(m), "member %+v; seed %d case %d: %s", m, seed, i, dump)
			pairs++
			if want {
				matched++
			}
		}
	}
	t.Logf("%d affinities: %d accepted (%d member checks, %d matches), %d refused", cases, accepted, pairs, matched, refused)
	assert.Greater(t, refused, cases/5)
	assert.Greater(t, matched, pairs/10)
	assert.Less(t, matched, pairs*9/10)
}
