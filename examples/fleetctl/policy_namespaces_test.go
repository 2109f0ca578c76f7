package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// prodOnlyPolicy is cliPolicy scoped to namespaces labelled tier=prod.
var prodOnlyPolicy = strings.Replace(cliPolicy, "  rules:", "  namespaces: {matchLabels: {tier: prod}}\n  rules:", 1)

// TestPolicyTestSeesTheNamespacesOfItsManifests: the manifests are applied together, so a Namespace
// in one file, labelled tier=prod, is what the namespace selector sees for a Pod in another file, as
// kube-apiserver would after `kubectl apply -f ns.yaml -f pod.yaml`. fleetctl used to evaluate the Pod
// in an unlabelled namespace and admit it (exit 0) where the API server denies it.
func TestPolicyTestSeesTheNamespacesOfItsManifests(t *testing.T) {
	pol := writeTemp(t, "policy.yaml", prodOnlyPolicy)
	pod := strings.Replace(strings.SplitN(cliManifests, "---", 2)[0], "namespace: default", "namespace: payments", 1)
	podFile := writeTemp(t, "pod.yaml", pod)
	for _, tc := range []struct {
		labels  string
		allowed bool
	}{{"{tier: prod}", false}, {"{tier: dev}", true}} {
		ns := writeTemp(t, "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: payments, labels: "+tc.labels+"}\n")
		out, _, err := runCLI(t, "policy", "test", "-f", pol, podFile, ns, "-o", "json")
		var got struct {
			Results []struct {
				Object  string `json:"object"`
				Allowed bool   `json:"allowed"`
			} `json:"results"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &got), tc.labels)
		require.Len(t, got.Results, 2, tc.labels)
		assert.Equal(t, "Pod/payments/web", got.Results[0].Object)
		assert.Equal(t, tc.allowed, got.Results[0].Allowed, "namespace labels %s", tc.labels)
		assert.Equal(t, tc.allowed, err == nil, "exit status with namespace labels %s", tc.labels)
	}
}
