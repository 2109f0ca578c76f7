package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// Output formats accepted by -o.
const (
	formatTable = "table"
	formatJSON  = "json"
	formatYAML  = "yaml"
)

// addOutputFlag registers -o/--output on cmd, defaulting to table.
func addOutputFlag(cmd *cobra.Command, format *string) {
	cmd.Flags().StringVarP(format, "output", "o", formatTable, "output format: table, json or yaml")
}

// printOutput writes v as JSON or YAML, or calls table for the table format.
func printOutput(w io.Writer, format string, v any, table func(io.Writer) error) error {
	switch format {
	case formatJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
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

// reportedError marks an error whose message the command already printed (for example as JSON on
// stdout), so run does not print it again; the exit status is still non-zero.
type reportedError struct{ err error }

func (e reportedError) Error() string { return e.err.Error() }
func (e reportedError) Unwrap() error { return e.err }

func isReported(err error) bool {
	var r reportedError
	return errors.As(err, &r)
}
