package istio

import (
	"slices"
	"strings"

	apinet "istio.io/api/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// httpRetry renders the retry policy of a route.
func httpRetry(r *traffic.Retries) *apinet.HTTPRetry {
	if r == nil {
		return nil
	}
	return &apinet.HTTPRetry{
		Attempts:      int32(r.Attempts),
		PerTryTimeout: durationOf(r.PerTryTimeout.Duration),
		RetryOn:       strings.Join(r.RetryOn, ","),
	}
}

// trafficPolicy renders the destination-side policy: outlier detection,
// connection pool and locality failover. It is nil when none is set.
func trafficPolicy(p traffic.Policy) *apinet.TrafficPolicy {
	if p.OutlierDetection == nil && p.ConnectionPool == nil && p.Locality == nil {
		return nil
	}
	return &apinet.TrafficPolicy{
		OutlierDetection: outlierDetection(p.OutlierDetection),
		ConnectionPool:   connectionPool(p.ConnectionPool),
		LoadBalancer:     localityLB(p.Locality),
	}
}

func outlierDetection(o *traffic.OutlierDetection) *apinet.OutlierDetection {
	if o == nil {
		return nil
	}
	return &apinet.OutlierDetection{
		Consecutive_5XxErrors:    uint32Of(o.Consecutive5xxErrors),
		ConsecutiveGatewayErrors: uint32Of(o.ConsecutiveGatewayErrors),
		Interval:                 durationOf(o.Interval.Duration),
		BaseEjectionTime:         durationOf(o.BaseEjectionTime.Duration),
		MaxEjectionPercent:       int32(o.MaxEjectionPercent),
		MinHealthPercent:         int32(o.MinHealthPercent),
	}
}

func connectionPool(c *traffic.ConnectionPool) *apinet.ConnectionPoolSettings {
	if c == nil {
		return nil
	}
	out := &apinet.ConnectionPoolSettings{}
	if c.MaxConnections > 0 || c.ConnectTimeout.Duration > 0 {
		out.Tcp = &apinet.ConnectionPoolSettings_TCPSettings{
			MaxConnections: int32(c.MaxConnections),
			ConnectTimeout: durationOf(c.ConnectTimeout.Duration),
		}
	}
	if c.MaxPendingRequests > 0 || c.MaxRequestsPerConnection > 0 || c.MaxRetries > 0 {
		out.Http = &apinet.ConnectionPoolSettings_HTTPSettings{
			Http1MaxPendingRequests:  int32(c.MaxPendingRequests),
			MaxRequestsPerConnection: int32(c.MaxRequestsPerConnection),
			MaxRetries:               int32(c.MaxRetries),
		}
	}
	return out
}

func localityLB(l *traffic.Locality) *apinet.LoadBalancerSettings {
	if l == nil {
		return nil
	}
	lb := &apinet.LocalityLoadBalancerSetting{FailoverPriority: slices.Clone(l.FailoverPriority)}
	for _, f := range l.Failover {
		lb.Failover = append(lb.Failover, &apinet.LocalityLoadBalancerSetting_Failover{From: f.From, To: f.To})
	}
	return &apinet.LoadBalancerSettings{LocalityLbSetting: lb}
}
