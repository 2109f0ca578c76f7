package promop

import (
	"errors"
	"fmt"
	"slices"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ErrInvalid is matched (with errors.Is) by every validation error of this package.
var ErrInvalid = errors.New("promop: invalid")

// ValidationError reports one invalid field, such as "options.objectStorageSecret.key".
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error; the message names the field.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("promop: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// joinSorted joins problems sorted by field (indexes in numeric order); nil when there are none.
func joinSorted(problems []*ValidationError) error {
	if len(problems) == 0 {
		return nil
	}
	slices.SortStableFunc(problems, func(a, b *ValidationError) int { return strictyaml.ComparePaths(a.Field, b.Field) })
	errs := make([]error, len(problems))
	for i, p := range problems {
		errs[i] = p
	}
	return errors.Join(errs...)
}
