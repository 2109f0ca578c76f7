// Package observe holds the pure side of metric analysis: metric query
// templates (the built-in Istio and NGINX request-success-rate and
// request-duration queries Flagger uses), rendering a template with its
// variables into PromQL, threshold ranges and the Sample type a metric source
// returns (a value, no data, or an error).
//
// Fleet templates (FleetTemplates: CPU, memory and request rate of one
// cluster, of the whole fleet, and by cluster) are written for a Thanos
// Query that labels every series with its cluster; Builtin accepts their
// names for every provider, so a rollout metric can name one. Their
// per-cluster forms select the cluster with {{ clusterMatcher }}, which
// renders nothing when no cluster is set: the same template then reads a
// member's own Prometheus, whose local series carry no cluster label.
//
// Nothing here talks to Prometheus; observe/prometheus does. Keeping the
// queries and checks pure lets a rollout configuration be unit-tested against
// a metric trace before it touches a cluster.
//
// What mirrors Flagger v1.44 (fluxcd/flagger): the built-in Istio queries are the ones of
// pkg/metrics/observers/istio.go (the canary selected by destination_workload, reporter
// "destination"; success rate as the percentage of non-5xx requests, duration as the P99 of
// istio_request_duration_milliseconds), and the NGINX ones those of pkg/metrics/observers/nginx.go
// (the canary ingress selected by name; duration as mean upstream latency in milliseconds). Template
// variables are those of Flagger's MetricTemplateModel (pkg/apis/flagger/v1beta1), rendered with
// text/template as pkg/metrics/observers/render.go does: {{ namespace }}, {{ name }}, {{ target }},
// {{ service }}, {{ ingress }}, {{ interval }} (one minute by default), plus {{ cluster }} for
// fleet-wide queries. Range is Flagger's thresholdRange (CanaryThresholdRange in
// pkg/apis/flagger/v1beta1): inclusive bounds, either may be omitted.
package observe
