package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"

	"go.yaml.in/yaml/v3"
	sigsjson "sigs.k8s.io/json"
)

// Document is one object read from YAML or JSON input: its JSON form, checked against the limits and for
// duplicate keys, ready to be decoded strictly into a Go value.
type Document struct {
	json []byte
	// node is the YAML value the document came from, to locate decode errors; nil for JSON input.
	node *yaml.Node
	// src is the JSON input of the document when node is nil.
	src []byte
	// index is the document's position in the input; item its position in a kind: List, or -1.
	index, item int
}

// JSON returns the document as JSON text. The caller must not modify it.
func (d *Document) JSON() []byte { return d.json }

// Name locates the document in its input: "document 1", or "document 1, items[2]" inside a kind: List.
func (d *Document) Name() string {
	if d.item < 0 {
		return fmt.Sprintf("document %d", d.index+1)
	}
	return fmt.Sprintf("document %d, items[%d]", d.index+1, d.item)
}

// Decode stores the document in the value into points to. Keys must match the `json` names of into's
// fields exactly; an unknown key, a value of the wrong type, or a value the field's type refuses (such as
// a malformed quantity) is a *FieldError naming its path and line. Every such problem is reported, joined.
// On error, into may be partly filled.
func (d *Document) Decode(into any) error {
	if fastDecode(d.json, into) == nil {
		return nil
	}
	strict, err := sigsjson.UnmarshalStrict(d.json, into, sigsjson.DisallowUnknownFields)
	if err == nil && len(strict) == 0 {
		return nil
	}
	if located := d.locate(into); located != nil {
		return located
	}
	if err != nil {
		return &FieldError{Reason: err.Error(), kind: ErrType}
	}
	errs := make([]error, 0, len(strict))
	for _, e := range strict {
		fe := &FieldError{Reason: e.Error(), kind: ErrUnknownField}
		var f sigsjson.FieldError
		if errors.As(e, &f) {
			fe.Path, fe.Reason = f.FieldPath(), "unknown field"
		}
		errs = append(errs, fe)
	}
	return errors.Join(errs...)
}

// locate explains a failed decode by walking the document beside into's type.
func (d *Document) locate(into any) error {
	t := reflect.TypeOf(into)
	if t == nil || t.Kind() != reflect.Pointer {
		return nil
	}
	node := d.node
	if node == nil {
		var doc yaml.Node
		if yaml.Unmarshal(d.src, &doc) != nil || len(doc.Content) == 0 {
			return nil
		}
		node = doc.Content[0]
	}
	l := &locator{noLines: d.node == nil && !bytes.Contains(d.src, []byte{'\n'})}
	l.walk(node, t.Elem())
	return errors.Join(l.errs...)
}
