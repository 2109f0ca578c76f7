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
// A Source never returns a value it is unsure of. A Thanos answer that
// says a store failed while answering (partial response) is a QueryError,
// not a value or NoData: it lacks that store's series. A QueryError fails a
// rollout check under every NoData policy, so a broken Prometheus can hold
// or roll back a canary but never promote it; NoData fails it too unless
// the rollout's NoData option says otherwise (rollout.NoDataPass,
// NoDataHold). The server's warnings are logged to Options.Logger and
// returned by Eval and QueryWithWarnings; a rollout runner reads them
// through the latter and records them as events.
//
// # Fleets
//
// Fleet queries the same template for several clusters, either against one
// Thanos/Prometheus that labels every series with a cluster label (the
// template selects the cluster with {{ cluster }} or {{ clusterMatcher }};
// the Fleet refuses a template that does not; an empty answer counts as no
// data only if count(up{cluster="<name>"}) finds the cluster there, and is
// otherwise a *PartialError missing it; FleetOptions.PresenceMetric names
// another metric where up does not reach the endpoint), or against one endpoint
// per cluster, concurrently with bounded parallelism. A member-direct query
// never carries a cluster matcher: a Prometheus adds its external labels
// only to what leaves it (federation, remote write, the Thanos sidecar),
// so its own series have no cluster label (prometheus-operator#2918) and
// the Fleet refuses a template that uses {{ cluster }} there
// (ErrClusterOnMember); {{ clusterMatcher }} renders nothing.
//
// Global answers fleet-wide queries on a Thanos Query and says, with every
// answer, which clusters it covers (Coverage): Expected are the fleet's
// members; Present are those that appear in the answer's cluster label or
// in a companion probe query (count by (cluster) (up)) run at the same
// time — a reachable cluster without series for the query is present, with
// no data — and whose every live store group in the Querier's
// /api/v1/stores (sidecars or receivers with one label set, the replicas of
// an HA pair counting as one) has a healthy store that did not fail while
// answering (Thanos' "receive series from Addr: ..." or, for a store whose
// stream could not be opened, "fetch series for ... Addr: ..." warning,
// matched to its cluster through the stores' labels; a failed store that cannot be matched
// leaves no cluster known to be covered), and none of whose store gateways
// failed while answering; Missing are the rest. A Thanos
// Query that cannot reach a sidecar answers with the other stores' data and
// a warning (partial response, on by default), and once its health check
// fails stops asking that store at all, without a warning: a fleet-wide sum
// then covers part of the fleet and still looks healthy (thanos-io/thanos
// issue 622). In strict mode, the default, such an answer is a
// *PartialError (ErrPartial) naming the missing clusters, which a rollout
// reads as a failed query: a failed check under every NoData policy, never
// a pass. Lenient mode returns the value with its coverage and a warning.
//
// Thanos' own query parameters — dedup, partial_response, replicaLabels[]
// and storeMatch[], as pkg/api/query/v1.go of thanos-io/thanos v0.42.4 reads
// them — are added to every request by an api.Client decorator
// (NewThanosClient, or Options.Thanos); the /api/v1/stores answer is read as
// pkg/query/endpointset.go's EndpointStatus of the same version writes it
// (component type → name, lastError or null, labelSets).
package prometheus
