package main

import (
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// contractCases run one command of every kind on a small valid input; each must print one document.
func contractCases(t *testing.T) map[string][]string {
	t.Helper()
	policy := writeTemp(t, "policy.yaml", cliPolicy)
	allowed := writeTemp(t, "ok.yaml", strings.Replace(cliManifests, "privileged: true", "privileged: false", 1))
	gang := writeGangFile(t, "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 8}}\n", "0", "1", "4")
	request := writeDivideFile(t, "req.yaml", "strategy: StaticWeight\nreplicas: 3\nclusters: [{name: a}, {name: b}]\n")
	nodes := writeFile(t, "nodes.yaml", "- hostname: n1\n  modules: [br_netfilter, overlay]\n  sysctls: {net.ipv4.ip_forward: \"1\", "+
		"net.bridge.bridge-nf-call-iptables: \"1\", net.bridge.bridge-nf-call-ip6tables: \"1\"}\n  kubeletCgroupDriver: systemd\n"+
		"  containerdSystemdCgroup: true\n  sockets: [/run/containerd/containerd.sock]\n  cgroupVersion: 2\n")
	return map[string][]string{
		"version":              {"version"},
		"divide":               {"divide", "-f", request},
		"gang check":           {"gang", "check", "-f", gang},
		"cluster render":       {"cluster", "render", "--sample"},
		"cluster plan-upgrade": {"cluster", "plan-upgrade", "--sample", "--to", "v1.32.0"},
		"cluster preflight":    {"cluster", "preflight", "-f", nodes},
		"fleet render":         {"fleet", "render", "--sample"},
		"policy compile":       {"policy", "compile", "-f", policy},
		"policy test":          {"policy", "test", "-f", policy, allowed},
		"observe plan":         {"observe", "plan", "--sample", "--canary", "shop/cart"},
		"observe operator":     {"observe", "plan", "--sample", "--operator", "--canary", "shop/cart"},
	}
}

// TestEveryCommandPrintsOneDocument: -o json used to print an object, an array or a v1 List depending on
// the command, and -o yaml a stream of documents for some; every command now prints one JSON object, and
// -o yaml the same document.
func TestEveryCommandPrintsOneDocument(t *testing.T) {
	for name, args := range contractCases(t) {
		t.Run(name, func(t *testing.T) {
			out, stderr, err := runCLI(t, append(args, "-o", "json")...)
			require.NoError(t, err, stderr)
			assert.Empty(t, stderr)
			dec := json.NewDecoder(strings.NewReader(out))
			var doc any
			require.NoError(t, dec.Decode(&doc))
			assert.IsType(t, map[string]any{}, doc, "one JSON object, not an array")
			assert.ErrorIs(t, dec.Decode(&doc), io.EOF, "nothing after the one document")

			out, stderr, err = runCLI(t, append(args, "-o", "yaml")...)
			require.NoError(t, err, stderr)
			ydec := yaml.NewDecoder(strings.NewReader(out))
			var ydoc any
			require.NoError(t, ydec.Decode(&ydoc))
			assert.Equal(t, normalise(t, doc), normalise(t, ydoc), "-o yaml prints the -o json document")
			assert.ErrorIs(t, ydec.Decode(&ydoc), io.EOF, "one YAML document, not a stream")
		})
	}
}

// normalise round-trips v through JSON, so that YAML's and JSON's numbers compare equal.
func normalise(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestErrorsGoToStderrInTheChosenFormat: an unschedulable divide used to print JSON on stdout for every
// -o; errors now go to stderr only, as a document in the chosen format, and stdout stays empty.
func TestErrorsGoToStderrInTheChosenFormat(t *testing.T) {
	unschedulable := writeDivideFile(t, "req.json", `{"strategy":"DynamicWeight","replicas":30,
		"clusters":[{"name":"a","availableReplicas":10},{"name":"b","availableReplicas":15}]}`)
	invalid := writeDivideFile(t, "bad.yaml", "strategy: StaticWeight\nreplicas: -3\nclusters: [{name: a, wieght: 2}]\n")

	out, stderr, err := runCLI(t, "divide", "-f", unschedulable)
	require.Error(t, err)
	assert.Empty(t, out)
	assert.True(t, strings.HasPrefix(stderr, "fleetctl: "), stderr)
	assert.Contains(t, stderr, "available replicas 25 are not enough")

	for _, format := range []string{"json", "yaml"} {
		out, stderr, err = runCLI(t, "divide", "-f", unschedulable, "-o", format)
		require.Error(t, err)
		assert.Empty(t, out, "-o %s: nothing on stdout", format)
		got := decodeDocument(t, format, stderr)
		assert.Equal(t, "Unschedulable", got["reason"])
		assert.Contains(t, got["error"], "available replicas 25 are not enough")
	}

	out, stderr, err = runCLI(t, "divide", "-f", invalid, "-o", "json")
	require.Error(t, err)
	assert.Empty(t, out)
	got := decodeDocument(t, "json", stderr)
	assert.Equal(t, "Invalid", got["reason"])
	assert.Equal(t, []any{map[string]any{"field": "clusters[0].wieght", "reason": `unknown field (did you mean "weight"?) (line 3)`}}, got["problems"])

	_, stderr, err = runCLI(t, "gang", "check", "-f", writeGangFile(t, "clusters: []\n", "0", "1", "1"), "-o", "json")
	require.Error(t, err)
	got = decodeDocument(t, "json", stderr)
	assert.Equal(t, []any{map[string]any{"field": "clusters", "reason": "at least one cluster snapshot is required"}}, got["problems"])
}

func decodeDocument(t *testing.T, format, text string) map[string]any {
	t.Helper()
	var got map[string]any
	if format == "yaml" {
		require.NoError(t, yaml.Unmarshal([]byte(text), &got), text)
	} else {
		require.NoError(t, json.Unmarshal([]byte(text), &got), text)
	}
	return got
}

// TestGangCheckJSONCarriesTheWholeReport: -o json used to drop the certificates, the ranking and the
// warnings that the table and the library report.
func TestGangCheckJSONCarriesTheWholeReport(t *testing.T) {
	clusters := "clusters:\n- name: c1\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 2}}\n  - {name: n2, allocatable: {nvidia.com/gpu: 2}}\n" +
		"- name: c2\n  nodes:\n  - {name: n1, allocatable: {nvidia.com/gpu: 8}}\n"
	out, stderr, err := runCLI(t, "gang", "check", "-f", writeGangFile(t, clusters, "1", "2", "4"), "-o", "json")
	require.NoError(t, err, stderr)
	var got struct {
		Clusters []struct {
			Cluster     string `json:"cluster"`
			Verdict     string `json:"verdict"`
			Certificate *struct {
				Check, Resource, Need, Have, Short, Message string
				Reasons                                     []struct {
					Reason string
					Nodes  int
				}
			} `json:"certificate"`
		} `json:"clusters"`
		Ranking []struct{ Cluster, Verdict, Reason string } `json:"ranking"`
		Best    string                                      `json:"best"`
		Warning []string                                    `json:"warnings"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &got))
	require.Len(t, got.Clusters, 2)
	cert := got.Clusters[0].Certificate
	require.NotNil(t, cert, "the Infeasible cluster's certificate")
	assert.Equal(t, "PodFit", cert.Check)
	assert.Equal(t, "nvidia.com/gpu", cert.Resource)
	assert.Equal(t, []string{"4", "2", "2"}, []string{cert.Need, cert.Have, cert.Short})
	assert.Equal(t, 2, cert.Reasons[0].Nodes)
	require.Len(t, got.Ranking, 2)
	assert.Equal(t, "c2", got.Ranking[0].Cluster)
	assert.Equal(t, "c2", got.Best)
	assert.NotEmpty(t, got.Warning, "minAvailable 1 below the task minimum 2 is warned about")
}

// exampleRuns say how each command that reads a file runs its --example output (written to path).
var exampleRuns = map[string]func(t *testing.T, path string) []string{
	"divide":         func(_ *testing.T, p string) []string { return []string{"divide", "-f", p} },
	"gang check":     func(_ *testing.T, p string) []string { return []string{"gang", "check", "-f", p} },
	"cluster render": func(_ *testing.T, p string) []string { return []string{"cluster", "render", "-f", p} },
	"cluster plan-upgrade": func(_ *testing.T, p string) []string {
		return []string{"cluster", "plan-upgrade", "-f", p, "--to", "v1.32.0"}
	},
	"cluster preflight": func(_ *testing.T, p string) []string { return []string{"cluster", "preflight", "-f", p} },
	"fleet render":      func(_ *testing.T, p string) []string { return []string{"fleet", "render", "-f", p} },
	"fleet register":    registerExample,
	"observe plan":      func(_ *testing.T, p string) []string { return []string{"observe", "plan", "-f", p} },
	"rollout simulate":  func(_ *testing.T, p string) []string { return []string{"rollout", "simulate", "-f", p} },
	"policy compile":    func(_ *testing.T, p string) []string { return []string{"policy", "compile", "-f", p} },
	"policy test": func(t *testing.T, p string) []string {
		policy, _, err := runCLI(t, "policy", "compile", "--example")
		require.NoError(t, err)
		return []string{"policy", "test", "-f", writeTemp(t, "policy.yaml", policy), p}
	},
}

// examplesPending lists commands whose --example is still to come: none.
var examplesPending = map[string]bool{}

// TestEveryExampleRuns: only rollout simulate showed a sample input; every command that reads a file now
// prints one with --example, shows it in --help, and the sample runs through the command.
func TestEveryExampleRuns(t *testing.T) {
	for _, cmd := range leafCommands(newRootCmd()) {
		path := strings.TrimPrefix(cmd.CommandPath(), "fleetctl ")
		if cmd.Flags().Lookup("file") == nil || examplesPending[path] {
			continue
		}
		t.Run(path, func(t *testing.T) {
			require.NotNil(t, cmd.Flags().Lookup("example"), "fleetctl %s has no --example", path)
			sample, stderr, err := runCLI(t, append(strings.Fields(path), "--example")...)
			require.NoError(t, err, stderr)
			require.NotEmpty(t, sample)
			help, _, err := runCLI(t, append(strings.Fields(path), "--help")...)
			require.NoError(t, err)
			assert.Contains(t, help, strings.TrimSpace(strings.Split(sample, "\n")[1]), "--help shows the sample")
			runArgs, ok := exampleRuns[path]
			require.True(t, ok, "add fleetctl %s to exampleRuns", path)
			out, stderr, err := runCLI(t, runArgs(t, writeTemp(t, "sample.yaml", sample))...)
			require.NoError(t, err, "the sample of fleetctl %s fails: %s", path, stderr)
			assert.NotEmpty(t, out)
		})
	}
}

// TestEveryCommandDocumentsItsOutput: the help of every command with -o names the Go type -o json prints.
func TestEveryCommandDocumentsItsOutput(t *testing.T) {
	for _, cmd := range leafCommands(newRootCmd()) {
		path := strings.TrimPrefix(cmd.CommandPath(), "fleetctl ")
		if cmd.Flags().Lookup("output") == nil || examplesPending[path] {
			continue
		}
		assert.Contains(t, cmd.Long, "Output: -o json", "fleetctl %s --help does not say what -o json prints", path)
	}
}

func leafCommands(cmd *cobra.Command) []*cobra.Command {
	if !cmd.HasSubCommands() {
		return []*cobra.Command{cmd}
	}
	var out []*cobra.Command
	for _, sub := range cmd.Commands() {
		if sub.Name() != "help" && sub.Name() != "completion" {
			out = append(out, leafCommands(sub)...)
		}
	}
	return out
}

// silentServer accepts connections and never answers, like an API server behind a black-holed route.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	return l.Addr().String()
}

// TestNetworkCommandsTimeOut: fleet register waited a fixed two minutes on a silent Karmada API server and
// demo --prometheus had no bound at all; both take --timeout and say what they waited for.
func TestNetworkCommandsTimeOut(t *testing.T) {
	addr := silentServer(t)
	fleetFile := writeFile(t, "f.yaml", "name: f\nmembers: [{name: m1, apiEndpoint: \"https://m1:6443\"}]\n")
	member := writeFile(t, "m1.kubeconfig", "apiVersion: v1\nkind: Config\nclusters: [{name: m, cluster: {server: \"https://m1:6443\", "+
		"insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: m, user: u}}]\ncurrent-context: c\n")
	karmadaCfg := writeFile(t, "karmada.kubeconfig", "apiVersion: v1\nkind: Config\nclusters: [{name: k, cluster: {server: \"https://"+addr+
		"\", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: c, context: {cluster: k, user: u}}]\ncurrent-context: c\n")
	start := time.Now()
	_, stderr, err := runCLI(t, "fleet", "register", "-f", fleetFile, "--kubeconfig", "m1="+member, "--karmada-kubeconfig", karmadaCfg,
		"--timeout", "300ms")
	require.Error(t, err)
	assert.Less(t, time.Since(start), 20*time.Second)
	assert.Contains(t, stderr, "gave up after --timeout 300ms waiting for the Karmada API server at https://"+addr)

	start = time.Now()
	_, stderr, err = runCLI(t, "demo", "--prometheus", "http://"+addr, "--live-interval", "0s", "--timeout", "300ms")
	require.Error(t, err)
	assert.Less(t, time.Since(start), 20*time.Second)
	assert.Contains(t, stderr, "gave up after --timeout 300ms waiting for Prometheus at http://"+addr)

	help, _, _ := runCLI(t, "fleet", "register", "--help")
	assert.Contains(t, help, "waits for the Karmada API server")
	help, _, _ = runCLI(t, "demo", "--help")
	assert.Contains(t, help, "waits for Prometheus")
	assert.Contains(t, help, "at most --timeout")
}

// registerExample prepares what the sample fleet's registration needs: a kubeconfig per member (the
// sample fleet's names) and the test API server as the Karmada control plane.
func registerExample(t *testing.T, path string) []string {
	dir := t.TempDir()
	for _, name := range []string{"sample-sh", "sample-bj"} {
		memberKubeconfig(t, dir, name, "token-"+name)
	}
	return []string{"fleet", "register", "-f", path, "--karmada-kubeconfig", writeKubeconfig(t, env.Config), "--kubeconfig-dir", dir}
}
