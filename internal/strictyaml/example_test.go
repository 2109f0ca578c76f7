package strictyaml_test

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
)

// Decode a document strictly: what YAML would silently accept is an error naming the place.
func ExampleUnmarshal() {
	type rule struct {
		Action string `json:"action"`
	}
	var r rule
	fmt.Println(strictyaml.Unmarshal([]byte("action: Enforce\n"), &r), r.Action)
	fmt.Println(strictyaml.Unmarshal([]byte("action: Enforce\naction: Warn\n"), &r))
	fmt.Println(strictyaml.Unmarshal([]byte("actoin: Warn\n"), &r))
	fmt.Println(strictyaml.Unmarshal([]byte("action: Enforce\n---\naction: Warn\n"), &r))

	err := strictyaml.Unmarshal(strictyamltest.AliasBomb(""), &r)
	var limit *strictyaml.LimitError
	fmt.Println(errors.As(err, &limit), limit.Limit)
	// Output:
	// <nil> Enforce
	// action: duplicate key "action" (first at line 1) (line 2)
	// actoin: unknown field (did you mean "action"?) (line 1)
	// a second document where one is expected (line 3)
	// true decoded size
}

// Read every object of a manifest stream; kubectl's kind: List counts as its items.
func ExampleParseAll() {
	docs, err := strictyaml.ParseAll([]byte(`
apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
---
{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "c"}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range docs {
		fmt.Println(d.Name(), string(d.JSON()))
	}
	// Output:
	// document 1, items[0] {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}
	// document 1, items[1] {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}
	// document 2 {"apiVersion":"v1","kind":"Secret","metadata":{"name":"c"}}
}
