package stack_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/fleet"
	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/stack"
)

func twoMembers() fleet.Fleet {
	return fleet.Fleet{Name: "seed", Members: []fleet.Member{
		{Name: "training-bj", Region: "cn-north", Labels: map[string]string{"env": "dev"}},
		{Name: "serving-sh", Region: "cn-east", Labels: map[string]string{"env": "prod"}},
	}}
}

func validOptions() stack.Options {
	return stack.Options{
		SidecarAddress: "prometheus-{replica}.{cluster}.example:10901",
		Storage:        stack.Storage{Type: stack.Filesystem, Directory: "/bucket"},
	}
}

// fields returns the Field of every ValidationError in err, in order.
func fields(t *testing.T, err error) []string {
	t.Helper()
	require.ErrorIs(t, err, stack.ErrInvalid)
	var out []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ve *stack.ValidationError
		require.True(t, errors.As(e, &ve), "%v is not a ValidationError", e)
		out = append(out, ve.Field)
	}
	return out
}

func TestNewRefusesBadInput(t *testing.T) {
	tests := []struct {
		name   string
		fleet  func(*fleet.Fleet)
		opts   func(*stack.Options)
		fields []string
	}{
		{"reserved double underscore", nil, func(o *stack.Options) { o.ExtraLabels = map[string]string{"__tenant": "a"} },
			[]string{"options.extraLabels[__tenant]"}},
		{"operator's instance label", nil, func(o *stack.Options) { o.ExtraLabels = map[string]string{"prometheus": "a"} },
			[]string{"options.extraLabels[prometheus]"}},
		{"operator's replica label", nil, func(o *stack.Options) { o.ExtraLabels = map[string]string{"prometheus_replica": "a"} },
			[]string{"options.extraLabels[prometheus_replica]"}},
		{"custom replica label as a user label", nil, func(o *stack.Options) {
			o.ReplicaLabel = "replica"
			o.MemberLabels = map[string]string{"env": "replica"}
		}, []string{"options.memberLabels[env]"}},
		{"the plan's own label", nil, func(o *stack.Options) { o.ExtraLabels = map[string]string{"cluster": "x"} },
			[]string{"options.extraLabels[cluster]"}},
		{"invalid label name", nil, func(o *stack.Options) { o.MemberLabels = map[string]string{"env": "deploy-env"} },
			[]string{"options.memberLabels[env]"}},
		{"empty label value", nil, func(o *stack.Options) { o.ExtraLabels = map[string]string{"team": ""} },
			[]string{"options.extraLabels[team]"}},
		{"replica label is a member label", nil, func(o *stack.Options) { o.ReplicaLabel = "region" },
			[]string{"options.replicaLabel"}},
		{"too many replicas", nil, func(o *stack.Options) { o.Replicas = 9 }, []string{"options.replicas"}},
		{"HA pair without {replica}", nil, func(o *stack.Options) { o.Replicas, o.SidecarAddress = 2, "{cluster}:10901" },
			[]string{"options.sidecarAddress"}},
		{"no sidecar address", nil, func(o *stack.Options) { o.SidecarAddress = "" }, []string{"options.sidecarAddress"}},
		{"unknown placeholder", nil, func(o *stack.Options) { o.SidecarAddress = "{zone}.{cluster}:10901" },
			[]string{"options.sidecarAddress"}},
		{"address without port", nil, func(o *stack.Options) { o.SidecarAddress = "{cluster}.example" },
			[]string{"fleet.members[0]", "fleet.members[1]"}},
		{"all members share an address", nil, func(o *stack.Options) { o.SidecarAddress = "thanos.example:10901" },
			[]string{"fleet.members[1]"}},
		{"member without the copied label", func(f *fleet.Fleet) { f.Members[1].Labels = nil },
			func(o *stack.Options) { o.MemberLabels = map[string]string{"env": "env"} }, []string{"fleet.members[1].labels[env]"}},
		{"member without region", func(f *fleet.Fleet) { f.Members[0].Region = "" }, nil, []string{"fleet.members[0].region"}},
		{"unnamed fleet", func(f *fleet.Fleet) { f.Name = "" }, nil, []string{"fleet.name"}},
		{"empty fleet", func(f *fleet.Fleet) { f.Members = nil }, nil, []string{"fleet.members"}},
		{"duplicate member", func(f *fleet.Fleet) { f.Members[1] = f.Members[0] }, nil, []string{"fleet.members[1]"}},
		{"no storage type", nil, func(o *stack.Options) { o.Storage = stack.Storage{} }, []string{"options.storage.type"}},
		{"unknown storage type", nil, func(o *stack.Options) { o.Storage.Type = "GCS" }, []string{"options.storage.type"}},
		{"filesystem without directory", nil, func(o *stack.Options) { o.Storage.Directory = "" }, []string{"options.storage.directory"}},
		{"S3 without bucket and endpoint", nil, func(o *stack.Options) { o.Storage = stack.Storage{Type: stack.S3} },
			[]string{"options.storage.s3.bucket", "options.storage.s3.endpoint"}},
		{"S3 bucket name too short", nil, func(o *stack.Options) {
			o.Storage = stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "m", Endpoint: "e"}}
		}, []string{"options.storage.s3.bucket"}},
		{"S3 with half a key pair", nil, func(o *stack.Options) {
			o.Storage = stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "metrics", Endpoint: "e", AccessKeyEnv: "AK"}}
		}, []string{"options.storage.s3.secretKeyEnv"}},
		{"S3 key that is not a variable name", nil, func(o *stack.Options) {
			o.Storage = stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "metrics", Endpoint: "e", AccessKeyEnv: "AKIA/123", SecretKeyEnv: "SK"}}
		}, []string{"options.storage.s3.accessKeyEnv"}},
		{"every problem, sorted", func(f *fleet.Fleet) { f.Members[1].Region = "" }, func(o *stack.Options) {
			o.Replicas = -1
			o.Storage.Type = ""
		}, []string{"fleet.members[1].region", "options.replicas", "options.storage.type"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, opts := twoMembers(), validOptions()
			if tt.fleet != nil {
				tt.fleet(&f)
			}
			if tt.opts != nil {
				tt.opts(&opts)
			}
			plan, err := stack.New(f, opts)
			assert.Nil(t, plan)
			assert.Equal(t, tt.fields, fields(t, err), "%v", err)
		})
	}
}

func TestNewLabelsEveryReplica(t *testing.T) {
	opts := validOptions()
	opts.Replicas = 2
	opts.ExtraLabels = map[string]string{"tenant": "platform"}
	opts.MemberLabels = map[string]string{"env": "env"}
	plan, err := stack.New(twoMembers(), opts)
	require.NoError(t, err)

	require.Len(t, plan.Members, 2)
	assert.Equal(t, "serving-sh", plan.Members[0].Cluster, "members are sorted by name")
	assert.Equal(t, stack.Labels{"fleet": "seed", "cluster": "serving-sh", "region": "cn-east", "env": "prod", "tenant": "platform"},
		plan.Members[0].ExternalLabels)
	var sets, addrs []string
	for _, m := range plan.Members {
		require.Len(t, m.Replicas, 2)
		for i, r := range m.Replicas {
			assert.Equal(t, i, r.Index)
			assert.Equal(t, m.ExternalLabels["cluster"], r.ExternalLabels["cluster"])
			sets = append(sets, r.ExternalLabels.String())
			addrs = append(addrs, r.SidecarAddress)
		}
	}
	assert.Equal(t, `{cluster="serving-sh", env="prod", fleet="seed", prometheus_replica="1", region="cn-east", tenant="platform"}`, sets[1])
	assert.Equal(t, plan.Querier.Endpoints, addrs)
	assert.Equal(t, []string{"prometheus_replica"}, plan.Querier.ReplicaLabels)
	assert.Contains(t, plan.Querier.Args, "--query.replica-label=prometheus_replica")
	assert.NotContains(t, strings.Join(plan.Querier.Args, " "), "--endpoint=", "--endpoint is deprecated in thanos v0.42")
}

func TestNewDoesNotAliasTheOptions(t *testing.T) {
	opts := validOptions()
	opts.ExtraLabels = map[string]string{"tenant": "platform"}
	plan, err := stack.New(twoMembers(), opts)
	require.NoError(t, err)
	opts.ExtraLabels["tenant"] = "changed"
	assert.Equal(t, "platform", plan.Members[0].ExternalLabels["tenant"])
}

func TestObjstoreConfigNeverInlinesCredentials(t *testing.T) {
	tests := []struct {
		name    string
		storage stack.Storage
		want    string
	}{
		{"filesystem", stack.Storage{Type: stack.Filesystem, Directory: "/var/lib/thanos"},
			"type: \"FILESYSTEM\"\nconfig:\n  directory: \"/var/lib/thanos\"\n"},
		{"S3 with the credential chain", stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "metrics", Endpoint: "s3.cn-north-1.amazonaws.com.cn", Region: "cn-north-1"}},
			"type: \"S3\"\nconfig:\n  bucket: \"metrics\"\n  endpoint: \"s3.cn-north-1.amazonaws.com.cn\"\n  region: \"cn-north-1\"\n"},
		{"S3 with keys from the environment", stack.Storage{Type: stack.S3, S3: stack.S3Storage{Bucket: "metrics", Endpoint: "minio:9000", Insecure: true,
			AccessKeyEnv: "S3_ACCESS_KEY", SecretKeyEnv: "S3_SECRET_KEY"}},
			"type: \"S3\"\nconfig:\n  bucket: \"metrics\"\n  endpoint: \"minio:9000\"\n  insecure: true\n" +
				"  access_key: \"$(S3_ACCESS_KEY)\"\n  secret_key: \"$(S3_SECRET_KEY)\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := validOptions()
			opts.Storage = tt.storage
			plan, err := stack.New(twoMembers(), opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(plan.Storage.ObjstoreConfig()))
		})
	}
}

// The replicas of an HA pair differ only in the replica label, which Prometheus attaches to their
// alerts; dropped, the pair's alerts are equal and Alertmanager notifies once.
func TestPrometheusConfigDropsTheReplicaLabelFromAlerts(t *testing.T) {
	opts := validOptions()
	opts.Replicas, opts.ReplicaLabel = 2, "replica"
	plan, err := stack.New(twoMembers(), opts)
	require.NoError(t, err)
	r := plan.Members[0].Replicas
	assert.Equal(t, `global:
  scrape_interval: "15s"
  external_labels:
    cluster: "serving-sh"
    fleet: "seed"
    region: "cn-east"
    replica: "1"
alerting:
  alert_relabel_configs:
  - action: "labeldrop"
    regex: "replica"
`, string(r[1].PrometheusConfig()))
	assert.Equal(t, strings.Replace(string(r[1].PrometheusConfig()), `replica: "1"`, `replica: "0"`, 1), string(r[0].PrometheusConfig()))
}

func TestFilesCoverEveryReplica(t *testing.T) {
	opts := validOptions()
	opts.Replicas = 2
	plan, err := stack.New(twoMembers(), opts)
	require.NoError(t, err)
	var paths []string
	for _, f := range plan.Files() {
		paths = append(paths, f.Path)
		assert.NotEmpty(t, f.Content)
	}
	assert.Equal(t, []string{
		"members/serving-sh/prometheus-0.yml", "members/serving-sh/prometheus-1.yml",
		"members/training-bj/prometheus-0.yml", "members/training-bj/prometheus-1.yml",
		"objstore.yml", "querier/endpoints.yml",
	}, paths)
}

func TestRolloutRulesRefuseBadCanaries(t *testing.T) {
	tests := []struct {
		name   string
		slo    func(*stack.CanarySLO)
		fields []string
	}{
		{"no bound", func(c *stack.CanarySLO) { c.MinSuccessRate, c.MaxLatency = 0, 0 }, []string{"canaries[0]"}},
		{"rate above 100", func(c *stack.CanarySLO) { c.MinSuccessRate = 101 }, []string{"canaries[0].minSuccessRate"}},
		{"negative latency", func(c *stack.CanarySLO) { c.MaxLatency = -1 }, []string{"canaries[0].maxLatency"}},
		{"unknown provider", func(c *stack.CanarySLO) { c.Provider = "linkerd" }, []string{"canaries[0].provider"}},
		{"bad names", func(c *stack.CanarySLO) { c.Namespace, c.Name = "", "Checkout" }, []string{"canaries[0].name", "canaries[0].namespace"}},
		{"sub-second window", func(c *stack.CanarySLO) { c.Interval = 1500 * 1e6 }, []string{"canaries[0].interval"}},
		{"sub-second scrape interval", func(c *stack.CanarySLO) { c.ScrapeInterval = 1500 * 1e6 }, []string{"canaries[0].scrapeInterval"}},
		// rate() needs two samples in its window, also after a late or missed scrape: four scrapes.
		{"window shorter than four scrapes", func(c *stack.CanarySLO) { c.Interval = 45 * time.Second }, []string{"canaries[0].interval"}},
		{"window of three scrapes", func(c *stack.CanarySLO) { c.ScrapeInterval = 20 * time.Second }, []string{"canaries[0].interval"}},
		{"window of two scrapes, the old default", func(c *stack.CanarySLO) { c.ScrapeInterval = 30 * time.Second }, []string{"canaries[0].interval"}},
		{"default window, one-minute scrapes", func(c *stack.CanarySLO) { c.ScrapeInterval = time.Minute }, []string{"canaries[0].interval"}},
		// Without the canary ingress the NGINX queries would select ingress="" and never fire.
		{"nginx without ingress", func(c *stack.CanarySLO) { c.Provider = observe.NGINX }, []string{"canaries[0].ingress"}},
		{"nginx ingress not a name", func(c *stack.CanarySLO) { c.Provider, c.Ingress = observe.NGINX, "Checkout_Canary" },
			[]string{"canaries[0].ingress"}},
		// Blanks would render "and on() ( )"; a comment would swallow the closing parenthesis.
		{"blank liveness", func(c *stack.CanarySLO) { c.Live = " \n" }, []string{"canaries[0].live"}},
		{"liveness with a comment", func(c *stack.CanarySLO) { c.Live = "up > 0 # canary pods" }, []string{"canaries[0].live"}},
		{"every problem, sorted", func(c *stack.CanarySLO) { c.Provider, c.MinSuccessRate, c.Name = observe.NGINX, 101, "" },
			[]string{"canaries[0].ingress", "canaries[0].minSuccessRate", "canaries[0].name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			slo := rolloutCanaries[0]
			tt.slo(&slo)
			groups, err := stack.RolloutRules([]stack.CanarySLO{slo})
			assert.Nil(t, groups)
			assert.Equal(t, tt.fields, fields(t, err), "%v", err)
		})
	}
	_, err := stack.RolloutRules([]stack.CanarySLO{rolloutCanaries[0], rolloutCanaries[0]})
	assert.Equal(t, []string{"canaries[1]"}, fields(t, err))
}

// The window must span four scrapes of the series it reads: the plan's scrape interval by default,
// or the canary's own.
func TestRolloutRulesCheckTheWindowAgainstTheScrapeInterval(t *testing.T) {
	slo := rolloutCanaries[0]
	slo.Interval = 45 * time.Second
	_, err := stack.RolloutRules([]stack.CanarySLO{slo})
	var ve *stack.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "stack: invalid canaries[0].interval: rate window 45s is shorter than 4 scrape intervals (4 × 15s): "+
		"rate() needs two samples in its window, and one late or missed scrape must not leave it fewer, or the SLO stops "+
		"recording and its alerts' for restarts; use 1m or more", err.Error())
	slo.Interval, slo.ScrapeInterval = 0, 30*time.Second
	_, err = stack.RolloutRules([]stack.CanarySLO{slo})
	assert.EqualError(t, err, "stack: invalid canaries[0].interval: rate window 1m is shorter than 4 scrape intervals (4 × 30s): "+
		"rate() needs two samples in its window, and one late or missed scrape must not leave it fewer, or the SLO stops "+
		"recording and its alerts' for restarts; use 2m or more")
	for _, ok := range []struct{ interval, scrape time.Duration }{
		{0, 0}, {time.Minute, 0}, {2 * time.Minute, 30 * time.Second}, {4 * time.Minute, time.Minute}, {40 * time.Second, 10 * time.Second}} {
		slo.Interval, slo.ScrapeInterval = ok.interval, ok.scrape
		_, err := stack.RolloutRules([]stack.CanarySLO{slo})
		assert.NoError(t, err, "window %s, scrape interval %s", ok.interval, ok.scrape)
	}
}

// Ingress is read only for NGINX, as Storage reads only the section of its type: an Istio canary
// with one renders the same rules as without.
func TestRolloutRulesReadIngressOnlyForNGINX(t *testing.T) {
	istio := rolloutCanaries[0]
	want, err := stack.RolloutRules([]stack.CanarySLO{istio})
	require.NoError(t, err)
	istio.Ingress = "checkout-canary"
	got, err := stack.RolloutRules([]stack.CanarySLO{istio})
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
