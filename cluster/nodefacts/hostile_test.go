package nodefacts_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/cluster/nodefacts"
)

// aliasBomb is a YAML document whose 1 MiB anchored string is referenced
// 2,000 times: about 2 GB once expanded.
func aliasBomb() []byte {
	var b strings.Builder
	b.WriteString("cgroupDriver: systemd\nx: &a \"" + strings.Repeat("x", 1<<20) + "\"\ny: [")
	for i := range 2000 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("*a")
	}
	b.WriteString("]\n")
	return []byte(b.String())
}

// A kubelet configuration is a file on the node: read within limits, it is
// refused quickly instead of expanded (sigs.k8s.io/yaml expanded it).
func TestReadRefusesAHostileKubeletConfiguration(t *testing.T) {
	node := readyNode()
	node["var/lib/kubelet/config.yaml"] = &fstest.MapFile{Data: aliasBomb()}
	start := time.Now()
	_, err := nodefacts.Read(node)
	require.ErrorIs(t, err, nodefacts.ErrUnreadable)
	assert.Less(t, time.Since(start), 5*time.Second)

	node["var/lib/kubelet/config.yaml"] = &fstest.MapFile{Data: []byte("cgroupDriver: systemd\ncgroupDriver: cgroupfs\n")}
	_, err = nodefacts.Read(node)
	require.ErrorIs(t, err, nodefacts.ErrUnreadable, "a key given twice is not silently the last one")

	node["var/lib/kubelet/config.yaml"] = &fstest.MapFile{Data: []byte("cgroupDriver: [systemd]\n")}
	_, err = nodefacts.Read(node)
	require.ErrorIs(t, err, nodefacts.ErrUnreadable)
}

func TestReadKeepsTheKubeletFieldsItDoesNotNeed(t *testing.T) {
	node := readyNode()
	node["var/lib/kubelet/config.yaml"] = &fstest.MapFile{Data: []byte(
		"apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nmaxPods: 110\ncgroupDriver: cgroupfs\n" +
			"evictionHard: {memory.available: 100Mi}\n")}
	f, err := nodefacts.Read(node)
	require.NoError(t, err)
	assert.Equal(t, "cgroupfs", f.KubeletCgroupDriver)
}

// FuzzRead feeds arbitrary bytes to every file Read parses: it returns facts
// or a *ReadError, never panics.
func FuzzRead(f *testing.F) {
	f.Add([]byte("cgroupDriver: systemd\n"), []byte("Filename Type Size Used Priority\n/swap file 1 0 -2\n"),
		[]byte("overlay 1 0 - Live 0x0\n"), []byte(containerdConfig))
	f.Add([]byte("{"), []byte(""), []byte("\x00"), []byte("[plugins\nSystemdCgroup = maybe"))
	f.Fuzz(func(t *testing.T, kubelet, swaps, modules, containerd []byte) {
		node := readyNode()
		node["var/lib/kubelet/config.yaml"] = &fstest.MapFile{Data: kubelet}
		node["proc/swaps"] = &fstest.MapFile{Data: swaps}
		node["proc/modules"] = &fstest.MapFile{Data: modules}
		node["etc/containerd/config.toml"] = &fstest.MapFile{Data: containerd}
		_, err := nodefacts.Read(node)
		var re *nodefacts.ReadError
		if err != nil && !errors.As(err, &re) {
			t.Fatalf("want a *ReadError, got %T: %v", err, err)
		}
	})
}
