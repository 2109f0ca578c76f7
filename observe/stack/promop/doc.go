// Package promop builds the prometheus-operator objects (monitoring.coreos.com/v1, module
// github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring v0.91.0) of a fleet's
// monitoring plan from observe/stack:
//
//   - Prometheuses: one Prometheus per member, with the member's external labels, its replica count
//     and the plan's replica label as spec.replicaExternalLabelName, spec.scrapeInterval set to
//     stack.DefaultScrapeInterval (the interval stack checks rule windows against), and a Thanos
//     sidecar whose objstore.yml comes from a Secret (spec.thanos.objectStorageConfig). The Secret
//     is referenced, never built: its content is the plan's stack.Storage.ObjstoreConfig. An empty
//     Secret name or key is an error here although the CRD accepts it. The operator sets the replica label to the
//     pod name and adds the label "prometheus" (namespace/name), which is why stack reserves both.
//   - PrometheusRules: one PrometheusRule per canary with the rollout SLO rules of
//     stack.RolloutRules (recordings, the bound alerts, their no-data alerts gated on the canary
//     being live, and the warning that the liveness series is absent), labelled so that
//     every planned Prometheus selects it in any namespace.
//
// The objects are plain values: apply them with any client, on the member each is for. The
// package's integration test creates every object built for the seed fleet on a real
// kube-apiserver with the CRDs generated from the same Go types, with strict field validation.
package promop
