package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// demoPolicies are the seed's "prod strict, dev relaxed": the same guardrails, enforced on prod members and
// only audited on dev ones.
var demoPolicies = []string{`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: prod-strict}
spec:
  action: Enforce
  clusters: {matchLabels: {env: prod}}
  namespaces: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system, karmada-system]}]}
  rules:
    - restrictImageRegistries: {allowed: ["registry.corp.example/", "ghcr.io/corp/"]}
    - disallowPrivileged: {}
    - disallowLatestTag: {}
    - requireRequestsLimits: {}
    - podSecurity: {level: baseline}
`, `apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: dev-relaxed}
spec:
  action: Audit
  clusters: {matchLabels: {env: dev}}
  rules:
    - disallowPrivileged: {}
    - disallowLatestTag: {}
`}

// demoManifests are what teams try to deploy: a privileged GPU debug pod and a well-formed inference
// Deployment.
const demoManifests = `apiVersion: v1
kind: Pod
metadata: {name: gpu-debug, namespace: training}
spec:
  containers:
  - name: debug
    image: registry.corp.example/tools/nvidia-debug:2.1
    securityContext: {privileged: true}
    resources: {requests: {cpu: 500m, memory: 1Gi}, limits: {memory: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: recommender, namespace: serving}
spec:
  selector: {matchLabels: {app: recommender}}
  template:
    metadata: {labels: {app: recommender}}
    spec:
      containers:
      - name: server
        image: registry.corp.example/ml/recommender:1.4.2
        resources: {requests: {cpu: "2", memory: 4Gi}, limits: {memory: 4Gi}}
`

func demoPolicy(w io.Writer, env demoEnv) error {
	for _, doc := range demoPolicies {
		p, err := policy.Load([]byte(doc))
		if err != nil {
			return err
		}
		if err := demoOnePolicy(w, env, p); err != nil {
			return err
		}
	}
	return nil
}

func demoOnePolicy(w io.Writer, env demoEnv, p policy.FleetPolicy) error {
	members, err := policy.Members(p, env.Fleet)
	if err != nil {
		return err
	}
	objs, err := compilePolicy(p, targetKarmada, w)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "FleetPolicy %q (%s, %d rules) → %d members of %q\n", p.Metadata.Name, p.Spec.Action,
		len(p.Spec.Rules), len(members), env.Fleet.Name)
	fmt.Fprintf(w, "  compiled for Karmada: %s\n", objectNames(objs))
	ev, err := eval.ForPolicy(p, eval.Options{})
	if err != nil {
		return err
	}
	results, err := ev.EvaluateManifests(context.Background(), []byte(demoManifests))
	if err != nil {
		return err
	}
	for _, r := range results {
		verdict := "allowed"
		if !r.Allowed {
			verdict = "DENIED"
		}
		fmt.Fprintf(w, "  %-34s %s\n", r.Object, verdict)
		for _, v := range r.Violations {
			fmt.Fprintf(w, "      %s (%s)\n", v.Message, actionsText(v))
		}
		if r.Denial != "" {
			fmt.Fprintf(w, "      kube-apiserver answers: %s\n", r.Denial)
		}
	}
	fmt.Fprintln(w)
	return nil
}

func objectNames(objs []runtime.Object) string {
	names := make([]string, 0, len(objs))
	for _, o := range objs {
		acc, ok := o.(metav1.Object)
		if !ok {
			continue
		}
		names = append(names, o.GetObjectKind().GroupVersionKind().Kind+"/"+acc.GetName())
	}
	return strings.Join(names, ", ")
}

func actionsText(v eval.Violation) string {
	parts := make([]string, len(v.Actions))
	for i, a := range v.Actions {
		parts[i] = string(a)
	}
	return strings.Join(parts, "+")
}
