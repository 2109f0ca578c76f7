package eval_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/fleetkit/fleetkit/policy/defaults"
	"github.com/fleetkit/fleetkit/policy/eval"
)

// defaultingManifests is how many generated manifests TestDefaultingMatchesTheAPIServer creates.
const defaultingManifests = 560

// TestDefaultingMatchesTheAPIServer is the differential test of package defaults: generated manifests of
// every kind fleetkit compiles policies for, with fields missing at every level, are created with
// dryRun=All on the real kube-apiserver, and the object the API server returns (the object its validating
// admission saw) must equal the defaulted object fleetkit evaluates, field for field, except for the fields
// defaults reports unknown, which the API server must have set. FLEETKIT_DEFAULTS_SEED replays a seed.
func TestDefaultingMatchesTheAPIServer(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("FLEETKIT_DEFAULTS_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err)
	}
	t.Logf("seed %d (replay with FLEETKIT_DEFAULTS_SEED=%d)", seed, seed)
	fmt.Fprintf(os.Stderr, "defaulting differential test: seed %d, %d manifests\n", seed, defaultingManifests)
	ctx := context.Background()
	s := newAPIServer(t)
	gen := newManifestGen(seed)
	compared, fields := 0, 0
	refused := map[string]string{}
	for range defaultingManifests {
		manifest := gen.next()
		data, err := json.Marshal(manifest)
		require.NoError(t, err)
		server, err := s.dryRunCreate(ctx, data)
		if err != nil {
			// Every manifest must be valid: a refusal is a generator bug, reported once per message.
			refused[strings.SplitN(err.Error(), ": ", 2)[len(strings.SplitN(err.Error(), ": ", 2))-1]] = string(data)
			continue
		}
		offline, unknown := defaultedOffline(t, data)
		diffs := compareDefaulted(server, offline, unknown)
		if !assert.Empty(t, diffs, "manifest:\n%s", data) {
			continue
		}
		compared++
		fields += countFields(offline)
	}
	for reason, data := range refused {
		t.Errorf("the API server refused a generated manifest: %s\n%s", reason, data)
	}
	t.Logf("%d manifests, %d fields compared, 0 differences", compared, fields)
	fmt.Fprintf(os.Stderr, "defaulting differential test: %d manifests, %d fields, seed %d\n", compared, fields, seed)
}

// dryRunCreate sends the manifest as written (not re-encoded from a typed object, which would normalize
// quantities) and returns the object the API server answers with.
func (s *apiServer) dryRunCreate(ctx context.Context, data []byte) (map[string]any, error) {
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	gvk := u.GroupVersionKind()
	m, err := s.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		return nil, err
	}
	out, err := s.dyn.Resource(m.Resource).Namespace(u.GetNamespace()).Create(ctx, u,
		metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}, FieldValidation: "Strict"})
	if err != nil {
		return nil, err
	}
	return normalize(out.Object)
}

// defaultedOffline decodes the manifest as eval does and defaults it with package defaults.
func defaultedOffline(t *testing.T, data []byte) (map[string]any, []defaults.Field) {
	objs, err := eval.Decode(data)
	require.NoError(t, err)
	require.Len(t, objs, 1)
	d, err := defaults.ForCreate(objs[0])
	require.NoError(t, err, "%s", data)
	require.True(t, d.Complete, "%s", data)
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(d.Object)
	require.NoError(t, err)
	m, err = normalize(m)
	require.NoError(t, err)
	return m, d.Unknown
}

// normalize round-trips a JSON form through JSON, so numbers and empty values compare alike.
func normalize(m map[string]any) (map[string]any, error) {
	data, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out map[string]any
	return out, dec.Decode(&out)
}

// compareDefaulted lists the differences between the server's object and fleetkit's. Unknown fields must
// be set by the server and are then left out of the comparison.
func compareDefaulted(server, offline map[string]any, unknown []defaults.Field) []string {
	var diffs []string
	for _, f := range unknown {
		if !removePath(server, f.Path) && !optionalUnknown(f) {
			diffs = append(diffs, fmt.Sprintf("%s: reported unknown, but the API server did not set it", f))
		}
		removePath(offline, f.Path)
	}
	diffValues("", server, offline, &diffs)
	sort.Strings(diffs)
	return diffs
}

// optionalUnknown are unknown fields the API server may leave out.
func optionalUnknown(f defaults.Field) bool {
	return f.String() == "metadata.generation" || f.String() == "status"
}

func removePath(m map[string]any, path []string) bool {
	var cur any = m
	for i, k := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[k]
			if !ok {
				return false
			}
			if last {
				delete(c, k)
				return true
			}
			cur = v
		case []any:
			idx, err := strconv.Atoi(k)
			if err != nil || idx >= len(c) {
				return false
			}
			if last {
				c[idx] = nil
				return true
			}
			cur = c[idx]
		default:
			return false
		}
	}
	return false
}

func diffValues(path string, server, offline any, out *[]string) {
	sm, sok := server.(map[string]any)
	om, ook := offline.(map[string]any)
	if sok && ook {
		keys := map[string]bool{}
		for k := range sm {
			keys[k] = true
		}
		for k := range om {
			keys[k] = true
		}
		for k := range keys {
			diffValues(path+"."+k, sm[k], om[k], out)
		}
		return
	}
	sl, sok := server.([]any)
	ol, ook := offline.([]any)
	if sok && ook && len(sl) == len(ol) {
		for i := range sl {
			diffValues(path+"["+strconv.Itoa(i)+"]", sl[i], ol[i], out)
		}
		return
	}
	if !reflect.DeepEqual(server, offline) {
		*out = append(*out, fmt.Sprintf("%s: API server %s, fleetkit %s", strings.TrimPrefix(path, "."), show(server), show(offline)))
	}
}

func show(v any) string {
	if v == nil {
		return "<absent>"
	}
	data, _ := json.Marshal(v)
	return string(data)
}

func countFields(v any) int {
	switch t := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range t {
			n += countFields(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range t {
			n += countFields(e)
		}
		return n
	}
	return 1
}

// TestEphemeralContainerDefaultsMatchTheAPIServer: a Pod cannot be created with ephemeral containers; they
// are added to a running Pod through the pods/ephemeralcontainers subresource. Generated ones are added
// with dryRun=All to a Pod created once, and the API server's defaulted ephemeral containers must equal
// fleetkit's.
func TestEphemeralContainerDefaultsMatchTheAPIServer(t *testing.T) {
	ctx := context.Background()
	s := newAPIServer(t)
	pods := s.dyn.Resource(corev1.SchemeGroupVersion.WithResource("pods")).Namespace("default")
	manifest := obj{"apiVersion": "v1", "kind": "Pod", "metadata": obj{"name": "ephemeral-target", "namespace": "default"},
		"spec": obj{"containers": []any{obj{"name": "c0", "image": "nginx:1.25"}}}}
	created, err := pods.Create(ctx, &unstructured.Unstructured{Object: manifest}, metav1.CreateOptions{})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, pods.Delete(ctx, "ephemeral-target", metav1.DeleteOptions{})) })
	gen := newManifestGen(uint64(time.Now().UnixNano()))
	for range 40 {
		ephemeral := gen.ephemeralContainers()
		update := created.DeepCopy()
		require.NoError(t, unstructured.SetNestedSlice(update.Object, ephemeral, "spec", "ephemeralContainers"))
		out, err := pods.Update(ctx, update, metav1.UpdateOptions{DryRun: []string{metav1.DryRunAll}}, "ephemeralcontainers")
		require.NoError(t, err, "%v", ephemeral)
		server, err := normalize(out.Object)
		require.NoError(t, err)
		manifest["spec"].(obj)["ephemeralContainers"] = ephemeral
		data, err := json.Marshal(manifest)
		require.NoError(t, err)
		offline, _ := defaultedOffline(t, data)
		var diffs []string
		diffValues("spec.ephemeralContainers", server["spec"].(map[string]any)["ephemeralContainers"],
			offline["spec"].(map[string]any)["ephemeralContainers"], &diffs)
		assert.Empty(t, diffs, "%s", data)
	}
}
