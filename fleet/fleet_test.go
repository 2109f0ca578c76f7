package fleet_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/fleet"
)

func TestSampleIsTheSeedFleet(t *testing.T) {
	f := fleet.Sample()
	require.NoError(t, f.Validate())
	assert.Len(t, f.Members, 13)
	host, ok := f.Member("karmada-host")
	require.True(t, ok)
	assert.Equal(t, fleet.RoleHost, host.Role)
	assert.Len(t, f.WithRole(fleet.RoleEdge), 10)
	bj, _ := f.Member("training-bj")
	assert.False(t, bj.NotReady, "members without notReady are ready")
	gpu := bj.Capacity.Free()[corev1.ResourceName("nvidia.com/gpu")]
	assert.Equal(t, int64(6), gpu.Value())

	// Sample returns fresh copies: mutating one does not leak into the next.
	f.Members[0].Labels["env"] = "mutated"
	again, _ := fleet.Sample().Member("karmada-host")
	assert.Equal(t, "prod", again.Labels["env"])
}

// models is a fleet file of one member with the given resource models and node counts.
func models(models, counts string) string {
	return "members: [{name: a, capacity: {models: [" + models + "], allocatableModelings: [" + counts + "]}}]"
}

func cpu(lo, hi string) string { return "{name: cpu, min: '" + lo + "', max: '" + hi + "'}" }
func mem(lo, hi string) string { return "{name: memory, min: '" + lo + "', max: '" + hi + "'}" }

// TestLoadModels: resource models and node counts as Karmada stores them load as written.
func TestLoadModels(t *testing.T) {
	f, err := fleet.Load([]byte(models("{grade: 0, ranges: ["+cpu("0", "2")+", "+mem("0", "4Gi")+"]}, {grade: 1, ranges: ["+
		cpu("2", "9223372036854775807")+", "+mem("4Gi", "1Ti")+"]}", "{grade: 0, count: 3}, {grade: 1, count: 0}")))
	require.NoError(t, err)
	c := f.Members[0].Capacity
	require.Len(t, c.Models, 2)
	assert.Equal(t, "4Gi", c.Models[1].Ranges[1].Min.String())
	assert.Equal(t, []fleet.AllocatableModeling{{Grade: 0, Count: 3}, {Grade: 1, Count: 0}}, c.AllocatableModelings)
}

func TestLoadRejectsBadInput(t *testing.T) {
	cases := map[string]struct {
		doc   string
		field string
		is    error
	}{
		"unknown field":          {doc: "members: [{name: a, regoin: x}]", is: fleet.ErrDecode},
		"not yaml":               {doc: "members: [", is: fleet.ErrDecode},
		"no members":             {doc: "name: x", field: "members", is: fleet.ErrInvalid},
		"empty name":             {doc: "members: [{region: x}]", field: "members[0].name", is: fleet.ErrInvalid},
		"bad name":               {doc: "members: [{name: Bad_Name}]", field: "members[0].name", is: fleet.ErrInvalid},
		"duplicate":              {doc: "members: [{name: a}, {name: b}, {name: a}]", field: "members[2].name", is: fleet.ErrInvalid},
		"negative capacity":      {doc: "members: [{name: a, capacity: {allocatable: {cpu: '-1'}}}]", field: "members[0].capacity.allocatable[cpu]", is: fleet.ErrInvalid},
		"bad label value":        {doc: "members: [{name: a, labels: {env: 'a b'}}]", field: "members[0].labels[env]", is: fleet.ErrInvalid},
		"zone and zones":         {doc: "members: [{name: a, zone: z1, zones: [z1, z2]}]", field: "members[0].zones", is: fleet.ErrInvalid},
		"empty zone":             {doc: "members: [{name: a, zones: [z1, '']}]", field: "members[0].zones[1]", is: fleet.ErrInvalid},
		"duplicate zone":         {doc: "members: [{name: a, zones: [z1, z2, z1]}]", field: "members[0].zones[2]", is: fleet.ErrInvalid},
		"grades decrease":        {doc: models("{grade: 2, ranges: ["+cpu("0", "2")+"]}, {grade: 1, ranges: ["+cpu("2", "4")+"]}", ""), field: "members[0].capacity.models[1].grade", is: fleet.ErrInvalid},
		"other resource count":   {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+"]}, {grade: 1, ranges: ["+cpu("2", "4")+", "+mem("0", "1Gi")+"]}", ""), field: "members[0].capacity.models[1].ranges", is: fleet.ErrInvalid},
		"other resource":         {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+"]}, {grade: 1, ranges: ["+mem("2", "4")+"]}", ""), field: "members[0].capacity.models[1].ranges[0].name", is: fleet.ErrInvalid},
		"resource twice":         {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+", "+cpu("0", "2")+"]}", ""), field: "members[0].capacity.models[0].ranges[1].name", is: fleet.ErrInvalid},
		"max not above min":      {doc: models("{grade: 0, ranges: ["+cpu("0", "0")+"]}", ""), field: "members[0].capacity.models[0].ranges[0].max", is: fleet.ErrInvalid},
		"first grade not from 0": {doc: models("{grade: 0, ranges: ["+cpu("1", "2")+"]}", ""), field: "members[0].capacity.models[0].ranges[0].min", is: fleet.ErrInvalid},
		"grades not contiguous":  {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+"]}, {grade: 1, ranges: ["+cpu("4", "8")+"]}", ""), field: "members[0].capacity.models[1].ranges[0].min", is: fleet.ErrInvalid},
		"counts without models":  {doc: "members: [{name: a, capacity: {allocatableModelings: [{grade: 0, count: 1}]}}]", field: "members[0].capacity.allocatableModelings", is: fleet.ErrInvalid},
		"a grade not counted":    {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+"]}, {grade: 1, ranges: ["+cpu("2", "4")+"]}", "{grade: 0, count: 1}"), field: "members[0].capacity.allocatableModelings", is: fleet.ErrInvalid},
		"count of another grade": {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+"]}", "{grade: 3, count: 1}"), field: "members[0].capacity.allocatableModelings[0].grade", is: fleet.ErrInvalid},
		"negative count":         {doc: models("{grade: 0, ranges: ["+cpu("0", "2")+"]}", "{grade: 0, count: -1}"), field: "members[0].capacity.allocatableModelings[0].count", is: fleet.ErrInvalid},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := fleet.Load([]byte(tc.doc))
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.is)
			if tc.field != "" {
				var ve *fleet.ValidationError
				require.True(t, errors.As(err, &ve), "want *ValidationError, got %T: %v", err, err)
				assert.Equal(t, tc.field, ve.Field)
			}
		})
	}
}

// TestZeroMemberIsReady: a Member built in Go without a word about readiness used to be not ready
// (Ready was false) while the same member in a file was ready. Now both are ready.
func TestZeroMemberIsReady(t *testing.T) {
	var zero fleet.Member
	assert.False(t, zero.NotReady)
	f, err := fleet.Load([]byte("members: [{name: a}]"))
	require.NoError(t, err)
	assert.Equal(t, fleet.Member{Name: "a"}, f.Members[0], "a file member that omits readiness is the Go zero value")
}

func TestLoadReadiness(t *testing.T) {
	cases := map[string]struct {
		doc      string
		notReady bool
	}{
		"omitted":             {`{"members":[{"name":"a"}]}`, false},
		"notReady true":       {`{"members":[{"name":"a","notReady":true}]}`, true},
		"notReady false":      {`{"members":[{"name":"a","notReady":false}]}`, false},
		"older ready: false":  {"members: [{name: a, ready: false}]", true},
		"older ready: true":   {"members: [{name: a, ready: true}]", false},
		"yaml notReady: true": {"members:\n- name: a\n  notReady: true\n", true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f, err := fleet.Load([]byte(tc.doc))
			require.NoError(t, err)
			assert.Equal(t, tc.notReady, f.Members[0].NotReady)
		})
	}
}

func TestLoadRefusesBothReadinessKeys(t *testing.T) {
	_, err := fleet.Load([]byte("members: [{name: a, ready: true, notReady: false}]"))
	var ve *fleet.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "members[0].ready", ve.Field)
	assert.ErrorIs(t, err, fleet.ErrInvalid)
}

func TestAffinity(t *testing.T) {
	f := fleet.Sample()
	cases := map[string]struct {
		affinity fleet.Affinity
		want     []string
	}{
		"names": {fleet.Affinity{ClusterNames: []string{"serving-sh", "training-bj", "nope"}}, []string{"training-bj", "serving-sh"}},
		"labels and exclude": {fleet.Affinity{
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"city": "sz"}},
			Exclude:       []string{"edge-store-008"},
		}, []string{"edge-store-009"}},
		"role label": {fleet.Affinity{
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{fleet.RoleLabel: "serving"}},
		}, []string{"serving-sh"}},
		"field in": {fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: fleet.FieldRegion, Operator: corev1.NodeSelectorOpIn, Values: []string{"cn-west"}},
		}}}, []string{"edge-store-010"}},
		"field notin and provider": {fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: fleet.FieldProvider, Operator: corev1.NodeSelectorOpNotIn, Values: []string{"onprem"}},
		}}}, []string{"serving-sh"}},
		"all parts must hold": {fleet.Affinity{
			ClusterNames:  []string{"serving-sh", "training-bj"},
			LabelSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"tier": "gpu"}},
		}, []string{"training-bj"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := f.Select(tc.affinity)
			require.NoError(t, err)
			names := make([]string, len(got))
			for i, m := range got {
				names[i] = m.Name
			}
			assert.Equal(t, tc.want, names)
		})
	}
}

func TestAffinityRejectsMalformedSelectors(t *testing.T) {
	bad := []struct {
		affinity fleet.Affinity
		field    string
	}{
		{fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: "city", Operator: corev1.NodeSelectorOpIn, Values: []string{"x"}}}}}, "affinity.fieldSelector.matchExpressions[0].key"},
		{fleet.Affinity{FieldSelector: &fleet.FieldSelector{MatchExpressions: []corev1.NodeSelectorRequirement{
			{Key: "zone", Operator: corev1.NodeSelectorOpGt, Values: []string{"1"}}}}}, "affinity.fieldSelector.matchExpressions[0].operator"},
		{fleet.Affinity{LabelSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{
			{Key: "env", Operator: "Near"}}}}, "affinity.labelSelector"},
	}
	for _, tc := range bad {
		_, err := fleet.Sample().Select(tc.affinity)
		var ve *fleet.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, tc.field, ve.Field)
		assert.False(t, tc.affinity.Matches(fleet.Sample().Members[0]), "a malformed selector matches nothing")
	}
}

func TestCapacityFreeNeverNegative(t *testing.T) {
	c := fleet.Capacity{
		Allocatable: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2")},
		Allocated:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("3"), corev1.ResourceMemory: resource.MustParse("1Gi")},
	}
	free := c.Free()
	assert.Equal(t, int64(0), free.Cpu().MilliValue())
	_, hasMem := free[corev1.ResourceMemory]
	assert.False(t, hasMem, "allocated but not allocatable resources are not free")
}

func TestDeepCopySharesNothing(t *testing.T) {
	m, _ := fleet.Sample().Member("training-bj")
	c := m.DeepCopy()
	c.Labels["env"] = "staging"
	c.Taints[0].Key = "x"
	m.Zones = []string{"z1", "z2"}
	c2 := m.DeepCopy()
	c2.Zones[0] = "changed"
	assert.Equal(t, "z1", m.Zones[0])
	q := c.Capacity.Allocatable[corev1.ResourceCPU]
	q.Add(resource.MustParse("1"))
	c.Capacity.Allocatable[corev1.ResourceCPU] = q
	assert.Equal(t, "dev", m.Labels["env"])
	assert.Equal(t, "nvidia.com/gpu", m.Taints[0].Key)
	assert.Equal(t, "512", m.Capacity.Allocatable.Cpu().String())
}

func FuzzLoad(f *testing.F) {
	f.Add(fleet.SampleYAML())
	f.Add([]byte(`{"members":[{"name":"a","capacity":{"allocatable":{"cpu":"1e3"}}}]}`))
	f.Add([]byte("members: [{name: a}, {name: a}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := fleet.Load(data)
		if err != nil {
			return
		}
		// Whatever loads is valid and non-empty.
		require.NoError(t, got.Validate())
		require.NotEmpty(t, got.Members)
	})
}

func TestValidationReportsTheSameFieldEveryTime(t *testing.T) {
	doc := []byte("members: [{name: a, labels: {z: 'bad value', b: 'also bad', m: 'x y'}, capacity: {allocatable: {memory: '-1', cpu: '-2'}}}]")
	for range 20 {
		_, err := fleet.Load(doc)
		var ve *fleet.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "members[0].capacity.allocatable[cpu]", ve.Field, "the first problem in field order")
	}
	m := fleet.Member{Name: "a", Capacity: fleet.Capacity{Allocated: corev1.ResourceList{
		corev1.ResourceMemory: resource.MustParse("-1"), corev1.ResourceCPU: resource.MustParse("-2")}}}
	for range 20 {
		err := m.Validate("m")
		var ve *fleet.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "m.capacity.allocated[cpu]", ve.Field)
	}
}

// TestValidateReportsEveryProblemSortedByField: Validate used to stop at the first problem of each member
// (one bad label hid the next, and a negative capacity behind it).
func TestValidateReportsEveryProblemSortedByField(t *testing.T) {
	f := fleet.Fleet{Members: []fleet.Member{
		{Name: "a", Labels: map[string]string{"z": "bad value", "b": "also bad", "m": "x y"},
			Capacity: fleet.Capacity{Allocatable: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse("-1")},
				Allocated: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("-2")}},
			APIs: []fleet.APIGroupVersion{{}, {GroupVersion: "v1", Resources: []fleet.APIResource{{Name: "pods"}}}}},
		{Name: "Bad_Name"},
		{Name: "a"},
	}}
	for i := 3; i <= 11; i++ {
		f.Members = append(f.Members, fleet.Member{Name: "ok-" + string(rune('a'+i))})
	}
	f.Members = append(f.Members, fleet.Member{})
	err := f.Validate()
	require.ErrorIs(t, err, fleet.ErrInvalid)
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ve *fleet.ValidationError
		require.ErrorAs(t, e, &ve)
		fields = append(fields, ve.Field)
	}
	assert.Equal(t, []string{
		"members[0].apis[0].groupVersion", "members[0].apis[1].resources[0]",
		"members[0].capacity.allocatable[memory]", "members[0].capacity.allocated[cpu]",
		"members[0].labels[b]", "members[0].labels[m]", "members[0].labels[z]",
		"members[1].name", "members[2].name", "members[12].name",
	}, fields)
}
