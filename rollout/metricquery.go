package rollout

import (
	"fmt"

	"github.com/fleetkit/fleetkit/observe"
)

// Render renders the metric into a runnable query for provider with vars.
// A custom Query wins; otherwise the built-in template named by Template, or
// by Name, is used. The metric's own interval overrides vars.Interval.
func (m *Metric) Render(provider observe.Provider, vars observe.Variables) (observe.Query, error) {
	if m.Interval.Duration > 0 {
		vars.Interval = m.Interval.Duration
	}
	src := m.Query
	if src == "" {
		name := m.Template
		if name == "" {
			name = m.Name
		}
		t, err := observe.Builtin(provider, name)
		if err != nil {
			return observe.Query{}, fmt.Errorf("metric %q: %w", m.Name, err)
		}
		src = t.Query
	}
	expr, err := observe.Render(src, vars)
	if err != nil {
		return observe.Query{}, fmt.Errorf("metric %q: %w", m.Name, err)
	}
	return observe.Query{Metric: m.Name, Expr: expr, Cluster: vars.Cluster}, nil
}
