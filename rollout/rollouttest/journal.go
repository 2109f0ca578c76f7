package rollouttest

import (
	"fmt"
	"strings"
	"sync"
)

// Op names a port operation, as "Port.Method".
type Op string

// The operations the doubles record and can be made to fail.
const (
	OpObserve     Op = "Workload.Observe"
	OpScaleCanary Op = "Workload.ScaleCanary"
	OpPromoteSpec Op = "Workload.PromoteSpec"
	OpGetRoutes   Op = "Router.GetRoutes"
	OpSetRoutes   Op = "Router.SetRoutes"
	// OpCompareAndSetRoutes is runner.ConditionalRouter's conditional change.
	OpCompareAndSetRoutes Op = "Router.CompareAndSetRoutes"
	OpQuery               Op = "Metrics.Query"
	OpCall                Op = "Hooks.Call"
	OpLoad                Op = "Store.Load"
	OpSave                Op = "Store.Save"
)

// port is the part of an Op before the dot.
func (o Op) port() string {
	p, _, _ := strings.Cut(string(o), ".")
	return p
}

// Call is one recorded port call: the operation, its argument in a short
// form (the split, "up" or "down", the revision, the metric, the webhook,
// the record's phase) and the error it returned.
type Call struct {
	Op  Op
	Arg string
	Err error
}

// String formats the call as "Op(arg)", with " -> error" when it failed.
func (c Call) String() string {
	s := fmt.Sprintf("%s(%s)", c.Op, c.Arg)
	if c.Err != nil {
		s += " -> " + c.Err.Error()
	}
	return s
}

// Calls is a journal of port calls in the order they happened.
type Calls []Call

// Count returns how many calls of op succeeded.
func (cs Calls) Count(op Op) int {
	n := 0
	for _, c := range cs {
		if c.Op == op && c.Err == nil {
			n++
		}
	}
	return n
}

// Of returns the calls of op, failed ones included.
func (cs Calls) Of(op Op) Calls {
	var out Calls
	for _, c := range cs {
		if c.Op == op {
			out = append(out, c)
		}
	}
	return out
}

// journal is the call log one double writes, or several share.
type journal struct {
	mu    sync.Mutex
	calls Calls
}

func (j *journal) add(op Op, arg string, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.calls = append(j.calls, Call{Op: op, Arg: arg, Err: err})
}

// snapshot returns a copy of the calls of the given port, or of every port
// when port is empty.
func (j *journal) snapshot(port string) Calls {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make(Calls, 0, len(j.calls))
	for _, c := range j.calls {
		if port == "" || c.Op.port() == port {
			out = append(out, c)
		}
	}
	return out
}
