// Package traffic is the pure model of how requests reach a service under
// progressive delivery: weighted routes between a primary and a canary
// backend (two services, or two subsets of one service), header, cookie,
// URI, method and query-parameter matches for A/B testing, mirroring a
// percentage of traffic, and the resilience policy around the routes —
// retries, timeouts, outlier detection and connection-pool limits (circuit
// breaking), and locality failover for services spread over several
// clusters.
//
// It is the one traffic vocabulary of fleetkit: the rollout engine asks for
// a Split, a router (traffic/istio) renders it and reads it back, and both
// validate it with this package's code. Nothing here talks to a mesh;
// other meshes can render the same model.
//
// # Validation
//
// Every type validates itself and reports every invalid field, each a
// *ValidationError matching ErrInvalid, joined (errors.Join) in the order of
// their fields, so a bad configuration is refused before it reaches a
// cluster and fixed in one pass. Within one nested part (a backend, a match
// rule, the retry settings) the first invalid field is reported. Split.Validate checks the weights
// (Primary + Canary = 100), the mirror percentage, in (0, 100], and every
// match rule. Types that embed a split or match rules name the fields
// under their own path with Split.ValidateWeights and ValidateMatches.
//
// Header names are case-insensitive in HTTP, and meshes match them in lower
// case: Istio requires lower-case keys in HTTPMatchRequest.headers
// (istio.io/api v1.29, networking/v1alpha3/virtual_service.proto). The model
// does not lower-case names silently; it refuses "X-Canary" and names the
// spelling to use, "x-canary", so that one header has one spelling and a
// split read back from a mesh equals the one written. The pseudo-headers
// uri, scheme, method and authority are refused as header names because
// Istio ignores them there, which would widen the match to every request;
// use the URI and Method conditions. A Cookie condition is a regular
// expression on the cookie header, the "^(.*?;)?(canary=always)(;.*)?$"
// idiom of Flagger's A/B testing documentation; it is how meshes write it,
// so a header match on "cookie" by regex, the same route in another
// spelling, is refused and names the Cookie condition to write instead.
//
// # Other writers
//
// Routes are shared with people and other tools: a VirtualService can be
// edited by hand in the middle of a rollout. Routers report routes they
// find changed by someone else with errors matching ErrRoutesChanged (a
// *ChangedError when the split is readable), so that the caller can hold or
// re-assert, and never overwrite an edit without saying so.
package traffic
