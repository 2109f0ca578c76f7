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
// and reports a VirtualService deleted under it as a *NotFoundError — never
// by recreating it silently mid-rollout. A cluster that does not serve
// networking.istio.io/v1 (no Istio CRDs, or Istio before 1.22) is a
// *NotInstalledError naming the kind.
//
// # Other writers
//
// People edit VirtualServices by hand. The Router never overwrites an edit
// without being told to:
//
//   - ParseSplit (and so GetRoutes) refuses any layout but its own — a
//     route added by hand, a TCP route, the routes out of order — with a
//     *RoutesError, because such a route takes requests the split does not
//     describe and writing the split back would delete it. So does a field
//     on its routes that sends requests elsewhere than the weights say: a
//     redirect, directResponse or delegate, the mirrors list, or the
//     deprecated integer mirrorPercent (which Istio applies when
//     mirrorPercentage is unset: reading the mirror as 100% would be a
//     guess), and a mirror on the default route of the A/B layout (the
//     split's mirror is on the match route). So do hosts or gateways other
//     than the Service's (in any order; no gateways is "mesh"), and
//     destination ports other than the Service's Port (none when it is 0):
//     every write restores the Service's, so a gateway or port added by hand
//     would vanish at the next step. The Router's GetRoutes and
//     CompareAndSetRoutes refuse, for the same reason, a route whose timeout
//     or retries are not the Router's Policy.
//   - CompareAndSetRoutes, which rollout/runner uses for every step,
//     changes the split only while the one it was decided on is in force
//     (*traffic.ChangedError otherwise).
//   - Every update is conditioned on the resourceVersion just read. A
//     conflict is retried with exponential backoff when only metadata
//     changed meanwhile; when another writer changed the spec, the Router
//     stops with an *EditError instead of writing over it, unless the new
//     spec is already what it was writing (two writers taking one step).
//
// All three errors match traffic.ErrRoutesChanged. SetRoutes is the
// explicit overwrite (it replaces whatever split or layout is in force): a
// runner calls it to re-assert its routes when the rollout's spec says so.
//
// A write, SetRoutes included, changes only what the Router writes — the
// hosts, the gateways, and the routes' names, matches, destinations,
// weights, mirror, timeout and retries — and keeps the rest of the object
// as it finds it: exportTo, each route's headers, rewrite, corsPolicy and
// fault, and each destination's headers, which stay with their backend
// (a new A/B route takes them all from the default route). They decide how
// requests are treated, not where they go, and belong to the platform team.
package istio
