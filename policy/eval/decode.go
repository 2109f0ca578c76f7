package eval

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/client-go/kubernetes/scheme"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// strictCodecs decode built-in kinds strictly, as the API server does with fieldValidation=Strict: unknown
// and duplicate fields are errors rather than silently dropped.
var strictCodecs = serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict)

// Decode reads every object of a YAML or JSON stream (documents separated by "---"; the items of a
// `kind: List`, as kubectl writes several objects, count as objects). Built-in kinds become typed objects,
// as the API server holds them during admission; other kinds stay unstructured. Duplicate keys are
// errors, and the stream must stay within the decoder's limits (16 MiB, 32 MiB decoded with aliases
// expanded, 100 levels, 500,000 nodes): an alias bomb is refused before it is expanded.
func Decode(data []byte) ([]runtime.Object, error) {
	docs, err := strictyaml.ParseAll(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecode, err)
	}
	out := make([]runtime.Object, 0, len(docs))
	for _, doc := range docs {
		obj, err := decodeOne(doc.JSON())
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrDecode, doc.Name(), err)
		}
		out = append(out, obj)
	}
	return out, nil
}

func decodeOne(js []byte) (runtime.Object, error) {
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
