package policy_test

import (
	"errors"
	"fmt"

	"github.com/fleetkit/fleetkit/policy"
)

const examplePolicy = `apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: prod-baseline}
spec:
  action: Enforce
  clusters: {matchLabels: {env: prod}}
  rules:
    - restrictImageRegistries: {allowed: ["registry.corp.example/"]}
    - disallowPrivileged: {}
    - podSecurity: {level: baseline}
`

func ExampleCompile() {
	p, err := policy.Load([]byte(examplePolicy))
	if err != nil {
		fmt.Println(err)
		return
	}
	objs, err := policy.Compile(p, policy.TargetVAP)
	if err != nil {
		fmt.Println(err)
		return
	}
	set, _ := policy.CompileVAP(p)
	for i, vap := range set.Policies {
		fmt.Printf("%s: %d validations, binding actions %v\n", vap.Name, len(vap.Spec.Validations),
			set.Bindings[i].Spec.ValidationActions)
	}
	fmt.Println(len(objs.Items), "objects")
	// Output:
	// prod-baseline-pods: 18 validations, binding actions [Deny]
	// prod-baseline-workloads: 18 validations, binding actions [Deny]
	// prod-baseline-cronjobs: 18 validations, binding actions [Deny]
	// 6 objects
}

func ExampleLoad_invalid() {
	_, err := policy.Load([]byte(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: broken}
spec:
  action: Enforce
  rules:
    - cel: {expression: "object.metadata.name.startWith('web-')"}
`))
	var verr *policy.ValidationError
	if errors.As(err, &verr) {
		fmt.Println(verr.Field, "/", verr.Rule, "/", errors.Is(err, policy.ErrInvalid))
	}
	// Output:
	// spec.rules[0].cel.expression / cel / true
}

func ExampleParseImage() {
	for _, ref := range []string{"nginx", "registry.local:5000/app", "ghcr.io/corp/api:1.2"} {
		img, _ := policy.ParseImage(ref)
		fmt.Printf("%-24s → %s (latest: %t)\n", ref, img, img.IsLatest())
	}
	// Output:
	// nginx                    → docker.io/library/nginx (latest: true)
	// registry.local:5000/app  → registry.local:5000/app (latest: true)
	// ghcr.io/corp/api:1.2     → ghcr.io/corp/api:1.2 (latest: false)
}
