// Package stack plans the monitoring stack of a fleet: every member runs Prometheus (one server, or
// an HA group) with a Thanos sidecar shipping blocks to shared object storage, and one Thanos Query
// answers fleet-wide PromQL over all sidecars.
//
// New derives the plan from a fleet.Fleet:
//
//   - External labels per member: fleet (the fleet's name), cluster (the member's name), region (the
//     member's region), Options.ExtraLabels and the member labels Options.MemberLabels copies; each
//     replica adds the replica label (Options.ReplicaLabel, by default prometheus_replica, the name
//     prometheus-operator uses) with its index. Thanos Query identifies a store by its external
//     label set and keeps one of two stores whose sets are equal (thanos#764), so New refuses
//     members whose sets collide instead of letting a member vanish from fleet queries.
//   - Label names must be classic Prometheus names ([a-zA-Z_][a-zA-Z0-9_]*). Names starting with __
//     are Prometheus' own; fleet, cluster and region are the plan's; prometheus and
//     prometheus_replica are set by prometheus-operator (spec.prometheusExternalLabelName and
//     spec.replicaExternalLabelName in monitoring.coreos.com/v1 Prometheus, v0.91.0), whose values
//     take precedence over spec.externalLabels; the replica label is set per replica. A user label
//     may take none of them. Values must be non-empty: Prometheus drops an empty label, which would
//     make sets collide.
//   - Rendered files for installs without prometheus-operator: a replica's global block
//     (scrape_interval, DefaultScrapeInterval, and external_labels) and the alert_relabel_configs
//     that drop the replica label from its alerts, as prometheus-operator does, so Alertmanager
//     gets one alert from an HA group, not one per replica (Replica.PrometheusConfig); the sidecars' objstore.yml (Storage.ObjstoreConfig;
//     FILESYSTEM and S3 as github.com/thanos-io/objstore reads them for thanos v0.42.4), and the
//     Querier's --endpoint.sd-config-file (Querier.EndpointSDConfig, the EndpointConfig of thanos
//     v0.42.4 cmd/thanos/endpointset.go: an "endpoints" list of addresses; --endpoint is deprecated
//     in v0.42) with the Querier's arguments, --query.replica-label among them.
//   - Secrets are referenced, never inlined: S3 keys appear in objstore.yml only as $(NAME)
//     references to the sidecar's environment, which Thanos substitutes when it reads the file
//     (extflag's env substitution, as thanos v0.42.4 registers --objstore.config); without them the
//     sidecar uses the AWS credential chain.
//
// RolloutRules turns canary SLOs (success rate and latency per canary) into Prometheus rules: a
// recording rule per metric, using observe's built-in Istio or NGINX queries (an NGINX canary names
// the canary ingress they select), and per bound an alert on the bound (CanarySuccessRateLow,
// CanaryLatencyHigh) and a no-data alert (CanarySuccessRateNoData, CanaryLatencyNoData): absent()
// of the recorded series the bound alert reads, with that alert's labels, firing after the rate
// window plus the SLO's for. A comparison with no series returns nothing, so without it a renamed
// metric, a target no longer scraped or a wrong workload or ingress label would make a canary look
// healthy. It fires only while the canary is live: between rollouts a Flagger canary Deployment
// (its -primary serves at rest) is scaled to zero and records nothing by design, and a permanent
// critical alert per idle canary would page for nothing. Liveness is CanarySLO.Live, by default
// some available replica of the Deployment named as the canary in kube-state-metrics
// (max(kube_deployment_status_replicas_available{namespace, deployment}) > 0), joined with
// "and on()" so the alert keeps the canary's labels; its for counts from when the canary is both
// live and silent. Without kube-state-metrics the default is never live and the no-data alerts never
// fire, so with the default the rules also hold CanaryLivenessNoData, a warning (the guard is off,
// no canary is known to break) when that series is absent, which also catches a canary Deployment
// named otherwise than the SLO; a canary that is not such a Deployment, or a Prometheus without
// kube-state-metrics, sets Live (another workload's replicas, the canary pods' up, or vector(1) for
// the ungated alert) and watches that source itself. A canary scaled up gets traffic only once the
// rollout shifts some to it: if the first step comes later than the rate window plus the SLO's
// for, the no-data alerts fire meanwhile, so For should cover it. Traffic that stops while the
// series exist records NaN, which neither alert reports. A rate window shorter than four scrape
// intervals (MinScrapesPerWindow) is refused: rate() needs two samples, and a window of two
// intervals holds just two, so one late or missed scrape would stop the recording and restart the
// alerts' for; four is Prometheus' usual guidance, and DefaultScrapeInterval (15s) gives the
// default 1m window exactly four. The scrape interval is DefaultScrapeInterval, which the plan
// renders (global.scrape_interval; spec.scrapeInterval in promop), unless CanarySLO.ScrapeInterval
// names the interval of the job that scrapes the canary's series. RuleFile renders the rules as a
// rule file that `promtool check rules` accepts; the package's tests run `promtool test rules` on
// it, with the series present, absent from a live canary, absent from an idle one, without
// kube-state-metrics, and with a missed scrape at DefaultScrapeInterval. The rules run in each member's Prometheus on its local series, so they never
// match on cluster: external labels are not visible to local queries (prometheus-operator#2918).
// Their alerts leave through the same alert_relabel_configs as any other, so an HA group's replica
// label is dropped from them all.
//
// The adapter observe/stack/promop builds the prometheus-operator objects (Prometheus with its
// Thanos sidecar, PrometheusRule) from a plan.
//
// Everything here is pure: New and RolloutRules are functions of their inputs and return every
// problem, joined and sorted by field, each a *ValidationError matching ErrInvalid.
package stack
