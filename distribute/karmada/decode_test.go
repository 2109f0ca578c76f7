package karmada_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/distribute"
	"github.com/fleetkit/fleetkit/distribute/karmada"
	"github.com/fleetkit/fleetkit/internal/strictyaml/strictyamltest"
)

const decodePP = `apiVersion: policy.karmada.io/v1alpha1
kind: %s
metadata: {name: recommender}
spec:
  resourceSelectors: [{apiVersion: apps/v1, kind: Deployment, name: recommender}]
  placement:
    clusterAffinity: {clusterNames: [serving-sh, training-bj]}
    replicaScheduling: {replicaSchedulingType: Duplicated}
`

func TestDecodePlacement(t *testing.T) {
	for _, kind := range []string{"PropagationPolicy", "ClusterPropagationPolicy"} {
		p, err := karmada.DecodePlacement([]byte(fmt.Sprintf(decodePP, kind)))
		require.NoError(t, err, kind)
		assert.Equal(t, []string{"serving-sh", "training-bj"}, p.ClusterAffinity.ClusterNames)
		strategy, err := karmada.StrategyOf(p)
		require.NoError(t, err)
		assert.Equal(t, distribute.Duplicated, strategy)
	}
}

func TestDecodePlacementNamesTheProblem(t *testing.T) {
	cases := []struct{ name, doc, field, reason string }{
		{"a Deployment", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n", "kind",
			"expected a PropagationPolicy or ClusterPropagationPolicy (policy.karmada.io/v1alpha1), got apps/v1 Deployment"},
		{"no kind", "spec: {}\n", "kind", "got an object without apiVersion and kind"},
		{"unknown field", fmt.Sprintf(decodePP, "PropagationPolicy") + "    clusterTolerations: [{key: a, operater: Exists}]\n",
			"spec.placement.clusterTolerations[0].operater", `unknown field (did you mean "operator"?) (line 9)`},
		{"duplicate key", fmt.Sprintf(decodePP, "PropagationPolicy") + "    clusterAffinity: {clusterNames: [edge]}\n",
			"spec.placement.clusterAffinity", `duplicate key "clusterAffinity" (first at line 7) (line 9)`},
		{"second document", fmt.Sprintf(decodePP, "PropagationPolicy") + "---\n" + fmt.Sprintf(decodePP, "PropagationPolicy"),
			"document", "a second document where one is expected (line 10)"},
		{"empty", "# nothing\n", "document", "no document in the input"},
		{"null", "null\n", "document", "no document in the input"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := karmada.DecodePlacement([]byte(c.doc))
			require.ErrorIs(t, err, karmada.ErrInvalid)
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			assert.Contains(t, ve.Reason, c.reason)
		})
	}
}

// TestDecodePlacementRefusesAnotherScheduler: karmada-scheduler schedules only the bindings of policies
// naming it (pkg/scheduler/event_handler.go schedulerNameFilter, v1.17.1: empty means
// "default-scheduler"); a policy for another scheduler was read as if karmada-scheduler placed it.
func TestDecodePlacementRefusesAnotherScheduler(t *testing.T) {
	pp := fmt.Sprintf(decodePP, "PropagationPolicy")
	for _, name := range []string{"", "default-scheduler"} {
		doc := pp
		if name != "" {
			doc = strings.Replace(pp, "spec:\n", "spec:\n  schedulerName: "+name+"\n", 1)
		}
		_, err := karmada.DecodePlacement([]byte(doc))
		require.NoError(t, err, name)
	}
	doc := strings.Replace(pp, "spec:\n", "spec:\n  schedulerName: gpu-scheduler\n", 1)
	_, err := karmada.DecodePlacement([]byte(doc))
	require.ErrorIs(t, err, karmada.ErrInvalid)
	var ve *karmada.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "spec.schedulerName", ve.Field)
	assert.Contains(t, ve.Reason, `"gpu-scheduler"`)
}

// TestDecodeReadsAOneItemList: `kubectl get propagationpolicies -o yaml` writes a v1 List even for one
// policy; it used to be refused as "got v1 List".
func TestDecodeReadsAOneItemList(t *testing.T) {
	list := func(items ...string) []byte {
		out := "apiVersion: v1\nkind: List\nitems:\n"
		for _, it := range items {
			out += "- " + strings.ReplaceAll(strings.TrimSuffix(it, "\n"), "\n", "\n  ") + "\n"
		}
		return []byte(out)
	}
	pp := fmt.Sprintf(decodePP, "PropagationPolicy")
	p, err := karmada.DecodePlacement(list(pp))
	require.NoError(t, err)
	assert.Equal(t, []string{"serving-sh", "training-bj"}, p.ClusterAffinity.ClusterNames)
	w, err := karmada.DecodeWorkload(list("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n"))
	require.NoError(t, err)
	assert.Equal(t, int32(3), w.Replicas)

	for name, doc := range map[string][]byte{"two items": list(pp, pp), "no items": []byte("apiVersion: v1\nkind: List\nitems: []\n")} {
		_, err := karmada.DecodePlacement(doc)
		var ve *karmada.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "items", ve.Field, name)
		assert.Contains(t, ve.Reason, "one object is expected", name)
	}
	_, err = karmada.DecodePlacement(list("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"))
	require.ErrorContains(t, err, "got apps/v1 Deployment", "the item's kind is named, not the List's")
}

func TestDecodeWorkload(t *testing.T) {
	deploy := func(uid string, replicas int32, requirements bool) karmada.Workload {
		return karmada.Workload{APIVersion: "apps/v1", Kind: "Deployment", UID: uid, Replicas: replicas, HasReplicaRequirements: requirements}
	}
	cases := []struct {
		name, doc string
		want      karmada.Workload
		requests  map[string]string
	}{
		{"Deployment with requests", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, uid: u-1}\nspec:\n  replicas: 22\n" +
			"  template: {spec: {containers: [{name: c, image: i, resources: {requests: {cpu: 500m}}}]}}\n",
			deploy("u-1", 22, true), map[string]string{"cpu": "500m"}},
		{"replicas default to 1", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: c}]}}}\n",
			deploy("", 1, false), nil},
		{"limits stand in for requests", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: 3\n" +
			"  template: {spec: {containers: [{name: c, resources: {limits: {nvidia.com/gpu: 1, memory: 1Gi}, requests: {memory: 512Mi}}}]}}\n",
			karmada.Workload{APIVersion: "apps/v1", Kind: "StatefulSet", Replicas: 3, HasReplicaRequirements: true},
			map[string]string{"nvidia.com/gpu": "1", "memory": "512Mi"}},
		{"a toleration is a node claim", "apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: rs}\nspec:\n  replicas: 2\n" +
			"  template: {spec: {tolerations: [{key: gpu, operator: Exists}], containers: [{name: c}]}}\n",
			karmada.Workload{APIVersion: "apps/v1", Kind: "ReplicaSet", Replicas: 2, HasReplicaRequirements: true}, nil},
		{"an unknown resource name is not counted", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n" +
			"  template: {spec: {containers: [{name: c, resources: {requests: {storage: 1Gi}}}]}}\n",
			deploy("", 2, false), nil},
		{"containers add up, the largest init container and the overhead count", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n" +
			"spec:\n  replicas: 2\n  template:\n    spec:\n      overhead: {cpu: 100m}\n" +
			"      initContainers: [{name: i1, resources: {requests: {cpu: '2', memory: 1Gi}}}, {name: i2, resources: {requests: {memory: 3Gi}}}]\n" +
			"      containers: [{name: a, resources: {requests: {cpu: 500m, memory: 1Gi}}}, {name: b, resources: {requests: {cpu: 700m, memory: 1Gi}}}]\n",
			deploy("", 2, true), map[string]string{"cpu": "2100m", "memory": "3Gi"}},
		{"Job parallelism capped by completions", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  parallelism: 5\n  completions: 3\n" +
			"  template: {spec: {containers: [{name: c}]}}\n",
			karmada.Workload{APIVersion: "batch/v1", Kind: "Job", Replicas: 3}, nil},
		{"Pod", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, uid: u-2}\nspec: {containers: [{name: c, resources: {requests: {memory: 1Gi}}}]}\n",
			karmada.Workload{APIVersion: "v1", Kind: "Pod", UID: "u-2", Replicas: 1, HasReplicaRequirements: true}, map[string]string{"memory": "1Gi"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w, err := karmada.DecodeWorkload([]byte(c.doc))
			require.NoError(t, err)
			requests := w.Requests
			w.Requests = nil
			assert.Equal(t, c.want, w)
			got := map[string]string{}
			for name, q := range requests {
				got[string(name)] = q.String()
			}
			if c.requests == nil {
				assert.Nil(t, requests)
				return
			}
			assert.Equal(t, c.requests, got)
		})
	}
}

func TestDecodeWorkloadRefuses(t *testing.T) {
	cases := []struct{ name, doc, field, reason string }{
		{"a ConfigMap", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", "kind", "got v1 ConfigMap"},
		{"a StatefulSet field in a Deployment", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {serviceName: web}\n",
			"spec.serviceName", "unknown field"},
		{"negative replicas", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: -1}\n", "spec.replicas", "must be >= 0"},
		{"duplicate key", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1, replicas: 5}\n",
			"spec.replicas", `duplicate key "replicas"`},
		{"empty", "", "document", "no document"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := karmada.DecodeWorkload([]byte(c.doc))
			var ve *karmada.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, c.field, ve.Field)
			assert.Contains(t, ve.Reason, c.reason)
		})
	}
}

// TestDecodeRefusesAnAliasBomb: fleetctl divide --policy and --workload used to expand a 1 MiB string
// referenced 2,000 times to 2 GiB.
func TestDecodeRefusesAnAliasBomb(t *testing.T) {
	for name, decode := range map[string]func([]byte) error{
		"placement": func(b []byte) error { _, err := karmada.DecodePlacement(b); return err },
		"workload":  func(b []byte) error { _, err := karmada.DecodeWorkload(b); return err },
	} {
		bomb := strictyamltest.AliasBomb("apiVersion: apps/v1\nkind: Deployment\n")
		cost, err := strictyamltest.Measure(func() error { return decode(bomb) })
		require.ErrorIs(t, err, karmada.ErrInvalid, name)
		assert.Contains(t, err.Error(), "decoded size exceeds the limit", name)
		assert.True(t, cost.Within(strictyamltest.Budget), "%s: refusing cost %v and %d MB", name, cost.Duration, cost.Alloc>>20)
	}
}

func FuzzDecodePlacement(f *testing.F) {
	f.Add([]byte(fmt.Sprintf(decodePP, "PropagationPolicy")))
	f.Add([]byte(`{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":2}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := karmada.DecodePlacement(data); err != nil {
			require.ErrorIs(t, err, karmada.ErrInvalid)
		}
		if _, err := karmada.DecodeWorkload(data); err != nil {
			require.ErrorIs(t, err, karmada.ErrInvalid)
		}
	})
}
