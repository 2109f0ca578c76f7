package istio

import (
	"errors"
	"maps"

	apinet "istio.io/api/networking/v1"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// Route names of the layout this package writes and reads back.
const (
	// RouteMatch carries the A/B matches and their split.
	RouteMatch = "canary-match"
	// RouteDefault carries the split without matches, or sends the
	// unmatched requests to the primary.
	RouteDefault = "default"
)

// APIVersion is the Istio networking API version the builders emit.
const APIVersion = "networking.istio.io/v1"

// VirtualServiceBuilder builds the VirtualService of a traffic.Service.
type VirtualServiceBuilder struct {
	svc         traffic.Service
	split       traffic.Split
	policy      traffic.Policy
	labels      map[string]string
	annotations map[string]string
}

// NewVirtualService starts a VirtualService named after svc that routes
// every request to the primary until WithSplit says otherwise.
func NewVirtualService(svc traffic.Service) *VirtualServiceBuilder {
	return &VirtualServiceBuilder{svc: cloneService(svc), split: traffic.PrimaryOnly()}
}

// WithSplit sets how requests are divided between primary and canary.
func (b *VirtualServiceBuilder) WithSplit(s traffic.Split) *VirtualServiceBuilder {
	b.split = cloneSplit(s)
	return b
}

// WithPolicy sets the route-side policy: the request timeout and retries.
// The destination-side parts belong to the DestinationRule.
func (b *VirtualServiceBuilder) WithPolicy(p traffic.Policy) *VirtualServiceBuilder {
	b.policy = p
	return b
}

// WithLabels adds labels to the object's metadata.
func (b *VirtualServiceBuilder) WithLabels(l map[string]string) *VirtualServiceBuilder {
	b.labels = mergeInto(b.labels, l)
	return b
}

// WithAnnotations adds annotations to the object's metadata.
func (b *VirtualServiceBuilder) WithAnnotations(a map[string]string) *VirtualServiceBuilder {
	b.annotations = mergeInto(b.annotations, a)
	return b
}

// Build validates the service, split and policy and returns the
// VirtualService, or every validation error joined.
func (b *VirtualServiceBuilder) Build() (*networkingv1.VirtualService, error) {
	if err := errors.Join(b.svc.Validate(), b.split.Validate(), b.policy.Validate()); err != nil {
		return nil, err
	}
	vs := &networkingv1.VirtualService{
		TypeMeta: metav1.TypeMeta{APIVersion: APIVersion, Kind: "VirtualService"},
		ObjectMeta: metav1.ObjectMeta{Name: b.svc.Name, Namespace: b.svc.Namespace,
			Labels: cloneLabels(b.labels), Annotations: cloneLabels(b.annotations)},
	}
	vs.Spec.Hosts = append([]string(nil), b.svc.Hosts...)
	vs.Spec.Gateways = append([]string(nil), b.svc.Gateways...)
	vs.Spec.Http = httpRoutes(b.svc, b.split, b.policy)
	return vs, nil
}

// httpRoutes lays the split out as RouteMatch (when matching) and
// RouteDefault.
func httpRoutes(svc traffic.Service, s traffic.Split, p traffic.Policy) []*apinet.HTTPRoute {
	weighted := route(svc, p, s.Primary, s.Canary)
	if s.Mirror != nil {
		weighted.Mirror = destination(svc.Canary, svc.Port)
		weighted.MirrorPercentage = &apinet.Percent{Value: s.Mirror.Percent}
	}
	if len(s.Match) == 0 {
		weighted.Name = RouteDefault
		return []*apinet.HTTPRoute{weighted}
	}
	weighted.Name = RouteMatch
	for _, m := range s.Match {
		weighted.Match = append(weighted.Match, httpMatch(m))
	}
	rest := route(svc, p, traffic.TotalWeight, 0)
	rest.Name = RouteDefault
	return []*apinet.HTTPRoute{weighted, rest}
}

func route(svc traffic.Service, p traffic.Policy, primary, canary int) *apinet.HTTPRoute {
	return &apinet.HTTPRoute{
		Route: []*apinet.HTTPRouteDestination{
			{Destination: destination(svc.Primary, svc.Port), Weight: int32(primary)},
			{Destination: destination(svc.Canary, svc.Port), Weight: int32(canary)},
		},
		Timeout: durationOf(p.Timeout.Duration),
		Retries: httpRetry(p.Retries),
	}
}

func cloneService(s traffic.Service) traffic.Service {
	s.Hosts = append([]string(nil), s.Hosts...)
	s.Gateways = append([]string(nil), s.Gateways...)
	s.Primary.Labels = maps.Clone(s.Primary.Labels)
	s.Canary.Labels = maps.Clone(s.Canary.Labels)
	return s
}

func cloneSplit(s traffic.Split) traffic.Split {
	if s.Mirror != nil {
		m := *s.Mirror
		s.Mirror = &m
	}
	s.Match = append([]traffic.Match(nil), s.Match...)
	for i := range s.Match {
		s.Match[i] = cloneMatch(s.Match[i])
	}
	return s
}

func cloneMatch(m traffic.Match) traffic.Match {
	m.Headers = maps.Clone(m.Headers)
	m.QueryParams = maps.Clone(m.QueryParams)
	if m.URI != nil {
		u := *m.URI
		m.URI = &u
	}
	if m.Method != nil {
		v := *m.Method
		m.Method = &v
	}
	return m
}

func mergeInto(dst, src map[string]string) map[string]string {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]string, len(src))
	}
	maps.Copy(dst, src)
	return dst
}
