package prometheus

import (
	"time"

	"github.com/go-logr/logr"

	"github.com/fleetkit/fleetkit/observe"
)

// DefaultTimeout bounds a query when Options.Timeout is zero. It is
// Flagger's metric query timeout.
const DefaultTimeout = 5 * time.Second

// Options configures a Source.
type Options struct {
	// Timeout bounds each query, both on the client (the request is
	// cancelled) and on the server (Prometheus' timeout parameter).
	// Zero means DefaultTimeout; negative is invalid.
	Timeout time.Duration
	// Provider selects the built-in templates of ForMetric; empty means
	// observe.Istio.
	Provider observe.Provider
	// Now gives the evaluation time of instant queries; nil lets the server
	// use its own clock.
	Now func() time.Time
	// Logger receives Prometheus warnings; the zero value discards them.
	// Warnings are also returned by Eval, QueryWithWarnings and every fleet
	// answer's Coverage: a logger is for operators, not the only record.
	Logger logr.Logger
	// Thanos adds Thanos Query's parameters to every request of a Source
	// made by NewForAddress (see NewThanosClient).
	Thanos ThanosOptions
}

func (o Options) withDefaults() (Options, error) {
	if o.Timeout < 0 {
		return o, &ValidationError{Field: "timeout", Reason: o.Timeout.String() + " is negative"}
	}
	if err := o.Thanos.Validate(); err != nil {
		return o, err
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Provider == "" {
		o.Provider = observe.Istio
	}
	return o, nil
}
