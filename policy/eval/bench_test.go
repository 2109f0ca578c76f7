package eval_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

const benchPolicy = `apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: bench}
spec:
  action: Enforce
  rules:
    - restrictImageRegistries: {allowed: ["registry.corp.example/", "ghcr.io/corp/"]}
    - requireRequestsLimits: {}
    - disallowPrivileged: {}
    - disallowHostPath: {}
    - requireLabels: {keys: [app.kubernetes.io/name, team]}
    - disallowLatestTag: {}
    - requireRunAsNonRoot: {}
    - podSecurity: {level: baseline}
    - podSecurity: {level: restricted}
    - cel: {expression: "object.spec.replicas <= 50", message: "at most 50 replicas"}
`

// benchDeployment is a realistic Deployment: two containers, probes, volumes, a restricted security context.
const benchDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: recommender
  namespace: serving
  labels: {app.kubernetes.io/name: recommender, team: ml}
spec:
  replicas: 3
  selector: {matchLabels: {app: recommender}}
  template:
    metadata:
      labels: {app: recommender, app.kubernetes.io/name: recommender, team: ml}
    spec:
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers:
      - name: server
        image: registry.corp.example/ml/recommender:1.4.2
        ports: [{containerPort: 8080}]
        resources: {requests: {cpu: "2", memory: 4Gi}, limits: {memory: 4Gi}}
        readinessProbe: {httpGet: {path: /healthz, port: 8080}}
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
        volumeMounts: [{name: cfg, mountPath: /etc/recommender}]
      - name: proxy
        image: ghcr.io/corp/proxy@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
        resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
        securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
      volumes: [{name: cfg, configMap: {name: recommender}}]
`

// BenchmarkEvaluateDeployment measures offline admission of one Deployment against a 10-rule policy (49
// validations after compilation); manifests/s is the throughput a CI gate gets per core.
func BenchmarkEvaluateDeployment(b *testing.B) {
	p, err := policy.Load([]byte(benchPolicy))
	require.NoError(b, err)
	ev, err := eval.ForPolicy(p, eval.Options{})
	require.NoError(b, err)
	objs, err := eval.Decode([]byte(benchDeployment))
	require.NoError(b, err)
	ctx := context.Background()
	r, err := ev.Evaluate(ctx, objs[0])
	require.NoError(b, err)
	require.True(b, r.Allowed, "%+v", r.Violations)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ev.Evaluate(ctx, objs[0]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "manifests/s")
}

// BenchmarkNew measures building the evaluator of the bench policy: checking its 146 validations and 143
// message expressions (each distinct text once, each shape in full once).
func BenchmarkNew(b *testing.B) {
	p, err := policy.Load([]byte(benchPolicy))
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eval.ForPolicy(p, eval.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
