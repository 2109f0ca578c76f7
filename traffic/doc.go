// Package traffic is the pure model of how requests reach a service under
// progressive delivery: weighted routes between a primary and a canary
// backend (two services, or two subsets of one service), header, cookie and
// URI matches for A/B testing, mirroring a percentage of traffic, and the
// resilience policy around the routes — retries, timeouts, outlier detection
// and connection-pool limits (circuit breaking), and locality failover for
// services spread over several clusters.
//
// Nothing here talks to a mesh. traffic/istio renders these values as Istio
// VirtualService and DestinationRule objects and reads routes back from them;
// other meshes can do the same from the same model. Every type validates
// itself and reports the first invalid field as a *ValidationError, so a bad
// configuration is refused before it reaches a cluster.
package traffic
