package strictyaml

import (
	"errors"
	"fmt"
)

var (
	// ErrLimit is matched by every *LimitError.
	ErrLimit = errors.New("strictyaml: limit exceeded")
	// ErrSyntax is matched by errors about input that is not YAML or JSON at all.
	ErrSyntax = errors.New("strictyaml: syntax error")
	// ErrDuplicateKey is matched by a mapping that names one key twice.
	ErrDuplicateKey = errors.New("strictyaml: duplicate key")
	// ErrUnknownField is matched by a key the target type has no field for.
	ErrUnknownField = errors.New("strictyaml: unknown field")
	// ErrType is matched by a value of the wrong type or form for its field.
	ErrType = errors.New("strictyaml: wrong type")
	// ErrDocuments is matched by input with no document, or with more than one where one is expected.
	ErrDocuments = errors.New("strictyaml: wrong number of documents")
	// ErrUnsupported is matched by YAML the decoder refuses on purpose: cyclic aliases, non-scalar keys,
	// numbers JSON cannot represent.
	ErrUnsupported = errors.New("strictyaml: unsupported YAML")
)

// FieldError reports a problem at one place of a document.
type FieldError struct {
	// Path locates the problem, e.g. "members[2].capacity.cpu"; empty for the document as a whole.
	Path string
	// Line is the 1-based line in the input, or 0 when unknown.
	Line int
	// Reason says what is wrong.
	Reason string
	// kind is the sentinel the error matches.
	kind error
}

// Error names the path, the line and the reason.
func (e *FieldError) Error() string {
	msg := e.Reason
	if e.Path != "" {
		msg = e.Path + ": " + msg
	}
	if e.Line > 0 {
		msg += fmt.Sprintf(" (line %d)", e.Line)
	}
	return msg
}

// Unwrap returns the sentinel the error matches (ErrSyntax, ErrDuplicateKey, ErrUnknownField, ErrType,
// ErrDocuments or ErrUnsupported).
func (e *FieldError) Unwrap() error { return e.kind }

func fieldError(kind error, p *path, line int, format string, args ...any) *FieldError {
	return &FieldError{Path: p.String(), Line: line, Reason: fmt.Sprintf(format, args...), kind: kind}
}
