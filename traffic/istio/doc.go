// Package istio renders fleetkit's traffic model as Istio
// networking.istio.io/v1 objects and moves canary traffic on a cluster.
//
// VirtualServiceBuilder and DestinationRuleBuilder turn a traffic.Service,
// traffic.Split and traffic.Policy into typed VirtualService and
// DestinationRule objects (istio.io/client-go): weighted routes between the
// primary and canary (two services, or two subsets of one), A/B matches on
// headers, cookies, URI, method and query parameters, mirroring a
// percentage of traffic, retries and timeouts on the routes, and outlier
// detection, connection-pool limits and locality failover in the
// destination rules. ParseSplit reads a VirtualService back into a Split.
//
// The HTTP routes follow a fixed layout so that they can be read back: with
// A/B matches, a route named RouteMatch carries the matches and the split,
// followed by a route named RouteDefault that sends everything else to the
// primary; without matches, RouteDefault alone carries the split. Every
// route lists both destinations, with weight 0 where unused, so that a
// weight change never reshapes the object.
//
// Router implements rollout/runner's TrafficRouter through a
// controller-runtime client, in the traffic package's vocabulary: it sets
// and returns traffic.Split values, so nothing is converted and nothing the
// cluster routes (a fractional mirror percentage, a method or query match)
// is lost on the way to the engine. This package does not import rollout;
// the runner declares the port and this package satisfies it. The Router
// reads the VirtualService on every GetRoutes (the rollout engine decides
// on what is really routed, not on what it last asked for),
// retries update conflicts with exponential backoff, and reports a
// VirtualService deleted under it as a *NotFoundError — never by recreating
// it silently mid-rollout. The Router owns the routing objects' specs:
// SetRoutes rewrites the whole VirtualService spec.
package istio
