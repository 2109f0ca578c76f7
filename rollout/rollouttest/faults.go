package rollouttest

import (
	"context"
	"errors"
	"fmt"
)

// ErrInjected is the error FailNext injects when it is given none.
var ErrInjected = errors.New("rollouttest: injected failure")

// faults queues the errors the next calls of each operation return.
// Its owner's lock guards it.
type faults map[Op][]error

func (f *faults) push(op Op, err error) {
	if err == nil {
		err = ErrInjected
	}
	if *f == nil {
		*f = faults{}
	}
	(*f)[op] = append((*f)[op], err)
}

// check returns the error a call of op must fail with: the context's, or
// the next injected one (consumed), wrapped with the operation's name.
func (f faults) check(ctx context.Context, op Op) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("rollouttest: %s: %w", op, err)
	}
	queue := f[op]
	if len(queue) == 0 {
		return nil
	}
	err := queue[0]
	f[op] = queue[1:]
	return fmt.Errorf("rollouttest: %s: %w", op, err)
}
