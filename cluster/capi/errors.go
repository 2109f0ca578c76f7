package capi

import (
	"errors"
	"fmt"
)

// ErrUnsupportedInfra is matched (errors.Is) when the spec's infrastructure has no renderer here.
var ErrUnsupportedInfra = errors.New("capi: unsupported infrastructure")

// RenderError reports a spec that cannot be rendered, naming the field. Invalid specs are reported
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
