package eval

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

// strictCodecs decode built-in kinds strictly, as the API server does with fieldValidation=Strict: unknown
// and duplicate fields are errors rather than silently dropped.
var strictCodecs = serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict)

// Decode reads every object of a YAML or JSON stream (documents separated by "---"). Built-in kinds become
// typed objects, as the API server holds them during admission; other kinds stay unstructured.
func Decode(data []byte) ([]runtime.Object, error) {
	reader := yaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var out []runtime.Object
	for i := 0; ; i++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: document %d: %v", ErrDecode, i, err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) == 0 {
			continue
		}
		obj, err := decodeOne(doc)
		if err != nil {
			return nil, fmt.Errorf("%w: document %d: %v", ErrDecode, i, err)
		}
		out = append(out, obj)
	}
}

func decodeOne(doc []byte) (runtime.Object, error) {
	js, err := yaml.ToJSON(doc)
	if err != nil {
		return nil, err
	}
	obj, _, err := strictCodecs.UniversalDeserializer().Decode(js, nil, nil)
	if err == nil {
		return obj, nil
	}
	if !runtime.IsNotRegisteredError(err) {
		return nil, err
	}
	u := &unstructured.Unstructured{}
	if _, _, err := unstructured.UnstructuredJSONScheme.Decode(js, nil, u); err != nil {
		return nil, err
	}
	return u, nil
}

// stripComments drops YAML comment lines, so that a document of only comments counts as empty.
func stripComments(doc []byte) []byte {
	var b bytes.Buffer
	for _, line := range bytes.Split(doc, []byte("\n")) {
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '#' {
			b.Write(line)
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
