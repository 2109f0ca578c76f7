package traffic

import (
	"cmp"
	"errors"
	"slices"
)

// problems collects the invalid fields a Validate finds, so that it reports
// every one of them rather than stopping at the first.
type problems []error

// add records err unless it is nil.
func (p *problems) add(err error) {
	if err != nil {
		*p = append(*p, err)
	}
}

// join returns nil, the one problem, or every problem joined in the order
// of their fields.
func (p problems) join() error {
	switch len(p) {
	case 0:
		return nil
	case 1:
		return p[0]
	}
	slices.SortStableFunc(p, func(a, b error) int { return cmp.Compare(fieldOf(a), fieldOf(b)) })
	return errors.Join(p...)
}

func fieldOf(err error) string {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Field
	}
	return ""
}
