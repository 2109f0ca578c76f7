package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// parseYAML parses every document of data, measures it against the limits (aliases counted as expanded,
// without expanding them) and calls each with the root of every non-empty document and its index.
func parseYAML(data []byte, lim Limits, each func(root *yaml.Node, index int) error) error {
	if est := estimateNodes(data); exceeds(est, lim.MaxNodes) {
		return &LimitError{Limit: LimitNodes, Max: lim.MaxNodes, Got: est, Estimated: true}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	m := newMeter(lim)
	for index := 0; ; index++ {
		var doc yaml.Node
		err := decodeNode(dec, &doc)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := m.document(&doc); err != nil {
			return err
		}
		root := documentRoot(&doc)
		if root == nil {
			continue
		}
		if err := each(root, index); err != nil {
			return err
		}
	}
}

// decodeNode parses the next document. The parser is third-party code fed hostile bytes: a panic in it
// is reported as a syntax error rather than crashing the caller.
func decodeNode(dec *yaml.Decoder, doc *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &FieldError{Reason: fmt.Sprintf("the YAML parser failed: %v", r), kind: ErrSyntax}
		}
	}()
	if err := dec.Decode(doc); err != nil {
		if errors.Is(err, io.EOF) {
			return io.EOF
		}
		return &FieldError{Reason: strings.TrimPrefix(err.Error(), "yaml: "), kind: ErrSyntax}
	}
	return nil
}

// documentRoot returns the value of a document, or nil for an empty one (nothing, or a bare null).
func documentRoot(doc *yaml.Node) *yaml.Node {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if r := resolve(root); r.Kind == yaml.ScalarNode && r.ShortTag() == tagNull {
		return nil
	}
	return root
}

// estimateNodes bounds, before parsing, the nodes a YAML text can describe, from the indicators that
// start them: a key and its value per ':' or '?', an item per '- ', a collection per '[' or '{', an item
// or a key and its value per ','. The parser keeps every node in memory, so a text with too many is
// refused before it is parsed. Indicators inside strings count too: the estimate errs high.
func estimateNodes(data []byte) int64 {
	n := int64(1)
	for i, c := range data {
		switch c {
		case ':', ',', '{':
			n += 2
		case '[', '*':
			n++
		case '-', '?':
			if i+1 == len(data) || isSpace(data[i+1]) {
				n += 2
			}
		}
	}
	return n
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }
