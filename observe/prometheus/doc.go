// Package prometheus is a metric source for rollout analysis over the
// Prometheus (or Thanos Query) HTTP API, built on
// github.com/prometheus/client_golang/api/prometheus/v1.
//
// A Source renders observe's query templates (the built-in Istio
// request-success-rate and request-duration queries, or custom PromQL),
// runs each as an instant query with a timeout and maps the answer onto an
// observe.Sample:
//
//   - one series or a scalar → a value;
//   - an empty vector or NaN (a ratio over no traffic) → NoData;
//   - an unreachable, slow or failing server, a malformed answer, or an
//     ambiguous answer (several series, a range vector) → QueryError.
//
// A Source never returns a value it is unsure of: both NoData and
// QueryError fail a rollout check, so a broken Prometheus can hold or roll
// back a canary but never promote it.
//
// Fleet queries the same template for several clusters, either against one
// Thanos/Prometheus that labels every series with a cluster label (the
// template selects the cluster with {{ cluster }}), or against one endpoint
// per cluster, concurrently with bounded parallelism.
package prometheus
