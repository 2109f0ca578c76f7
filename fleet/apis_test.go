package fleet_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/fleet"
)

func TestServes(t *testing.T) {
	builtin := fleet.Member{Name: "a"}
	crdOnly := fleet.Member{Name: "b", APIs: []fleet.APIGroupVersion{{GroupVersion: "flink.apache.org/v1beta1",
		Resources: []fleet.APIResource{{Name: "flinkdeployments", Kind: "FlinkDeployment"}}}}}
	none := fleet.Member{Name: "c", APIs: []fleet.APIGroupVersion{}}
	tests := []struct {
		name     string
		m        fleet.Member
		gv, kind string
		want     bool
	}{
		{"unlisted APIs are the built-in ones", builtin, "apps/v1", "Deployment", true},
		{"core group", builtin, "v1", "Pod", true},
		{"a CRD is not built in", builtin, "flink.apache.org/v1beta1", "FlinkDeployment", false},
		{"the wrong version", builtin, "apps/v1beta1", "Deployment", false},
		{"a listed CRD", crdOnly, "flink.apache.org/v1beta1", "FlinkDeployment", true},
		{"listing replaces the built-in ones", crdOnly, "apps/v1", "Deployment", false},
		{"an empty list serves nothing", none, "apps/v1", "Deployment", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.m.Serves(tt.gv, tt.kind))
		})
	}
}

func TestBuiltinAPIsAreFreshCopies(t *testing.T) {
	a := fleet.BuiltinAPIs()
	a[0].Resources[0].Kind = "Mutated"
	assert.NotEqual(t, "Mutated", fleet.BuiltinAPIs()[0].Resources[0].Kind)
}

func TestCapacityFreeCountsAllocating(t *testing.T) {
	c := fleet.Capacity{
		Allocatable: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("10"), corev1.ResourceCPU: resource.MustParse("4")},
		Allocated:   corev1.ResourceList{corev1.ResourcePods: resource.MustParse("3")},
		Allocating:  corev1.ResourceList{corev1.ResourcePods: resource.MustParse("2"), corev1.ResourceCPU: resource.MustParse("5")},
	}
	free := c.Free()
	pods, cpu := free[corev1.ResourcePods], free[corev1.ResourceCPU]
	assert.Equal(t, int64(5), pods.Value())
	assert.Equal(t, int64(0), cpu.Value(), "never below zero")
}

func TestDeepCopyCopiesAPIsAndAllocating(t *testing.T) {
	m := fleet.Member{Name: "a", APIs: fleet.BuiltinAPIs(),
		Capacity: fleet.Capacity{Allocating: corev1.ResourceList{corev1.ResourcePods: resource.MustParse("1")}}}
	c := m.DeepCopy()
	c.APIs[0].Resources[0].Kind = "Mutated"
	c.Capacity.Allocating[corev1.ResourcePods] = resource.MustParse("9")
	assert.NotEqual(t, "Mutated", m.APIs[0].Resources[0].Kind)
	q := m.Capacity.Allocating[corev1.ResourcePods]
	assert.Equal(t, int64(1), q.Value())
	assert.Nil(t, fleet.Member{}.DeepCopy().APIs, "nil stays nil: the built-in APIs")
	assert.NotNil(t, fleet.Member{APIs: []fleet.APIGroupVersion{}}.DeepCopy().APIs, "empty stays empty: no APIs")
}

func TestLoadReadsAPIsAndAllocating(t *testing.T) {
	f, err := fleet.Load([]byte(`members:
- name: a
  apis: [{groupVersion: apps/v1, resources: [{name: deployments, kind: Deployment}]}]
  capacity: {allocatable: {pods: "10"}, allocating: {pods: "4"}}
`))
	require.NoError(t, err)
	assert.True(t, f.Members[0].Serves("apps/v1", "Deployment"))
	assert.False(t, f.Members[0].Serves("batch/v1", "Job"))
	q := f.Members[0].Capacity.Allocating[corev1.ResourcePods]
	assert.Equal(t, int64(4), q.Value())

	for doc, field := range map[string]string{
		"members: [{name: a, apis: [{resources: [{name: x, kind: X}]}]}]":             "members[0].apis[0].groupVersion",
		"members: [{name: a, apis: [{groupVersion: v1, resources: [{name: pods}]}]}]": "members[0].apis[0].resources[0]",
		"members: [{name: a, capacity: {allocating: {pods: '-1'}}}]":                  "members[0].capacity.allocating[pods]",
	} {
		_, err := fleet.Load([]byte(doc))
		var ve *fleet.ValidationError
		require.ErrorAs(t, err, &ve, doc)
		assert.Equal(t, field, ve.Field, doc)
	}
}
