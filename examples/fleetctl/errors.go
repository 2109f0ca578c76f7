package main

import (
	"errors"
	"fmt"
	"io"
	"reflect"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// errorOutput is what a failing command writes on stderr with -o json, yaml or jsonl: one document, in
// the format of the output it did not produce. With -o table the message is printed as a line of text.
type errorOutput struct {
	// Error is the whole message, as -o table prints it.
	Error string `json:"error"`
	// Reason classifies the failure: Invalid (bad input; Problems names the fields), Unschedulable
	// (divide: the fleet cannot hold the replicas), Denied (policy test: an object was denied),
	// PreflightFailed (cluster preflight: a node failed a check), or Failed.
	Reason string `json:"reason"`
	// Problems are the fields at fault, one per problem, in the order the library reported them.
	Problems []fieldProblem `json:"problems,omitempty"`
}

// fieldProblem is one invalid field: its path as the input wrote it, and what is wrong with it.
type fieldProblem struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// The failures fleetctl itself classifies; library errors are classified by their sentinels.
var (
	errDenied          = errors.New("denied")
	errPreflightFailed = errors.New("preflight failed")
)

// newErrorOutput describes err.
func newErrorOutput(err error) errorOutput {
	out := errorOutput{Error: err.Error(), Reason: "Failed", Problems: problemsOf(err)}
	switch {
	case errors.Is(err, distribute.ErrUnschedulable):
		out.Reason = "Unschedulable"
	case errors.Is(err, errDenied):
		out.Reason = "Denied"
	case errors.Is(err, errPreflightFailed):
		out.Reason = "PreflightFailed"
	case len(out.Problems) > 0:
		out.Reason = "Invalid"
	}
	return out
}

// printError writes err on w in format: a document for json, yaml and jsonl, a "fleetctl: " line otherwise.
func printError(w io.Writer, format string, err error) {
	switch format {
	case formatJSON, formatYAML, formatJSONL:
		if printOutput(w, format, newErrorOutput(err), nil) == nil {
			return
		}
	}
	fmt.Fprintln(w, "fleetctl:", err)
}

// problemsOf lists the invalid fields in err's tree. It relies on fleetkit's error convention: every
// package's *ValidationError has the string fields Field and Reason (the decoder's *strictyaml.FieldError
// has Path and a message instead).
func problemsOf(err error) []fieldProblem {
	if err == nil {
		return nil
	}
	if fe, ok := err.(*strictyaml.FieldError); ok { //nolint:errorlint // the tree is walked node by node below
		return []fieldProblem{{Field: fe.Path, Reason: fe.Message()}}
	}
	if p, ok := validationFields(err); ok {
		return []fieldProblem{p}
	}
	switch e := err.(type) { //nolint:errorlint // unwrapping one level at a time is the walk
	case interface{ Unwrap() []error }:
		var out []fieldProblem
		for _, inner := range e.Unwrap() {
			out = append(out, problemsOf(inner)...)
		}
		return out
	case interface{ Unwrap() error }:
		return problemsOf(e.Unwrap())
	}
	return nil
}

// validationFields reads Field and Reason from a pointer to a struct that has both as strings.
func validationFields(err error) (fieldProblem, bool) {
	v := reflect.ValueOf(err)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return fieldProblem{}, false
	}
	field, reason := v.Elem().FieldByName("Field"), v.Elem().FieldByName("Reason")
	if !field.IsValid() || !reason.IsValid() || field.Kind() != reflect.String || reason.Kind() != reflect.String {
		return fieldProblem{}, false
	}
	return fieldProblem{Field: field.String(), Reason: reason.String()}, true
}
