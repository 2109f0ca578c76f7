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
	if e.Path != "" {
		return e.Path + ": " + e.Message()
	}
	return e.Message()
}

// Message is the reason with the line, without the path: for callers that report the path in a field of
// their own error type.
func (e *FieldError) Message() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s (line %d)", e.Reason, e.Line)
	}
	return e.Reason
}

// FieldErrors returns the *FieldErrors in err: err itself, or every one of a joined error. It returns nil
// when err holds none (a *LimitError, for instance).
func FieldErrors(err error) []*FieldError {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*FieldError
		for _, e := range joined.Unwrap() {
			out = append(out, FieldErrors(e)...)
		}
		return out
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []*FieldError{fe}
	}
	return nil
}

// Unwrap returns the sentinel the error matches (ErrSyntax, ErrDuplicateKey, ErrUnknownField, ErrType,
// ErrDocuments or ErrUnsupported).
func (e *FieldError) Unwrap() error { return e.kind }

func fieldError(kind error, p *path, line int, format string, args ...any) *FieldError {
	return &FieldError{Path: p.String(), Line: line, Reason: fmt.Sprintf(format, args...), kind: kind}
}
