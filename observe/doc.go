// Package observe holds the pure side of metric analysis: metric query
// templates (the built-in Istio and NGINX request-success-rate and
// request-duration queries Flagger uses), rendering a template with its
// variables into PromQL, threshold ranges and the Sample type a metric source
// returns (a value, no data, or an error).
//
// Nothing here talks to Prometheus; observe/prometheus does. Keeping the
// queries and checks pure lets a rollout configuration be unit-tested against
// a metric trace before it touches a cluster.
package observe
