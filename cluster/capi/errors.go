package capi

import (
	"errors"
	"fmt"
)

var (
	// ErrUnsupportedInfra is matched (errors.Is) when the spec's infrastructure has no renderer here.
	ErrUnsupportedInfra = errors.New("capi: unsupported infrastructure")
	// ErrInvalidOptions is matched (errors.Is) when Options hold a value the API server would refuse,
	// such as a namespace that is not a DNS-1123 label.
	ErrInvalidOptions = errors.New("capi: invalid options")
)

// RenderError reports a spec or options that cannot be rendered, naming the field. Invalid specs are reported
// with cluster's own *cluster.ValidationError (errors.As finds it) before anything is rendered.
type RenderError struct {
	Field  string
	Reason string
	Err    error
}

// Error implements error.
func (e *RenderError) Error() string {
	return fmt.Sprintf("capi: cannot render %s: %s", e.Field, e.Reason)
}

// Unwrap exposes the classifying sentinel.
func (e *RenderError) Unwrap() error { return e.Err }
