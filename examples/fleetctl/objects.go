package main

import (
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
)

// objectList is the one document of a command that prints Kubernetes objects (cluster render, fleet
// render, policy compile) with -o json and -o yaml: a v1 List, as kubectl prints several objects, ready
// for kubectl apply -f.
type objectList struct {
	APIVersion string           `json:"apiVersion"`
	Kind       string           `json:"kind"`
	Items      []map[string]any `json:"items"`
}

// newObjectList converts rendered objects to plain maps without the empty fields typed objects always
// carry (creationTimestamp: null, status: {}: rendered objects have no status), so the output is what a
// person would write.
func newObjectList[T runtime.Object](objs []T) (objectList, error) {
	list := objectList{APIVersion: "v1", Kind: "List", Items: make([]map[string]any, 0, len(objs))}
	for _, obj := range objs {
		m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return objectList{}, fmt.Errorf("convert %T: %w", obj, err)
		}
		unstructured.RemoveNestedField(m, "metadata", "creationTimestamp")
		unstructured.RemoveNestedField(m, "status")
		list.Items = append(list.Items, m)
	}
	return list, nil
}

// printObjects writes objects as a v1 List with -o json and yaml, or calls table.
func printObjects[T runtime.Object](w io.Writer, format string, objs []T, table func(io.Writer) error) error {
	if format == formatTable {
		return table(w)
	}
	list, err := newObjectList(objs)
	if err != nil {
		return err
	}
	return printOutput(w, format, list, nil)
}
