package istio_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"

	"github.com/fleetkit/fleetkit/traffic"
)

// fakeClient is a controller-runtime fake client that knows Istio's networking types, for the tests
// that need no API server's validation.
func fakeClient(t *testing.T, objs ...client.Object) client.Client {
	t.Helper()
	scheme := runtime.NewScheme()
	require.NoError(t, networkingv1.AddToScheme(scheme))
	return fake.NewClientBuilder().WithScheme(scheme).WithObjects(objs...).Build()
}

func podinfo(ns string) traffic.Service {
	return traffic.Service{
		Name: "podinfo", Namespace: ns, Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"},
		Canary:  traffic.Backend{Host: "podinfo-canary"},
	}
}

func podinfoSubsets(ns string) traffic.Service {
	s := podinfo(ns)
	s.Primary = traffic.Backend{Host: "podinfo", Subset: "stable", Labels: map[string]string{"version": "v1"}}
	s.Canary = traffic.Backend{Host: "podinfo", Subset: "canary", Labels: map[string]string{"version": "v2"}}
	return s
}

func withPort(s traffic.Service, port uint32) traffic.Service {
	s.Port = port
	return s
}

func withGateway(s traffic.Service) traffic.Service {
	s.Hosts = append(s.Hosts, "podinfo.example.com")
	s.Gateways = []string{"istio-system/public-gateway", "mesh"}
	return s
}

func abSplit() traffic.Split {
	return traffic.Split{Canary: 100, Match: []traffic.Match{
		{Headers: map[string]traffic.StringMatch{"x-canary": traffic.Exact("insider")}},
		{Cookie: "^(.*?;)?(canary=always)(;.*)?$"},
		{URI: &traffic.StringMatch{Prefix: "/api/v2"}, Method: &traffic.StringMatch{Exact: "GET"},
			QueryParams: map[string]traffic.StringMatch{"beta": traffic.Exact("1")}},
	}}
}

func d(v time.Duration) metav1.Duration { return metav1.Duration{Duration: v} }

func fullPolicy() traffic.Policy {
	return traffic.Policy{
		Timeout: d(10 * time.Second),
		Retries: &traffic.Retries{Attempts: 3, PerTryTimeout: d(2 * time.Second), RetryOn: []string{"5xx", "reset", "503"}},
		OutlierDetection: &traffic.OutlierDetection{Consecutive5xxErrors: 5, ConsecutiveGatewayErrors: 3,
			Interval: d(10 * time.Second), BaseEjectionTime: d(30 * time.Second), MaxEjectionPercent: 50, MinHealthPercent: 20},
		ConnectionPool: &traffic.ConnectionPool{MaxConnections: 100, ConnectTimeout: d(time.Second),
			MaxPendingRequests: 10, MaxRequestsPerConnection: 1, MaxRetries: 3},
		Locality: &traffic.Locality{Failover: []traffic.Failover{{From: "cn-north", To: "cn-east"}},
			FailoverPriority: []string{"topology.kubernetes.io/region"}},
	}
}
