package policy_test

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/policy"
)

// ExampleObsolete updates prod-baseline to a single custom rule on replicas, which only Deployments,
// StatefulSets and ReplicaSets have: the new version compiles to no Pod or CronJob policy, and the ones
// the old version left in the cluster are what to delete.
func ExampleObsolete() {
	old, _ := policy.Load([]byte(examplePolicy))
	updated, _ := policy.Load([]byte(strings.Replace(examplePolicy, `    - restrictImageRegistries: {allowed: ["registry.corp.example/"]}
    - disallowPrivileged: {}
    - podSecurity: {level: baseline}`, `    - cel: {expression: "object.spec.replicas <= 50"}`, 1)))
	live, _ := policy.Compile(old, policy.TargetVAP) // as listed with policy.CompiledLabels("prod-baseline")
	current, _ := policy.Compile(updated, policy.TargetVAP)
	stale, err := policy.Obsolete("prod-baseline", current, live.Items)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range stale {
		fmt.Println("delete", o.GetObjectKind().GroupVersionKind().Kind, o.(metav1.Object).GetName())
	}
	// Output:
	// delete ValidatingAdmissionPolicyBinding prod-baseline-cronjobs
	// delete ValidatingAdmissionPolicyBinding prod-baseline-pods
	// delete ValidatingAdmissionPolicy prod-baseline-cronjobs
	// delete ValidatingAdmissionPolicy prod-baseline-pods
}
