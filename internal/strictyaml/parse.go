package strictyaml

import (
	"bytes"
	"errors"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Unmarshal decodes the one document of data (YAML or JSON) into the value into points to, strictly and
// within DefaultLimits; see Parse and Document.Decode.
func Unmarshal(data []byte, into any) error {
	return DefaultLimits.Unmarshal(data, into)
}

// Parse reads the one document of data within DefaultLimits; see Limits.Parse.
func Parse(data []byte) (*Document, error) {
	return DefaultLimits.Parse(data)
}

// ParseAll reads every object of data within DefaultLimits; see Limits.ParseAll.
func ParseAll(data []byte) ([]*Document, error) {
	return DefaultLimits.ParseAll(data)
}

// Unmarshal decodes the one document of data into the value into points to; see Parse and
// Document.Decode.
func (l Limits) Unmarshal(data []byte, into any) error {
	doc, err := l.Parse(data)
	if err != nil {
		return err
	}
	return doc.Decode(into)
}

// Parse reads data, which must hold exactly one document: YAML, or JSON when its first non-space byte
// is '{' or '['. No document, or a second one, is an error matching ErrDocuments; so are the other
// problems Parse finds (limits, duplicate keys, syntax), each with its path and line.
func (l Limits) Parse(data []byte) (*Document, error) {
	docs, err := l.parse(data, false)
	if err != nil {
		return nil, err
	}
	switch {
	case len(docs) == 0:
		return nil, &FieldError{Reason: "no document in the input", kind: ErrDocuments}
	case len(docs) > 1:
		return nil, &FieldError{Line: docs[1].line, Reason: "a second document where one is expected", kind: ErrDocuments}
	}
	return docs[0].Document, nil
}

// ParseAll reads every document of data (YAML documents separated by "---", or JSON values one after
// another) and returns one Document per object: the items of a `kind: List` count as objects, as kubectl
// reads them. Empty documents are skipped.
func (l Limits) ParseAll(data []byte) ([]*Document, error) {
	docs, err := l.parse(data, true)
	if err != nil {
		return nil, err
	}
	out := make([]*Document, len(docs))
	for i, d := range docs {
		out[i] = d.Document
	}
	return out, nil
}

// located is a parsed document and the line it starts on.
type located struct {
	*Document
	line int
}

func (l Limits) parse(data []byte, lists bool) ([]located, error) {
	l = l.withDefaults()
	if exceeds(int64(len(data)), l.MaxInputBytes) {
		return nil, &LimitError{Limit: LimitInputBytes, Max: l.MaxInputBytes, Got: int64(len(data))}
	}
	if looksJSON(data) {
		docs, err := parseJSON(data, l, lists)
		var notJSON errNotJSON
		if !errors.As(err, &notJSON) {
			return docs, err
		}
		// Flow-style YAML also starts with '{' or '['; only when YAML refuses it too is it bad JSON.
		if docs, yerr := parseYAMLDocs(data, l, lists); yerr == nil {
			return docs, nil
		}
		return nil, notJSON.err
	}
	return parseYAMLDocs(data, l, lists)
}

// looksJSON reports whether the first non-space byte of data opens a JSON object or array.
func looksJSON(data []byte) bool {
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

func parseJSON(data []byte, l Limits, lists bool) ([]located, error) {
	spans, err := scanJSON(data, l)
	if err != nil {
		return nil, err
	}
	var out []located
	for i, sp := range spans {
		raw := data[sp[0]:sp[1]]
		doc := &Document{json: raw, src: raw, index: i, item: -1}
		line := bytes.Count(data[:sp[0]], []byte{'\n'}) + 1
		if !lists {
			out = append(out, located{doc, line})
			continue
		}
		items, err := listItems(doc)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			out = append(out, located{it, line})
		}
	}
	return out, nil
}

func parseYAMLDocs(data []byte, l Limits, lists bool) ([]located, error) {
	if !utf8.Valid(data) && !hasUTF16BOM(data) {
		return nil, &FieldError{Reason: "the input is not UTF-8 text", kind: ErrSyntax}
	}
	var out []located
	err := parseYAML(data, l, func(root *yaml.Node, index int) error {
		if lists {
			if items := listNode(root); items != nil {
				for i, item := range items.Content {
					doc, err := yamlDocument(item, index, i)
					if err != nil {
						return err
					}
					out = append(out, located{doc, item.Line})
				}
				return nil
			}
		}
		doc, err := yamlDocument(root, index, -1)
		if err != nil {
			return err
		}
		out = append(out, located{doc, root.Line})
		return nil
	})
	return out, err
}

func hasUTF16BOM(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE})
}

func yamlDocument(root *yaml.Node, index, item int) (*Document, error) {
	js, err := toJSON(root, 512)
	if err != nil {
		return nil, err
	}
	return &Document{json: js, node: root, index: index, item: item}, nil
}
