package stack_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/internal/testenv"
	"github.com/fleetkit/fleetkit/observe/stack"
)

// The rendered files are read by the real programs: thanos v0.42.4 (built by the test environment's
// setup) for objstore.yml and the Querier's endpoint file, promtool for the external_labels block.
// A missing binary fails the test.

func writeFile(t *testing.T, dir, name string, content []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, content, 0o600))
	return path
}

func thanosBinary(t *testing.T) string {
	t.Helper()
	bin, err := testenv.ThanosBinary()
	require.NoError(t, err)
	return bin
}

func TestObjstoreConfigIsReadByThanos(t *testing.T) {
	thanos := thanosBinary(t)
	dir := t.TempDir()
	fs := stack.Storage{Type: stack.Filesystem, Directory: filepath.Join(dir, "bucket")}
	require.NoError(t, os.Mkdir(fs.Directory, 0o700))
	out, err := exec.Command(thanos, "tools", "bucket", "ls", "--objstore.config-file="+writeFile(t, dir, "fs.yml", fs.ObjstoreConfig())).CombinedOutput()
	require.NoError(t, err, "%s", out)

	// The keys are references Thanos resolves from its environment: unset, the file is refused
	// before any request, naming the variable; a literal key would have been sent to S3.
	s3 := stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "metrics", Endpoint: "127.0.0.1:1",
		AccessKeyEnv: "FLEETKIT_TEST_UNSET_ACCESS_KEY", SecretKeyEnv: "FLEETKIT_TEST_UNSET_SECRET_KEY"}}
	cmd := exec.Command(thanos, "tools", "bucket", "ls", "--objstore.config-file="+writeFile(t, dir, "s3.yml", s3.ObjstoreConfig()))
	cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	out, err = cmd.CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), `unset environment variable \"FLEETKIT_TEST_UNSET_ACCESS_KEY\"`)
}

// Every replica's block (scrape interval, external labels and the alert relabelling of an HA pair)
// is a valid prometheus.yml.
func TestExternalLabelsPassPromtool(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	require.NoError(t, err, "promtool is needed (Debian package prometheus; hack/setup-testenv.sh installs it)")
	opts := validOptions()
	opts.Replicas = 2
	plan, err := stack.New(fleet.Sample(), opts)
	require.NoError(t, err)
	dir := t.TempDir()
	for _, m := range plan.Members {
		for _, r := range m.Replicas {
			path := writeFile(t, dir, fmt.Sprintf("%s-%d.yml", m.Cluster, r.Index), r.PrometheusConfig())
			out, err := exec.Command(promtool, "check", "config", path).CombinedOutput()
			require.NoError(t, err, "%s", out)
		}
	}
}

// syncBuffer is a bytes.Buffer a process writes while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Thanos Query reads every sidecar of the plan from the endpoint file: it dials each one (they are
// closed loopback ports, so each dial fails at once and is logged with its address).
func TestEndpointSDConfigIsReadByThanosQuery(t *testing.T) {
	thanos := thanosBinary(t)
	f := fleet.Fleet{Name: "loop", Members: []fleet.Member{{Name: "127.0.0.2", Region: "r"}, {Name: "127.0.0.3", Region: "r"}}}
	opts := validOptions()
	opts.Replicas, opts.SidecarAddress = 2, "{cluster}:1{replica}"
	plan, err := stack.New(f, opts)
	require.NoError(t, err)
	require.Len(t, plan.Querier.Endpoints, 4)

	dir := t.TempDir()
	writeFile(t, dir, filepath.Base(stack.EndpointSDConfigPath), plan.Querier.EndpointSDConfig())
	args := append([]string{}, plan.Querier.Args...)
	for i, a := range args {
		if strings.HasPrefix(a, "--endpoint.sd-config-file=") {
			args[i] = "--endpoint.sd-config-file=" + filepath.Join(dir, filepath.Base(stack.EndpointSDConfigPath))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, thanos, append(args, "--http-address=127.0.0.1:0", "--grpc-address=127.0.0.1:0")...)
	var logs syncBuffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	require.NoError(t, cmd.Start())
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	require.Eventually(t, func() bool {
		for _, addr := range plan.Querier.Endpoints {
			if !strings.Contains(logs.String(), "address="+addr) {
				return false
			}
		}
		return true
	}, 45*time.Second, 200*time.Millisecond, "thanos query did not dial every endpoint:\n%s", &logs)
	assert.NotContains(t, logs.String(), "level=error", "%s", &logs)
}
