package observe

import (
	"fmt"
	"slices"
)

// Provider is the mesh or ingress a built-in query is written for.
type Provider string

// Providers with built-in templates.
const (
	Istio Provider = "istio"
	NGINX Provider = "nginx"
)

// Built-in metric names. A rollout metric with one of these names and no
// query of its own uses the built-in template of the rollout's provider.
const (
	// RequestSuccessRate is the percentage of requests not answered with a 5xx.
	RequestSuccessRate = "request-success-rate"
	// RequestDuration is the request latency in milliseconds: the P99 for
	// Istio, the mean upstream latency for NGINX (its controller exports no
	// usable histogram per ingress).
	RequestDuration = "request-duration"
)

// The Istio queries select the canary workload by destination_workload, as
// Flagger does, so the primary's traffic never dilutes the canary's numbers.
const istioSuccessRate = `sum(
  rate(
    istio_requests_total{
      reporter="destination",
      destination_workload_namespace="{{ namespace }}",
      destination_workload=~"{{ target }}",
      response_code!~"5.*"
    }[{{ interval }}]
  )
)
/
sum(
  rate(
    istio_requests_total{
      reporter="destination",
      destination_workload_namespace="{{ namespace }}",
      destination_workload=~"{{ target }}"
    }[{{ interval }}]
  )
)
* 100`

const istioDuration = `histogram_quantile(
  0.99,
  sum(
    rate(
      istio_request_duration_milliseconds_bucket{
        reporter="destination",
        destination_workload_namespace="{{ namespace }}",
        destination_workload=~"{{ target }}"
      }[{{ interval }}]
    )
  ) by (le)
)`

// The NGINX queries select the canary ingress Flagger creates, by name.
const nginxSuccessRate = `sum(
  rate(
    nginx_ingress_controller_requests{
      namespace="{{ namespace }}",
      ingress="{{ ingress }}",
      status!~"5.*"
    }[{{ interval }}]
  )
)
/
sum(
  rate(
    nginx_ingress_controller_requests{
      namespace="{{ namespace }}",
      ingress="{{ ingress }}"
    }[{{ interval }}]
  )
)
* 100`

const nginxDuration = `sum(
  rate(
    nginx_ingress_controller_ingress_upstream_latency_seconds_sum{
      namespace="{{ namespace }}",
      ingress="{{ ingress }}"
    }[{{ interval }}]
  )
)
/
sum(
  rate(
    nginx_ingress_controller_ingress_upstream_latency_seconds_count{
      namespace="{{ namespace }}",
      ingress="{{ ingress }}"
    }[{{ interval }}]
  )
)
* 1000`

// Builtin returns the built-in template name for provider, or the fleet
// template name (see FleetTemplates) for any provider.
func Builtin(provider Provider, name string) (Template, error) {
	var q string
	switch {
	case provider == Istio && name == RequestSuccessRate:
		q = istioSuccessRate
	case provider == Istio && name == RequestDuration:
		q = istioDuration
	case provider == NGINX && name == RequestSuccessRate:
		q = nginxSuccessRate
	case provider == NGINX && name == RequestDuration:
		q = nginxDuration
	default:
		if t, ok := fleetTemplate(name); ok {
			return t, nil
		}
		return Template{}, fmt.Errorf("%w: %q for provider %q", ErrUnknownTemplate, name, provider)
	}
	return Template{Name: name, Provider: provider, Query: q}, nil
}

// IsBuiltin reports whether name is a built-in metric name or a fleet
// template name.
func IsBuiltin(name string) bool {
	_, fleet := fleetTemplate(name)
	return name == RequestSuccessRate || name == RequestDuration || fleet
}

// Builtins lists every built-in template, ordered by provider then name.
func Builtins() []Template {
	var out []Template
	for _, p := range []Provider{Istio, NGINX} {
		for _, n := range []string{RequestDuration, RequestSuccessRate} {
			t, err := Builtin(p, n)
			if err == nil {
				out = append(out, t)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Template) int {
		if a.Provider != b.Provider {
			if a.Provider < b.Provider {
				return -1
			}
			return 1
		}
		if a.Name < b.Name {
			return -1
		}
		if a.Name > b.Name {
			return 1
		}
		return 0
	})
	return out
}
