package strictyaml_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

type capacity map[string]resource.Quantity

type member struct {
	Name     string   `json:"name"`
	Weight   int32    `json:"weight,omitempty"`
	Ready    *bool    `json:"ready,omitempty"`
	Share    float64  `json:"share,omitempty"`
	Capacity capacity `json:"capacity,omitempty"`
	Tags     []string `json:"tags,omitempty"`
}

type fleetFile struct {
	Name    string   `json:"name"`
	Members []member `json:"members"`
}

func TestUnmarshalDecodesYAMLAndJSONAlike(t *testing.T) {
	yamlDoc := `
name: f
members:
- name: a
  weight: 0x10
  ready: false
  share: 1_000.5
  capacity: {cpu: 2, nvidia.com/gpu: "8"}
  tags: [x, "y"]
- name: b
`
	jsonDoc := `{"name":"f","members":[{"name":"a","weight":16,"ready":false,"share":1000.5,
		"capacity":{"cpu":2,"nvidia.com/gpu":"8"},"tags":["x","y"]},{"name":"b"}]}`
	var fromYAML, fromJSON fleetFile
	require.NoError(t, strictyaml.Unmarshal([]byte(yamlDoc), &fromYAML))
	require.NoError(t, strictyaml.Unmarshal([]byte(jsonDoc), &fromJSON))
	assert.Equal(t, fromJSON, fromYAML)
	assert.Equal(t, int32(16), fromYAML.Members[0].Weight)
	gpu := fromYAML.Members[0].Capacity["nvidia.com/gpu"]
	assert.Equal(t, "8", gpu.String())
}

func TestUnmarshalRefusesWithPathAndLine(t *testing.T) {
	cases := []struct {
		name, doc string
		is        error
		want      string
	}{
		{"duplicate key", "name: f\nname: g\n", strictyaml.ErrDuplicateKey, `name: duplicate key "name" (first at line 1) (line 2)`},
		{"duplicate nested key", "members:\n- name: a\n  weight: 1\n  weight: 2\n", strictyaml.ErrDuplicateKey, "members[0].weight: duplicate key"},
		{"duplicate JSON key", "{\"members\":[\n{\"name\":\"a\",\"name\":\"b\"}]}", strictyaml.ErrDuplicateKey, `members[0].name: duplicate key "name" (line 2)`},
		{"single-line JSON has no lines", `{"members":[{"name":"a","name":"b"}]}`, strictyaml.ErrDuplicateKey, `members[0].name: duplicate key "name"`},
		{"duplicate escaped JSON key", `{"name":"a","n\u0061me":"b"}`, strictyaml.ErrDuplicateKey, "duplicate key"},
		{"unknown field", "members:\n- name: a\n- name: b\n  wieght: 2\n", strictyaml.ErrUnknownField,
			`members[1].wieght: unknown field (did you mean "weight"?) (line 4)`},
		{"unknown field in JSON", "{\"members\":[{\"name\":\"a\",\n\"Weight\":2}]}", strictyaml.ErrUnknownField,
			`members[0].Weight: unknown field (did you mean "weight"?) (line 2)`},
		{"bad quantity", "members:\n- name: a\n  capacity: {nvidia.com/gpu: lots}\n", strictyaml.ErrType,
			"members[0].capacity[nvidia.com/gpu]: invalid value string \"lots\""},
		{"bad quantity in JSON", `{"members":[{"name":"a","capacity":{"cpu":"x"}}]}`, strictyaml.ErrType,
			"members[0].capacity.cpu: invalid value"},
		{"string for int", "members:\n- {name: a, weight: heavy}\n", strictyaml.ErrType, `members[0].weight: expected an integer, got string "heavy" (line 2)`},
		{"int overflow", "members:\n- {name: a, weight: 3000000000}\n", strictyaml.ErrType, "out of range for int32"},
		{"number for string", "name: 12\nmembers: []\n", strictyaml.ErrType, "name: expected a string, got integer 12"},
		{"yes is not a boolean", "members:\n- {name: a, ready: yes}\n", strictyaml.ErrType, `expected true or false, got string "yes"`},
		{"mapping for list", "members: {name: a}\n", strictyaml.ErrType, "members: expected a list, got a mapping"},
		{"second document", "name: f\n---\nname: g\n", strictyaml.ErrDocuments, "a second document where one is expected (line 3)"},
		{"second JSON value", `{"name":"f"} {"name":"g"}`, strictyaml.ErrDocuments, "a second document"},
		{"no document", "# nothing\n", strictyaml.ErrDocuments, "no document"},
		{"syntax", "members: [", strictyaml.ErrSyntax, ""},
		{"bad JSON", `{"name": "f"`, strictyaml.ErrSyntax, "invalid JSON"},
		{"JSON-like flow YAML with a trailing comma is YAML", `{"name": "f",}`, nil, ""},
		{"infinity", "members:\n- {name: a, share: .inf}\n", strictyaml.ErrUnsupported, "has no JSON form"},
		{"cyclic alias", "a: &x [*x]\n", strictyaml.ErrUnsupported, "refers to a node that contains it"},
		{"complex key", "? [a]\n: b\n", strictyaml.ErrUnsupported, "mapping key must be a scalar"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f fleetFile
			err := strictyaml.Unmarshal([]byte(c.doc), &f)
			if c.is == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, c.is)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestUnmarshalReportsEveryUnknownField(t *testing.T) {
	var f fleetFile
	err := strictyaml.Unmarshal([]byte("members:\n- {name: a, x: 1}\n- {name: b, y: 2}\n"), &f)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "members[0].x: unknown field")
	assert.Contains(t, err.Error(), "members[1].y: unknown field")
}

func TestMergeKeysAndAliases(t *testing.T) {
	doc := `
base: &base {name: a, weight: 3}
members:
- <<: *base
- <<: *base
  name: b
- <<: [{weight: 5}, *base]
  name: c
`
	var f struct {
		Base    member   `json:"base"`
		Members []member `json:"members"`
	}
	require.NoError(t, strictyaml.Unmarshal([]byte(doc), &f))
	assert.Equal(t, []member{{Name: "a", Weight: 3}, {Name: "b", Weight: 3}, {Name: "c", Weight: 5}}, f.Members)
}

func TestParseAllSplitsDocumentsAndLists(t *testing.T) {
	data := `# leading comment
---
kind: Pod
metadata: {name: p}
---
---
apiVersion: v1
kind: List
items:
- {kind: Pod, metadata: {name: q}}
- {kind: Pod, metadata: {name: r}}
`
	docs, err := strictyaml.ParseAll([]byte(data))
	require.NoError(t, err)
	require.Len(t, docs, 3)
	assert.JSONEq(t, `{"kind":"Pod","metadata":{"name":"p"}}`, string(docs[0].JSON()))
	assert.Equal(t, "document 1", docs[0].Name())
	assert.JSONEq(t, `{"kind":"Pod","metadata":{"name":"r"}}`, string(docs[2].JSON()))
	assert.Equal(t, "document 3, items[1]", docs[2].Name())

	docs, err = strictyaml.ParseAll([]byte(`{"kind":"List","items":[{"a":1},{"b":2}]} {"c":3}`))
	require.NoError(t, err)
	require.Len(t, docs, 3)
	assert.JSONEq(t, `{"b":2}`, string(docs[1].JSON()))
	assert.Equal(t, "document 2", docs[2].Name())

	_, err = strictyaml.ParseAll([]byte("a: 1\n---\nb: 1\nb: 2\n"))
	assert.ErrorIs(t, err, strictyaml.ErrDuplicateKey)
}

func TestFlowYAMLThatLooksLikeJSON(t *testing.T) {
	var f fleetFile
	require.NoError(t, strictyaml.Unmarshal([]byte("{name: f, members: [{name: a}]}"), &f))
	assert.Equal(t, "a", f.Members[0].Name)
}

func TestScalarsConvertByTheirYAMLTag(t *testing.T) {
	doc, err := strictyaml.Parse([]byte(`
s: yes
q: "1"
i: 0o17
b: 0b101
u: 18446744073709551615
f: .5
e: 1e3
n: ~
t: True
ts: 2024-01-02
str: "tab\there \u00e9"
`))
	require.NoError(t, err)
	assert.JSONEq(t, `{"s":"yes","q":"1","i":15,"b":5,"u":18446744073709551615,"f":0.5,"e":1e3,"n":null,
		"t":true,"ts":"2024-01-02","str":"tab\there é"}`, string(doc.JSON()))
}

func TestLimitsAreTypedErrors(t *testing.T) {
	cases := []struct {
		name  string
		lim   strictyaml.Limits
		doc   string
		limit string
	}{
		{"input", strictyaml.Limits{MaxInputBytes: 8}, "name: abcdefgh", strictyaml.LimitInputBytes},
		{"depth", strictyaml.Limits{MaxDepth: 3}, "a: {b: {c: {d: 1}}}", strictyaml.LimitDepth},
		{"depth JSON", strictyaml.Limits{MaxDepth: 3}, `{"a":{"b":{"c":{"d":1}}}}`, strictyaml.LimitDepth},
		{"depth through alias", strictyaml.Limits{MaxDepth: 3}, "x: &x {b: {c: 1}}\ny: {z: *x}", strictyaml.LimitDepth},
		{"nodes", strictyaml.Limits{MaxNodes: 5}, "- 1\n- 2\n- 3\n- 4\n- 5\n- 6\n", strictyaml.LimitNodes},
		{"nodes JSON", strictyaml.Limits{MaxNodes: 5}, "[1,2,3,4,5,6]", strictyaml.LimitNodes},
		{"decoded", strictyaml.Limits{MaxDecodedBytes: 20}, "a: &a 0123456789\nb: [*a, *a, *a]\n", strictyaml.LimitDecodedBytes},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var out any
			err := c.lim.Unmarshal([]byte(c.doc), &out)
			require.ErrorIs(t, err, strictyaml.ErrLimit)
			var le *strictyaml.LimitError
			require.True(t, errors.As(err, &le))
			assert.Equal(t, c.limit, le.Limit)
		})
	}
	var out any
	require.NoError(t, strictyaml.Limits{MaxDepth: 4}.Unmarshal([]byte("a: {b: {c: {d: 1}}}"), &out), "depth 4 is within 4")
}
