package eval_test

import (
	"context"
	"fmt"

	"github.com/fleetkit/fleetkit/policy"
	"github.com/fleetkit/fleetkit/policy/eval"
)

func ExampleForPolicy() {
	p, err := policy.Load([]byte(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: prod-baseline}
spec:
  action: Enforce
  rules:
    - disallowHostPath: {}
    - disallowLatestTag: {}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := eval.ForPolicy(p, eval.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := ev.EvaluateManifests(context.Background(), []byte(`apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}]
  volumes: [{name: scratch, emptyDir: {}}, {name: logs, hostPath: {path: /var/log}}]
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Println(r.Object, "allowed:", r.Allowed)
		for _, v := range r.Violations {
			fmt.Printf("  %s: %s\n", v.Rule, v.Message)
		}
		fmt.Println(r.Denial)
	}
	// Output:
	// Pod/default/web allowed: false
	//   disallowHostPath: disallowHostPath: hostPath volumes are not allowed: logs
	// pods "web" is forbidden: ValidatingAdmissionPolicy 'prod-baseline-pods' with binding 'prod-baseline-pods' denied request: disallowHostPath: hostPath volumes are not allowed: logs
}
