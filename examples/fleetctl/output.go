package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// Output formats accepted by -o. Every command prints one document with json and yaml (the same one);
// jsonl, where a command offers it, prints one compact JSON value per line, as it is produced.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatYAML  = "yaml"
	formatJSONL = "jsonl"
)

// formatsAnnotation records on a command the -o values it accepts.
const formatsAnnotation = "fleetctl/formats"

// addOutputFlag registers -o/--output on cmd, defaulting to table, and refuses an unknown format before the
// command does anything. extra adds formats beyond table, json and yaml (formatJSONL for streaming
// commands).
func addOutputFlag(cmd *cobra.Command, format *string, extra ...string) {
	formats := append([]string{formatTable, formatJSON, formatYAML}, extra...)
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[formatsAnnotation] = strings.Join(formats, ",")
	cmd.Flags().StringVarP(format, "output", "o", formatTable, "output format: "+orList(formats))
	next := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if !slices.Contains(formats, *format) {
			return fmt.Errorf("unknown output format %q: use %s", *format, orList(formats))
		}
		if next != nil {
			return next(c, args)
		}
		return nil
	}
}

// orList renders "a, b or c".
func orList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// printOutput writes v, the command's one document, as indented JSON, YAML or (jsonl) one compact JSON
// line, or calls table for the table format.
func printOutput(w io.Writer, format string, v any, table func(io.Writer) error) error {
	switch format {
	case formatJSON:
		return writeJSON(w, v)
	case formatJSONL:
		return json.NewEncoder(w).Encode(v)
	case formatYAML:
		out, err := sigsyaml.Marshal(v)
		if err != nil {
			return err
		}
		_, err = w.Write(out)
		return err
	case formatTable:
		return table(w)
	}
	return fmt.Errorf("unknown output format %q: use table, json or yaml", format)
}

// printItems writes the output of a command whose document is a list of items: jsonl prints each item as
// one compact JSON line, the other formats are printOutput's of doc (the document holding the items).
func printItems[T any](w io.Writer, format string, doc any, items []T, table func(io.Writer) error) error {
	if format != formatJSONL {
		return printOutput(w, format, doc, table)
	}
	enc := json.NewEncoder(w)
	for _, item := range items {
		if err := enc.Encode(item); err != nil {
			return err
		}
	}
	return nil
}

// readInput decodes one YAML or JSON document (path "-" is standard input) into `into`, strictly: unknown
// fields, duplicate keys and a second document are errors naming the field or line.
func readInput(path string, into any) error {
	data, err := readFile(path)
	if err != nil {
		return err
	}
	return decodeStrict(path, data, into)
}

func readFile(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("no input file: pass -f FILE")
	}
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}

// decodeFile reads path and decodes it with decode, naming the file in errors.
func decodeFile[T any](path string, decode func([]byte) (T, error)) (T, error) {
	var zero T
	data, err := readFile(path)
	if err != nil {
		return zero, err
	}
	v, err := decode(data)
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

// decodeStrict decodes data for the formats that have no decoder of their own in a library package.
func decodeStrict(name string, data []byte, into any) error {
	if err := strictyaml.Unmarshal(data, into); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
