package strictyaml

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	sigsjson "sigs.k8s.io/json"
)

// diffBase is embedded, as metav1.TypeMeta is in Kubernetes objects.
type diffBase struct {
	Kind string `json:"kind,omitempty"`
}

type diffNamed string

type diffTarget struct {
	diffBase `json:",inline"`
	Name     string                       `json:"name"`
	Count    int32                        `json:"count,omitempty"`
	Small    int8                         `json:"small,omitempty"`
	Unsigned uint16                       `json:"unsigned,omitempty"`
	Ratio    float64                      `json:"ratio,omitempty"`
	Flag     bool                         `json:"flag,omitempty"`
	Ptr      *int32                       `json:"ptr,omitempty"`
	Named    diffNamed                    `json:"named,omitempty"`
	List     []diffItem                   `json:"list,omitempty"`
	Map      map[string]*diffItem         `json:"map,omitempty"`
	Keys     map[corev1.ResourceName]bool `json:"keys,omitempty"`
	Quantity resource.Quantity            `json:"quantity"`
	QPtr     *resource.Quantity           `json:"qptr,omitempty"`
	Raw      json.RawMessage              `json:"raw,omitempty"`
	Time     metav1.Time                  `json:"time"`
	Port     intstr.IntOrString           `json:"port"`
	Untagged string
	Skipped  string `json:"-"`
	hidden   string //nolint:unused // an unexported field is never decoded
}

type diffItem struct {
	ID    string              `json:"id"`
	Items []string            `json:"items"`
	Res   corev1.ResourceList `json:"res,omitempty"`
}

// diffTypes are the targets the fast decoder is compared on: a synthetic one that touches every case, and
// real Kubernetes types.
func diffTypes() []func() any {
	return []func() any{
		func() any { return &diffTarget{} },
		func() any { return &appsv1.Deployment{} },
		func() any { return &corev1.Pod{} },
		func() any { return &[]diffItem{} },
		func() any { return &map[string]int64{} },
	}
}

var diffSeeds = []string{
	`{"kind":"K","name":"a","count":3,"small":-128,"unsigned":65535,"ratio":1.5e3,"flag":true,"ptr":7,"named":"n",` +
		`"list":[{"id":"x","items":["a","b"]},{"id":"y","items":[],"res":{"cpu":"500m"}}],"map":{"k":{"id":"z","items":null},"nil":null},` +
		`"keys":{"nvidia.com/gpu":true},"quantity":"2Gi","qptr":"1","raw":{"any":[1,{"b":null}]},"time":"2024-01-02T03:04:05Z",` +
		`"port":"http","Untagged":"u"}`,
	`{"name":"\u00e9\"\\\n","list":null,"map":{},"ptr":null,"quantity":null,"time":null,"port":8080}`,
	`{"name":"héllo wörld","count":1.0}`,
	`{"count":2147483648}`,
	`{"small":128}`,
	`{"unsigned":-1}`,
	`{"name":1}`,
	`{"Name":"case"}`,
	`{"untagged":"case"}`,
	`{"Skipped":"x","hidden":"y"}`,
	`{"name":null,"flag":null}`,
	`{"quantity":"1x"}`,
	`{"raw":"s","list":[{"id":"a","extra":1}]}`,
	`{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},"creationTimestamp":null},` +
		`"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":0}},` +
		`"template":{"spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"1"}},"ports":[{"containerPort":80}]}]}}}}`,
	`{"spec":{"containers":[{"name":"c","securityContext":{"privileged":true}}],"overhead":{"memory":"1Mi"}}}`,
	`[{"id":"a","items":["x"]},{"id":"b","items":null}]`,
	`{"a":1,"b":-2,"c":9223372036854775807,"d":1e2}`,
	"{\"name\" : \"spaced\" ,\n \"list\" : [ { \"id\" : \"x\" , \"items\" : [ ] } ] }",
}

// TestFastDecodeAgreesWithTheStrictDecoder: whatever the fast path accepts, sigs.k8s.io/json's strict
// decoder accepts too, with the same result; the seeds cover every case the fast path handles or hands on.
func TestFastDecodeAgreesWithTheStrictDecoder(t *testing.T) {
	fast := 0
	for _, seed := range diffSeeds {
		for _, newT := range diffTypes() {
			if agree(t, []byte(seed), newT) {
				fast++
			}
		}
	}
	assert.Greater(t, fast, 5, "the fast path must take the common cases")
	require.True(t, fastType(reflect.TypeFor[appsv1.Deployment]()), "Kubernetes workloads decode on the fast path")
}

// agree decodes data into two fresh values of newT's type, fast and strict, and reports whether the fast
// path took it.
func agree(t *testing.T, data []byte, newT func() any) bool {
	t.Helper()
	doc, err := Parse(data)
	if err != nil {
		return false
	}
	a, b := newT(), newT()
	if fastDecode(doc.JSON(), a) != nil {
		return false
	}
	strict, err := sigsjson.UnmarshalStrict(doc.JSON(), b, sigsjson.DisallowUnknownFields)
	require.NoError(t, err, "the fast path accepted %s into %T; the strict decoder refuses it", data, a)
	require.Empty(t, strict, "the fast path accepted %s into %T; the strict decoder refuses it", data, a)
	require.Equal(t, b, a, "%s into %T", data, a)
	return true
}

// FuzzFastDecode: on any input, the fast path never panics and never disagrees with the strict decoder.
func FuzzFastDecode(f *testing.F) {
	for _, s := range diffSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, newT := range diffTypes() {
			agree(t, data, newT)
		}
	})
}
