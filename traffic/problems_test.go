package traffic_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// Validate used to stop at the first invalid field; a user fixing a file
// then met the next problem one run at a time.
func TestValidateReportsEveryProblemSortedByField(t *testing.T) {
	svc := traffic.Service{Name: "Cart!", Namespace: "Shop", Hosts: []string{"cart", "cart", "a b"}, Port: 70000,
		Primary: traffic.Backend{Host: "cart"}, Canary: traffic.Backend{Host: "cart"}}
	assert.Equal(t, []string{"service.canary", "service.hosts[1]", "service.hosts[2]", "service.name",
		"service.namespace", "service.port"}, fieldsOf(svc.Validate()))

	pol := traffic.Policy{Timeout: metav1.Duration{Duration: time.Microsecond},
		ConnectionPool: &traffic.ConnectionPool{MaxConnections: -1},
		Locality:       &traffic.Locality{Failover: []traffic.Failover{{From: "eu", To: "eu"}}}}
	assert.Equal(t, []string{"policy.connectionPool.maxConnections", "policy.locality", "policy.locality.failover[0]",
		"policy.timeout"}, fieldsOf(pol.Validate()))

	split := traffic.Split{Primary: 50, Canary: 60, Match: []traffic.Match{{}, {Cookie: "("}}}
	assert.Equal(t, []string{"split", "split.match[0]", "split.match[1].cookie"}, fieldsOf(split.Validate()))
}
