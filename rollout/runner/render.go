package runner

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/rollout"
)

// checkMetrics renders every metric of the spec once for the target, as
// each analysis tick will, and reports every one that does not render: a
// custom name with neither query nor template, a built-in template the
// target's provider lacks (or no provider at all), a query that does not
// parse or uses a variable the target does not set (an NGINX template
// without Variables.Ingress, the canary ingress it selects). Found at the first
// analysis tick instead, the metric would be a query error after the
// canary's first step of traffic, and the run would roll back.
//
// Each problem is a *rollout.ValidationError of kind ErrInvalidMetric
// naming the metric's field (metrics[i].query, .template or .name), caused
// by the rendering error (observe.ErrUnknownTemplate, observe.ErrRender).
func checkMetrics(spec *rollout.Spec, target *Target) error {
	var errs []error
	for i := range spec.Metrics {
		m := &spec.Metrics[i]
		if _, err := m.Render(target.Provider, target.Variables); err != nil {
			errs = append(errs, &rollout.ValidationError{Kind: ErrInvalidMetric,
				Field: "metrics[" + strconv.Itoa(i) + "]." + metricSource(m), Reason: renderReason(m, target, err), Cause: err})
		}
	}
	return errors.Join(errs...)
}

// metricSource names the field a metric's query comes from.
func metricSource(m *rollout.Metric) string {
	switch {
	case m.Query != "":
		return "query"
	case m.Template != "":
		return "template"
	}
	return "name"
}

// renderReason explains the rendering error and, for a missing template,
// what to set.
func renderReason(m *rollout.Metric, target *Target, err error) string {
	reason := err.Error()
	if v, ok := unsetVariable(err); ok {
		return reason + "; set target.variables." + v
	}
	if m.Query != "" {
		return reason
	}
	name := m.Template
	if name == "" {
		name = m.Name
	}
	names, providers := builtins()
	switch {
	case !observe.IsBuiltin(name):
		return reason + "; set a query, or template to a built-in template (" + names + ")" + fleetNames()
	case target.Provider == "":
		return reason + "; set target.provider (" + providers + ") for the built-in templates, or a query"
	}
	return reason + "; the built-in templates are for providers " + providers + "; set a query"
}

// unsetVariable names the variable a query uses that the target's Variables leave empty.
func unsetVariable(err error) (string, bool) {
	var verr *observe.ValidationError
	if !errors.As(err, &verr) {
		return "", false
	}
	return strings.CutPrefix(verr.Field, "variables.")
}

// builtins lists the built-in template names and their providers, each
// once, comma-separated.
func builtins() (names, providers string) {
	var n, p []string
	for _, t := range observe.Builtins() {
		if !slices.Contains(n, t.Name) {
			n = append(n, t.Name)
		}
		if !slices.Contains(p, string(t.Provider)) {
			p = append(p, string(t.Provider))
		}
	}
	return strings.Join(n, ", "), strings.Join(p, ", ")
}

// fleetNames lists the fleet templates, which render for every provider.
func fleetNames() string {
	var n []string
	for _, t := range observe.FleetTemplates() {
		n = append(n, t.Name)
	}
	if len(n) == 0 {
		return ""
	}
	return " or a fleet template (" + strings.Join(n, ", ") + ")"
}
