package stack

import (
	"fmt"
	"maps"
	"slices"

	"github.com/fleetkit/fleetkit/observe"
)

// PrometheusConfig renders the blocks of a replica's prometheus.yml that the plan decides, for
// installs without prometheus-operator: global.scrape_interval (DefaultScrapeInterval, the interval
// RolloutRules checks rate windows against), global.external_labels and, as prometheus-operator
// renders it, alerting.alert_relabel_configs dropping the replica label. Prometheus attaches the
// external labels to alerts before relabelling them, so without the drop the replicas of an HA
// group send Alertmanager copies of an alert that differ in that label, and it notifies once per
// replica. Merge both blocks into the server's configuration file.
func (r Replica) PrometheusConfig() []byte {
	global := mapping{
		{"scrape_interval", observe.FormatDuration(DefaultScrapeInterval)},
		{"external_labels", r.ExternalLabels.mapping()},
	}
	config := mapping{{"global", global}}
	if r.ReplicaLabel != "" {
		// A label name is [a-zA-Z_][a-zA-Z0-9_]*: the regex matches exactly it.
		drop := mapping{{"action", "labeldrop"}, {"regex", r.ReplicaLabel}}
		config = append(config, pair{"alerting", mapping{{"alert_relabel_configs", []mapping{drop}}}})
	}
	return config.bytes()
}

func (l Labels) mapping() mapping {
	out := make(mapping, 0, len(l))
	for _, name := range slices.Sorted(maps.Keys(l)) {
		out = append(out, pair{name, l[name]})
	}
	return out
}

// ObjstoreConfig renders the sidecars' objstore.yml (--objstore.config-file). S3 credentials
// appear only as $(NAME) references to the sidecar's environment, which Thanos substitutes when it
// reads the file.
func (s Storage) ObjstoreConfig() []byte {
	var config mapping
	switch s.Type {
	case Filesystem:
		config = mapping{{"directory", s.Directory}}
	case S3:
		config = mapping{{"bucket", s.S3.Bucket}, {"endpoint", s.S3.Endpoint}}
		if s.S3.Region != "" {
			config = append(config, pair{"region", s.S3.Region})
		}
		if s.S3.Insecure {
			config = append(config, pair{"insecure", raw("true")})
		}
		if s.S3.AccessKeyEnv != "" {
			config = append(config, pair{"access_key", envRef(s.S3.AccessKeyEnv)}, pair{"secret_key", envRef(s.S3.SecretKeyEnv)})
		}
	}
	return mapping{{"type", string(s.Type)}, {"config", config}}.bytes()
}

func envRef(name string) string { return "$(" + name + ")" }

// File is one rendered configuration file of a plan.
type File struct {
	// Path is relative to the directory the plan is written to.
	Path    string `json:"path"`
	Content string `json:"content"`
}

// Files renders every file of a plain (operator-less) install: per replica the external labels and
// alert relabelling of its prometheus.yml, the sidecars' objstore.yml and the Querier's endpoint file.
func (p *Plan) Files() []File {
	var out []File
	for _, m := range p.Members {
		for _, r := range m.Replicas {
			out = append(out, File{
				Path:    fmt.Sprintf("members/%s/prometheus-%d.yml", m.Cluster, r.Index),
				Content: string(r.PrometheusConfig()),
			})
		}
	}
	return append(out,
		File{Path: "objstore.yml", Content: string(p.Storage.ObjstoreConfig())},
		File{Path: EndpointSDConfigPath, Content: string(p.Querier.EndpointSDConfig())})
}
