package fleet

import (
	"errors"
	"fmt"
	"slices"

	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// ErrInvalid is matched (with errors.Is) by every validation error of this package.
var ErrInvalid = errors.New("fleet: invalid")

// ValidationError reports one invalid field. Field is a path such as "members[2].name".
type ValidationError struct {
	Field  string
	Reason string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return fmt.Sprintf("fleet: invalid %s: %s", e.Field, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true for every ValidationError.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// joinSorted joins errs sorted by the field of their *ValidationError (indexes in numeric order), or
// returns nil when there are none.
func joinSorted(errs []error) error {
	slices.SortStableFunc(errs, func(a, b error) int { return strictyaml.ComparePaths(fieldOf(a), fieldOf(b)) })
	return errors.Join(errs...)
}

func fieldOf(err error) string {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}
