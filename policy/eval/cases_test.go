package eval_test

import (
	"fmt"
	"strings"
)

// ruleCase is one manifest judged by one policy. The same table drives the offline unit tests and the
// integration test against a real kube-apiserver.
type ruleCase struct {
	name     string
	policy   string // key of testPolicies
	manifest string
	allowed  bool
	// rules are the rule kinds expected among the violations (in order of first appearance, deduplicated).
	rules []string
	// message must appear in one violation's message (the offending container or volume, say).
	message string
	// offlineOnly marks manifests the API server rejects in validation before admission (ephemeral
	// containers on create); the integration test still creates them and expects a rejection.
	offlineOnly bool
}

// testPolicies maps a policy key to its action, namespaces selector and rules (YAML).
var testPolicies = map[string]struct{ action, namespaces, rules string }{
	"registries": {"Enforce", "", `- restrictImageRegistries: {allowed: ["registry.corp.example/", "ghcr.io/corp/"]}`},
	"resources":  {"Enforce", "", `- requireRequestsLimits: {}`},
	"privileged": {"Enforce", "", `- disallowPrivileged: {}`},
	"hostpath":   {"Enforce", "", `- disallowHostPath: {}`},
	"labels":     {"Enforce", "", `- requireLabels: {keys: [app.kubernetes.io/name, team]}`},
	"latest":     {"Enforce", "", `- disallowLatestTag: {}`},
	"nonroot":    {"Enforce", "", `- requireRunAsNonRoot: {}`},
	"baseline":   {"Enforce", "", `- podSecurity: {level: baseline}`},
	"restricted": {"Enforce", "", `- podSecurity: {level: restricted}`},
	"cel": {"Enforce", "", `- cel: {expression: "object.metadata.name.startsWith('web')", ` +
		`messageExpression: "'name ' + object.metadata.name + ' must start with web'"}`},
	// Rules on fields the API server defaults before admission (issue 16): without defaulting, offline
	// evaluation denied the first and allowed the second where the API server decides the opposite.
	"replicas": {"Enforce", "", `- cel: {expression: "object.spec.replicas <= 50", message: "at most 50 replicas"}`},
	"pullpolicy": {"Enforce", "", `- cel: {expression: "object.spec.containers.all(c, c.?imagePullPolicy.orValue('IfNotPresent') != 'Always')", ` +
		`message: "containers must not pull on every start"}`},
	// A built-in rule beside a custom one (update_test.go): the custom rule judges every UPDATE, the
	// built-in one only UPDATEs that change what it reads.
	"latestcel": {"Enforce", "", `- disallowLatestTag: {}
    - cel: {expression: "object.spec.replicas <= 50", message: "at most 50 replicas"}`},
	"audit":  {"Audit", "", `- disallowPrivileged: {}`},
	"warn":   {"Warn", "", `- disallowPrivileged: {}`},
	"scoped": {"Enforce", `{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}`, `- disallowPrivileged: {}`},
	"combined": {"Enforce", "", `- disallowPrivileged: {}
    - disallowLatestTag: {}
    - requireLabels: {keys: [team]}`},
}

// kindSpecific are test policies with a custom rule written for one kind, as users write them: against the
// served schemas of the other kinds of its kind group it does not type-check (and fails, there as offline).
var kindSpecific = map[string]bool{"replicas": true, "pullpolicy": true, "latestcel": true}

// policyYAML renders the FleetPolicy of key, with extra rules appended.
func policyYAML(key string, extraRules ...string) string {
	p := testPolicies[key]
	ns := ""
	if p.namespaces != "" {
		ns = "\n  namespaces: " + p.namespaces
	}
	rules := append([]string{p.rules}, extraRules...)
	return fmt.Sprintf(`apiVersion: policy.fleetkit.dev/v1alpha1
kind: FleetPolicy
metadata: {name: %s}
spec:
  action: %s
  clusters: {matchLabels: {env: prod}}%s
  rules:
    %s
`, key, p.action, ns, strings.Join(rules, "\n    "))
}

const digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// pod renders a Pod manifest; spec is the YAML body of spec (indented by four spaces).
func pod(name, spec string) string {
	return fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n%s", name, indent(spec, 2))
}

func podWith(name, labels, spec string) string {
	return fmt.Sprintf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  labels: %s\nspec:\n%s", name, labels, indent(spec, 2))
}

func deployment(name, labels, templateLabels, spec string) string {
	return fmt.Sprintf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: %s
  labels: %s
spec:
  selector: {matchLabels: {app: %s}}
  template:
    metadata:
      labels: %s
    spec:
%s`, name, labels, name, templateLabels, indent(spec, 6))
}

func cronJob(name, spec string) string {
	return fmt.Sprintf(`apiVersion: batch/v1
kind: CronJob
metadata: {name: %s}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
%s`, name, indent(spec, 10))
}

// labeledCronJob renders a CronJob with labels on itself, its job template (jobLabels; "" for none) and its
// pod template.
func labeledCronJob(name, labels, jobLabels, templateLabels, spec string) string {
	jobMeta := ""
	if jobLabels != "" {
		jobMeta = "\n    metadata:\n      labels: " + jobLabels
	}
	return fmt.Sprintf(`apiVersion: batch/v1
kind: CronJob
metadata:
  name: %s
  labels: %s
spec:
  schedule: "*/5 * * * *"
  jobTemplate:%s
    spec:
      template:
        metadata:
          labels: %s
        spec:
          restartPolicy: OnFailure
%s`, name, labels, jobMeta, templateLabels, indent(spec, 10))
}

func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = pad + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func container(name, image string) string {
	return fmt.Sprintf("- name: %s\n  image: %q\n", name, image)
}

func containers(items ...string) string { return "containers:\n" + strings.Join(items, "") }

const resourcesOK = "  resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}\n"

const restrictedSC = "  securityContext: {allowPrivilegeEscalation: false, runAsNonRoot: true, " +
	"seccompProfile: {type: RuntimeDefault}, capabilities: {drop: [ALL]}}\n"

var cases = []ruleCase{
	// restrictImageRegistries, with the worked cases of the package documentation.
	{name: "public: init container from docker.io", policy: "registries", allowed: false,
		rules: []string{"restrictImageRegistries"}, message: "init=docker.io/library/busybox:1.36",
		manifest: pod("web", "initContainers:\n"+indent(container("init", "docker.io/library/busybox:1.36"), 0)+
			containers(container("app", "registry.corp.example/team/app:1.2")))},
	{name: "public: prefix trap", policy: "registries", allowed: false, rules: []string{"restrictImageRegistries"},
		message:  "registry.corp.example.evil.io/app:1.2",
		manifest: pod("web", containers(container("app", "registry.corp.example.evil.io/app:1.2")))},
	{name: "public: deployment templates are covered", policy: "registries", allowed: false,
		rules: []string{"restrictImageRegistries"}, message: "web=nginx:1.25",
		manifest: deployment("web", "{app: web}", "{app: web}", containers(container("web", "nginx:1.25")))},
	{name: "allowed registries", policy: "registries", allowed: true,
		manifest: pod("web", containers(container("app", "registry.corp.example/team/app:1.2"),
			container("sidecar", "ghcr.io/corp/proxy@"+digest)))},
	{name: "cronjob template from docker.io", policy: "registries", allowed: false,
		rules: []string{"restrictImageRegistries"}, manifest: cronJob("backup", containers(container("backup", "alpine:3.20")))},
	{name: "cronjob template from the corp registry", policy: "registries", allowed: true,
		manifest: cronJob("backup", containers(container("backup", "registry.corp.example/ops/backup:2")))},
	{name: "configmaps are never denied by pod rules", policy: "registries", allowed: true,
		manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {image: nginx}\n"},
	{name: "ephemeral containers are covered", policy: "registries", allowed: false, offlineOnly: true,
		rules: []string{"restrictImageRegistries"}, message: "debug=busybox",
		manifest: pod("web", containers(container("app", "registry.corp.example/team/app:1.2"))+
			"ephemeralContainers:\n"+container("debug", "busybox"))},

	// requireRequestsLimits
	{name: "requests and memory limit set", policy: "resources", allowed: true,
		manifest: pod("web", containers(container("app", "nginx:1.25")+resourcesOK))},
	{name: "memory limit missing", policy: "resources", allowed: false, rules: []string{"requireRequestsLimits"},
		message: "[app]", manifest: pod("web", containers(container("app", "nginx:1.25")+
			"  resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: 200m}}\n"))},
	{name: "init container without requests", policy: "resources", allowed: false,
		rules: []string{"requireRequestsLimits"}, message: "[setup]",
		manifest: pod("web", "initContainers:\n"+container("setup", "busybox:1.36")+
			containers(container("app", "nginx:1.25")+resourcesOK))},

	// disallowPrivileged
	{name: "public: privileged false and unset", policy: "privileged", allowed: true,
		manifest: pod("web", containers(container("a", "nginx:1.25")+"  securityContext: {privileged: false}\n",
			container("b", "nginx:1.25")))},
	{name: "privileged init container", policy: "privileged", allowed: false, rules: []string{"disallowPrivileged"},
		message: "[setup]", manifest: pod("web", "initContainers:\n"+container("setup", "busybox:1.36")+
			"  securityContext: {privileged: true}\n"+containers(container("app", "nginx:1.25")))},
	{name: "privileged deployment", policy: "privileged", allowed: false, rules: []string{"disallowPrivileged"},
		manifest: deployment("web", "{app: web}", "{app: web}", containers(container("web", "nginx:1.25")+
			"  securityContext: {privileged: true}\n"))},

	// disallowHostPath
	{name: "public: emptyDir and hostPath", policy: "hostpath", allowed: false, rules: []string{"disallowHostPath"},
		message: "host-logs", manifest: pod("web", containers(container("app", "nginx:1.25"))+
			"volumes:\n- {name: scratch, emptyDir: {}}\n- {name: host-logs, hostPath: {path: /var/log}}\n")},
	{name: "emptyDir only", policy: "hostpath", allowed: true, manifest: pod("web", containers(container("app", "nginx:1.25"))+
		"volumes:\n- {name: scratch, emptyDir: {}}\n")},

	// requireLabels
	{name: "labels present", policy: "labels", allowed: true,
		manifest: podWith("web", "{app.kubernetes.io/name: web, team: shop}", containers(container("app", "nginx:1.25")))},
	{name: "empty label value", policy: "labels", allowed: false, rules: []string{"requireLabels"}, message: "team",
		manifest: podWith("web", `{app.kubernetes.io/name: web, team: ""}`, containers(container("app", "nginx:1.25")))},
	{name: "labels on the deployment but not its template", policy: "labels", allowed: false,
		rules: []string{"requireLabels"}, message: "pod template",
		manifest: deployment("web", "{app.kubernetes.io/name: web, team: shop}", "{app: web}",
			containers(container("web", "nginx:1.25")))},
	{name: "labels on deployment and template", policy: "labels", allowed: true,
		manifest: deployment("web", "{app.kubernetes.io/name: web, team: shop}",
			"{app: web, app.kubernetes.io/name: web, team: shop}", containers(container("web", "nginx:1.25")))},
	// The CronJob controller creates each Job with exactly the job template's labels, which lack the keys
	// here: every Job would be denied.
	{name: "cronjob whose job template labels lack the keys", policy: "labels", allowed: false,
		rules: []string{"requireLabels"}, message: "job template: app.kubernetes.io/name, team",
		manifest: labeledCronJob("nightly", "{app.kubernetes.io/name: nightly, team: shop}", "{app: nightly}",
			"{app.kubernetes.io/name: nightly, team: shop}", containers(container("job", "nginx:1.25")))},
	// Without job template labels the API server gives each Job its pod template's labels.
	{name: "cronjob without job template labels", policy: "labels", allowed: true,
		manifest: labeledCronJob("nightly", "{app.kubernetes.io/name: nightly, team: shop}", "",
			"{app.kubernetes.io/name: nightly, team: shop}", containers(container("job", "nginx:1.25")))},
	{name: "cronjob with the keys on its job template", policy: "labels", allowed: true,
		manifest: labeledCronJob("nightly", "{app.kubernetes.io/name: nightly, team: shop}",
			"{app.kubernetes.io/name: nightly, team: shop}", "{app.kubernetes.io/name: nightly, team: shop}",
			containers(container("job", "nginx:1.25")))},

	// disallowLatestTag
	{name: "public: digest without tag", policy: "latest", allowed: true,
		manifest: pod("web", containers(container("app", "nginx@"+digest)))},
	{name: "latest tag", policy: "latest", allowed: false, rules: []string{"disallowLatestTag"}, message: "app=nginx:latest",
		manifest: pod("web", containers(container("app", "nginx:latest")))},
	{name: "registry port is not a tag", policy: "latest", allowed: false, rules: []string{"disallowLatestTag"},
		manifest: pod("web", containers(container("app", "registry.local:5000/app")))},
	{name: "registry port and tag", policy: "latest", allowed: true,
		manifest: pod("web", containers(container("app", "registry.local:5000/team/app:1.0")))},
	{name: "untagged name", policy: "latest", allowed: false, rules: []string{"disallowLatestTag"},
		manifest: deployment("web", "{app: web}", "{app: web}", containers(container("web", "nginx")))},

	// requireRunAsNonRoot
	{name: "pod-level runAsNonRoot", policy: "nonroot", allowed: true,
		manifest: pod("web", "securityContext: {runAsNonRoot: true}\n"+containers(container("app", "nginx:1.25")))},
	{name: "container overrides pod to false", policy: "nonroot", allowed: false, rules: []string{"requireRunAsNonRoot"},
		message: "[app]", manifest: pod("web", "securityContext: {runAsNonRoot: true}\n"+
			containers(container("app", "nginx:1.25")+"  securityContext: {runAsNonRoot: false}\n"))},
	{name: "container-level runAsNonRoot", policy: "nonroot", allowed: true,
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {runAsNonRoot: true}\n"))},
	{name: "runAsNonRoot unset", policy: "nonroot", allowed: false, rules: []string{"requireRunAsNonRoot"},
		manifest: pod("web", containers(container("app", "nginx:1.25")))},

	// podSecurity baseline
	{name: "baseline: plain pod", policy: "baseline", allowed: true,
		manifest: pod("web", containers(container("app", "nginx:1.25")))},
	{name: "baseline: hostNetwork", policy: "baseline", allowed: false, rules: []string{"podSecurity"},
		message: "host namespaces", manifest: pod("web", "hostNetwork: true\n"+containers(container("app", "nginx:1.25")))},
	{name: "baseline: SYS_ADMIN", policy: "baseline", allowed: false, rules: []string{"podSecurity"}, message: "[app]",
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {capabilities: {add: [SYS_ADMIN]}}\n"))},
	{name: "baseline: NET_BIND_SERVICE is in the baseline set", policy: "baseline", allowed: true,
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {capabilities: {add: [NET_BIND_SERVICE]}}\n"))},
	{name: "baseline: seccomp Unconfined", policy: "baseline", allowed: false, rules: []string{"podSecurity"},
		message: "seccomp", manifest: pod("web", "securityContext: {seccompProfile: {type: Unconfined}}\n"+
			containers(container("app", "nginx:1.25")))},
	{name: "baseline: unsafe sysctl", policy: "baseline", allowed: false, rules: []string{"podSecurity"},
		message: "sysctls", manifest: pod("web", "securityContext: {sysctls: [{name: kernel.msgmax, value: \"65536\"}]}\n"+
			containers(container("app", "nginx:1.25")))},
	{name: "baseline: hostPort", policy: "baseline", allowed: false, rules: []string{"podSecurity"}, message: "hostPort",
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  ports: [{containerPort: 80, hostPort: 8080}]\n"))},

	// podSecurity restricted
	{name: "restricted: compliant pod", policy: "restricted", allowed: true,
		manifest: pod("web", containers(container("app", "nginx:1.25")+restrictedSC)+"volumes:\n- {name: cfg, configMap: {name: cfg}}\n")},
	{name: "restricted: privilege escalation unset", policy: "restricted", allowed: false, rules: []string{"podSecurity"},
		message: "allowPrivilegeEscalation", manifest: pod("web", "securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n"+
			containers(container("app", "nginx:1.25")+"  securityContext: {capabilities: {drop: [ALL]}}\n"))},
	{name: "restricted: hostPath volume type", policy: "restricted", allowed: false, rules: []string{"podSecurity"},
		message: "only configMap", manifest: pod("web", containers(container("app", "nginx:1.25")+restrictedSC)+
			"volumes:\n- {name: host, hostPath: {path: /tmp}}\n")},

	// custom CEL
	{name: "cel: allowed name", policy: "cel", allowed: true, manifest: pod("web-1", containers(container("app", "nginx:1.25")))},
	{name: "cel: denied name with messageExpression", policy: "cel", allowed: false, rules: []string{"cel"},
		message: "name db must start with web", manifest: pod("db", containers(container("app", "nginx:1.25")))},

	// defaulted fields
	{name: "deployment without replicas gets one", policy: "replicas", allowed: true,
		manifest: deployment("web", "{app: web}", "{app: web}", containers(container("web", "nginx:1.25")))},
	{name: "deployment with too many replicas", policy: "replicas", allowed: false, rules: []string{"cel"},
		message: "at most 50 replicas", manifest: strings.Replace(deployment("web", "{app: web}", "{app: web}",
			containers(container("web", "nginx:1.25"))), "spec:\n", "spec:\n  replicas: 60\n", 1)},
	{name: "latest image pulls always", policy: "pullpolicy", allowed: false, rules: []string{"cel"},
		message: "must not pull on every start", manifest: pod("web", containers(container("app", "nginx:latest")))},
	{name: "untagged image pulls always", policy: "pullpolicy", allowed: false, rules: []string{"cel"},
		manifest: pod("web", containers(container("app", "nginx")))},
	{name: "pinned image pulls if not present", policy: "pullpolicy", allowed: true,
		manifest: pod("web", containers(container("app", "nginx:1.25")))},

	// actions and scope
	{name: "audit never denies", policy: "audit", allowed: true, rules: []string{"disallowPrivileged"},
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n"))},
	{name: "warn never denies", policy: "warn", allowed: true, rules: []string{"disallowPrivileged"},
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n"))},
	{name: "excluded namespace", policy: "scoped", allowed: true,
		manifest: "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: kube-system}\nspec:\n" +
			indent(containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n"), 2)},
	{name: "included namespace", policy: "scoped", allowed: false, rules: []string{"disallowPrivileged"},
		manifest: pod("web", containers(container("app", "nginx:1.25")+"  securityContext: {privileged: true}\n"))},
	{name: "every violated rule is reported", policy: "combined", allowed: false,
		rules:    []string{"disallowPrivileged", "disallowLatestTag", "requireLabels"},
		manifest: pod("web", containers(container("app", "nginx")+"  securityContext: {privileged: true}\n"))},
}
