package eval_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// manifestGen generates valid manifests of the kinds fleetkit compiles policies for, with fields present or
// missing at every level (containers, init containers, ports, probes, security contexts, volumes,
// strategies, job and cronjob specs), so that the API server's defaults have something to fill in.
type manifestGen struct {
	r *rand.Rand
	n int
}

type obj = map[string]any

func newManifestGen(seed uint64) *manifestGen {
	return &manifestGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *manifestGen) maybe(p float64) bool { return g.r.Float64() < p }

func (g *manifestGen) pick(items ...any) any { return items[g.r.IntN(len(items))] }

func (g *manifestGen) count(max int) int { return g.r.IntN(max + 1) }

// set puts v at key k of m with probability p.
func (g *manifestGen) set(m obj, p float64, k string, v func() any) {
	if g.maybe(p) {
		m[k] = v()
	}
}

func constant(v any) func() any { return func() any { return v } }

// kinds are the kinds next generates, in rotation.
var kinds = []string{"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"}

// next returns the next manifest.
func (g *manifestGen) next() obj {
	g.n++
	kind := kinds[g.n%len(kinds)]
	name := fmt.Sprintf("gen-%d", g.n)
	meta := obj{"namespace": "default"}
	if g.maybe(0.05) {
		meta["generateName"] = "gen-"
	} else {
		meta["name"] = name
	}
	switch kind {
	case "Pod":
		return g.pod(meta, name)
	case "Job":
		return obj{"apiVersion": "batch/v1", "kind": "Job", "metadata": g.jobMeta(meta, name), "spec": g.jobSpec(name, true)}
	case "CronJob":
		return obj{"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta, "spec": g.cronJobSpec(name)}
	}
	return obj{"apiVersion": "apps/v1", "kind": kind, "metadata": meta, "spec": g.workloadSpec(kind, name)}
}

func (g *manifestGen) pod(meta obj, name string) obj {
	labels := obj{"app": name}
	g.set(labels, 0.5, "tier", constant("web"))
	meta["labels"] = labels
	spec := g.podSpec("Pod", name)
	annotations := obj{}
	if g.maybe(0.1) {
		annotations["pod.beta.kubernetes.io/init-containers"] = "[]"
	}
	if g.maybe(0.2) {
		c := spec["containers"].([]any)[0].(obj)
		if sc, ok := c["securityContext"].(obj); !ok || sc["appArmorProfile"] == nil {
			annotations["container.apparmor.security.beta.kubernetes.io/"+c["name"].(string)] =
				g.pick("runtime/default", "unconfined", "localhost/profile-a")
		}
	}
	if len(annotations) > 0 {
		meta["annotations"] = annotations
	}
	g.podOnly(spec, labels)
	return obj{"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}
}

// podOnly adds what only Pods can carry or what only Pods get defaulted from.
func (g *manifestGen) podOnly(spec obj, labels obj) {
	g.set(spec, 0.2, "priorityClassName", func() any { return g.pick("system-cluster-critical", "system-node-critical") })
	g.set(spec, 0.15, "schedulingGates", constant([]any{obj{"name": "example.com/gate"}}))
	if g.maybe(0.2) {
		term := obj{"labelSelector": obj{"matchLabels": obj{"role": "db"}}, "topologyKey": "kubernetes.io/hostname",
			"matchLabelKeys": []any{"app"}}
		if labels["tier"] != nil {
			term["mismatchLabelKeys"] = []any{"tier"}
		}
		spec["affinity"] = obj{"podAntiAffinity": obj{
			"requiredDuringSchedulingIgnoredDuringExecution":  []any{term},
			"preferredDuringSchedulingIgnoredDuringExecution": []any{obj{"weight": 10, "podAffinityTerm": term}}}}
	}
	if g.maybe(0.2) {
		spec["topologySpreadConstraints"] = []any{obj{"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone",
			"whenUnsatisfiable": "ScheduleAnyway", "labelSelector": obj{"matchLabels": obj{"role": "cache"}},
			"matchLabelKeys": []any{"app"}}}
	}
	if g.maybe(0.15) {
		containers := spec["containers"].([]any)
		for _, c := range containers {
			if res, ok := c.(obj)["resources"].(obj); ok {
				delete(res, "limits")
			}
		}
		resources := obj{"limits": obj{"cpu": g.pick("64", "47500m"), "memory": "16Gi"}}
		g.set(resources, 0.5, "requests", constant(obj{"cpu": "6"}))
		spec["resources"] = resources
	}
}

func (g *manifestGen) jobMeta(meta obj, name string) obj {
	if g.maybe(0.5) {
		meta["labels"] = obj{"owner": name}
	}
	return meta
}

func (g *manifestGen) workloadSpec(kind, name string) obj {
	spec := obj{"selector": obj{"matchLabels": obj{"app": name}}, "template": g.template(kind, name)}
	switch kind {
	case "Deployment":
		g.set(spec, 0.5, "replicas", func() any { return g.r.IntN(5) })
		g.set(spec, 0.5, "strategy", func() any {
			return g.pick(obj{}, obj{"type": "Recreate"}, obj{"type": "RollingUpdate"},
				obj{"rollingUpdate": obj{"maxSurge": 1}}, obj{"type": "RollingUpdate", "rollingUpdate": obj{"maxUnavailable": "50%"}})
		})
		g.set(spec, 0.3, "revisionHistoryLimit", constant(3))
		g.set(spec, 0.3, "progressDeadlineSeconds", constant(120))
		g.set(spec, 0.2, "minReadySeconds", constant(5))
	case "StatefulSet":
		spec["serviceName"] = name
		g.set(spec, 0.5, "replicas", func() any { return g.r.IntN(4) })
		g.set(spec, 0.3, "podManagementPolicy", constant("Parallel"))
		g.set(spec, 0.6, "updateStrategy", func() any {
			return g.pick(obj{}, obj{"type": "OnDelete"}, obj{"type": "RollingUpdate"},
				obj{"rollingUpdate": obj{"partition": 1}}, obj{"type": "RollingUpdate", "rollingUpdate": obj{"maxUnavailable": 2}})
		})
		g.set(spec, 0.4, "persistentVolumeClaimRetentionPolicy", func() any {
			return g.pick(obj{}, obj{"whenDeleted": "Delete"}, obj{"whenScaled": "Delete"})
		})
		if g.maybe(0.5) {
			claim := obj{"metadata": obj{"name": "data"}, "spec": obj{"accessModes": []any{"ReadWriteOnce"},
				"resources": obj{"requests": obj{"storage": g.pick("1Gi", "1500M", "0.5Gi")}}}}
			spec["volumeClaimTemplates"] = []any{claim}
		}
	case "DaemonSet":
		g.set(spec, 0.6, "updateStrategy", func() any {
			return g.pick(obj{}, obj{"type": "OnDelete"}, obj{"type": "RollingUpdate"},
				obj{"rollingUpdate": obj{"maxSurge": 1, "maxUnavailable": 0}})
		})
		g.set(spec, 0.3, "revisionHistoryLimit", constant(4))
	case "ReplicaSet":
		g.set(spec, 0.5, "replicas", func() any { return g.r.IntN(5) })
	}
	return spec
}

func (g *manifestGen) template(kind, name string) obj {
	labels := obj{"app": name}
	g.set(labels, 0.5, "tier", constant("web"))
	meta := obj{"labels": labels}
	if g.maybe(0.1) {
		meta["annotations"] = obj{"pod.alpha.kubernetes.io/init-containers": "[]", "note": "kept"}
	}
	return obj{"metadata": meta, "spec": g.podSpec(kind, name)}
}

func (g *manifestGen) jobSpec(name string, job bool) obj {
	spec := obj{}
	template := g.template("Job", name)
	pspec := template["spec"].(obj)
	switch g.r.IntN(4) {
	case 1:
		spec["completions"] = 3
	case 2:
		spec["parallelism"] = 2
	case 3:
		spec["completions"], spec["parallelism"] = 4, 2
	}
	g.set(spec, 0.3, "backoffLimit", constant(2))
	if g.maybe(0.2) {
		spec["completionMode"] = "Indexed"
		spec["completions"] = 3
		g.set(spec, 0.5, "backoffLimitPerIndex", constant(1))
	}
	if g.maybe(0.25) {
		pspec["restartPolicy"] = "Never"
		spec["podFailurePolicy"] = obj{"rules": []any{
			obj{"action": "FailJob", "onExitCodes": obj{"operator": "In", "values": []any{42}}},
			obj{"action": "Ignore", "onPodConditions": []any{obj{"type": "DisruptionTarget"}}}}}
	}
	g.set(spec, 0.2, "suspend", constant(true))
	g.set(spec, 0.2, "ttlSecondsAfterFinished", constant(100))
	g.set(spec, 0.2, "activeDeadlineSeconds", constant(600))
	if job && g.maybe(0.15) {
		spec["manualSelector"] = true
		spec["selector"] = obj{"matchLabels": obj{"app": name}}
	}
	spec["template"] = template
	return spec
}

func (g *manifestGen) cronJobSpec(name string) obj {
	spec := obj{"schedule": g.pick("*/5 * * * *", "0 3 * * 1"), "jobTemplate": obj{"spec": g.jobSpec(name, false)}}
	g.set(spec, 0.4, "concurrencyPolicy", func() any { return g.pick("Forbid", "Replace") })
	g.set(spec, 0.2, "suspend", constant(false))
	g.set(spec, 0.3, "successfulJobsHistoryLimit", constant(1))
	g.set(spec, 0.3, "failedJobsHistoryLimit", constant(2))
	g.set(spec, 0.2, "startingDeadlineSeconds", constant(30))
	g.set(spec, 0.2, "timeZone", constant("Etc/UTC"))
	if g.maybe(0.3) {
		spec["jobTemplate"].(obj)["metadata"] = obj{"labels": obj{"owner": name}}
	}
	return spec
}

func (g *manifestGen) podSpec(kind, name string) obj {
	spec := obj{}
	switch kind {
	case "Pod":
		g.set(spec, 0.6, "restartPolicy", func() any { return g.pick("Always", "OnFailure", "Never") })
	case "Job":
		spec["restartPolicy"] = g.pick("OnFailure", "Never")
	default:
		g.set(spec, 0.3, "restartPolicy", constant("Always"))
	}
	hostNetwork := g.maybe(0.15)
	if hostNetwork {
		spec["hostNetwork"] = true
	}
	volumes := g.volumes()
	if len(volumes) > 0 {
		spec["volumes"] = volumes
	}
	var containers, inits []any
	for i := range 1 + g.count(2) {
		containers = append(containers, g.container(fmt.Sprintf("c%d", i), volumes, hostNetwork, true))
	}
	for i := range g.count(2) {
		inits = append(inits, g.initContainer(fmt.Sprintf("i%d", i), volumes, hostNetwork))
	}
	spec["containers"] = containers
	if len(inits) > 0 {
		spec["initContainers"] = inits
	}
	g.podFields(spec, hostNetwork)
	if projectsToken(volumes) && spec["serviceAccountName"] == nil && spec["serviceAccount"] == nil {
		spec["serviceAccountName"] = "builder"
	}
	return spec
}

// projectsToken reports whether a projected volume carries a service account token, which the API server
// allows only with a service account name.
func projectsToken(volumes []any) bool {
	for _, v := range volumes {
		if p, ok := v.(obj)["projected"].(obj); ok {
			for _, s := range p["sources"].([]any) {
				if s.(obj)["serviceAccountToken"] != nil {
					return true
				}
			}
		}
	}
	return false
}

func (g *manifestGen) podFields(spec obj, hostNetwork bool) {
	if hostNetwork {
		g.set(spec, 0.5, "dnsPolicy", constant("ClusterFirstWithHostNet"))
	} else {
		g.set(spec, 0.2, "dnsPolicy", func() any { return g.pick("ClusterFirst", "Default") })
	}
	g.set(spec, 0.5, "securityContext", func() any {
		return g.pick(obj{}, obj{"runAsNonRoot": true}, obj{"runAsUser": 1000, "fsGroup": 2000},
			obj{"seccompProfile": obj{"type": "RuntimeDefault"}}, obj{"appArmorProfile": obj{"type": "RuntimeDefault"}})
	})
	g.set(spec, 0.3, "terminationGracePeriodSeconds", func() any { return g.pick(5, 60) })
	g.set(spec, 0.2, "schedulerName", constant("my-scheduler"))
	switch g.r.IntN(5) {
	case 0:
		spec["serviceAccountName"] = "builder"
	case 1:
		spec["serviceAccount"] = "legacy"
	}
	g.set(spec, 0.2, "enableServiceLinks", constant(false))
	g.set(spec, 0.2, "automountServiceAccountToken", constant(false))
	g.set(spec, 0.3, "tolerations", func() any {
		return g.pick(
			[]any{obj{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}},
			[]any{obj{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 60}},
			[]any{obj{"operator": "Exists"}},
			[]any{obj{"key": "node.kubernetes.io/unreachable", "operator": "Exists"}})
	})
	g.set(spec, 0.2, "nodeSelector", constant(obj{"kubernetes.io/os": "linux"}))
}

// images exercise the pull policy defaulting: tags, digests, registries with ports, and references the
// reference grammar refuses.
var images = []string{
	"nginx", "nginx:latest", "nginx:1.25", "library/nginx:latest", "docker.io/nginx", "index.docker.io/library/nginx",
	"registry.local:5000/team/app", "registry.local:5000/team/app:latest", "localhost/app", "localhost:5000/app:v1",
	"[::1]:5000/app", "ghcr.io/org/app:LATEST", "Nginx", "REGISTRY.example.com/app", "nginx@sha256:" + strings.Repeat("ab", 32),
	"nginx:latest@sha256:" + strings.Repeat("0f", 32), "nginx@sha512:" + strings.Repeat("12", 64),
	"nginx@md5:" + strings.Repeat("34", 16), "nginx@sha256:" + strings.Repeat("AB", 32), strings.Repeat("ab", 32),
	"a/b/c:latest", "example.com/a__b/c-d.e:1.0", "example.com/a--b", "app:v1.2.3-rc.1", "nginx:", "x" + strings.Repeat("y", 250) + ":1",
}

func (g *manifestGen) container(name string, volumes []any, hostNetwork, probes bool) obj {
	c := obj{"name": name, "image": images[g.r.IntN(len(images))]}
	g.set(c, 0.2, "imagePullPolicy", func() any { return g.pick("Always", "IfNotPresent", "Never") })
	if ports := g.ports(name, hostNetwork); len(ports) > 0 {
		c["ports"] = ports
	}
	if env := g.env(); len(env) > 0 {
		c["env"] = env
	}
	g.set(c, 0.6, "resources", g.resources)
	if probes {
		for _, p := range []string{"livenessProbe", "readinessProbe", "startupProbe"} {
			g.set(c, 0.25, p, func() any { return g.probe(p != "readinessProbe") })
		}
		g.set(c, 0.2, "lifecycle", g.lifecycle)
	}
	g.set(c, 0.5, "securityContext", func() any {
		return g.pick(obj{}, obj{"privileged": false}, obj{"allowPrivilegeEscalation": false, "capabilities": obj{"drop": []any{"ALL"}}},
			obj{"runAsNonRoot": true, "readOnlyRootFilesystem": true}, obj{"seccompProfile": obj{"type": "Unconfined"}},
			obj{"capabilities": obj{"add": []any{"NET_ADMIN"}}}, obj{"appArmorProfile": obj{"type": "Localhost", "localhostProfile": "p"}})
	})
	g.set(c, 0.1, "terminationMessagePath", constant("/tmp/msg"))
	g.set(c, 0.1, "terminationMessagePolicy", constant("FallbackToLogsOnError"))
	if len(volumes) > 0 && g.maybe(0.6) {
		v := volumes[g.r.IntN(len(volumes))].(obj)
		c["volumeMounts"] = []any{obj{"name": v["name"], "mountPath": "/mnt/" + v["name"].(string)}}
	}
	return c
}

func (g *manifestGen) initContainer(name string, volumes []any, hostNetwork bool) obj {
	sidecar := g.maybe(0.3)
	c := g.container(name, volumes, hostNetwork, sidecar)
	if sidecar {
		c["restartPolicy"] = "Always"
	}
	return c
}

func (g *manifestGen) ports(container string, hostNetwork bool) []any {
	var out []any
	for i := range g.count(2) {
		p := obj{"containerPort": 1000 + g.r.IntN(60000)}
		g.set(p, 0.5, "protocol", func() any { return g.pick("TCP", "UDP", "SCTP") })
		g.set(p, 0.3, "name", constant(fmt.Sprintf("%s-p%d", container, i)))
		if hostNetwork {
			g.set(p, 0.3, "hostPort", constant(p["containerPort"]))
		} else {
			g.set(p, 0.2, "hostPort", func() any { return 30000 + g.r.IntN(2000) })
		}
		out = append(out, p)
	}
	return out
}

func (g *manifestGen) env() []any {
	var out []any
	for i := range g.count(3) {
		e := obj{"name": fmt.Sprintf("E%d", i)}
		switch g.r.IntN(4) {
		case 0:
			e["value"] = "v"
		case 1:
			ref := obj{"fieldPath": "metadata.name"}
			g.set(ref, 0.3, "apiVersion", constant("v1"))
			e["valueFrom"] = obj{"fieldRef": ref}
		case 2:
			e["valueFrom"] = obj{"configMapKeyRef": obj{"name": "settings", "key": "k", "optional": true}}
		case 3:
			e["valueFrom"] = obj{"resourceFieldRef": obj{"resource": "limits.memory", "divisor": g.pick("1Mi", "1")}}
		}
		out = append(out, e)
	}
	return out
}

func (g *manifestGen) resources() any {
	out := obj{}
	cpu := g.pick("100m", "0.5", "1", "250m", "1500m", "0.0001", "2")
	memory := g.pick("64Mi", "1Gi", "100M", "129e6", "512Mi")
	if g.maybe(0.7) {
		req := obj{}
		g.set(req, 0.8, "cpu", constant(cpu))
		g.set(req, 0.8, "memory", constant(memory))
		g.set(req, 0.2, "ephemeral-storage", constant("1Gi"))
		out["requests"] = req
	}
	if g.maybe(0.5) {
		lim := obj{}
		g.set(lim, 0.6, "cpu", constant(g.pick(cpu, "4")))
		g.set(lim, 0.8, "memory", constant(g.pick(memory, "4Gi")))
		if req, ok := out["requests"].(obj); ok {
			for k := range lim {
				if _, ok := req[k]; ok {
					lim[k] = req[k]
				}
			}
		}
		out["limits"] = lim
	}
	return out
}

func (g *manifestGen) probe(successIsOne bool) any {
	p := obj{}
	switch g.r.IntN(4) {
	case 0:
		p["exec"] = obj{"command": []any{"true"}}
	case 1:
		h := obj{"port": 8080}
		g.set(h, 0.5, "path", constant("/healthz"))
		g.set(h, 0.3, "scheme", constant("HTTPS"))
		p["httpGet"] = h
	case 2:
		p["tcpSocket"] = obj{"port": 8080}
	case 3:
		gr := obj{"port": 9090}
		g.set(gr, 0.5, "service", constant("health"))
		p["grpc"] = gr
	}
	g.set(p, 0.3, "timeoutSeconds", constant(5))
	g.set(p, 0.3, "periodSeconds", constant(20))
	g.set(p, 0.3, "failureThreshold", constant(6))
	g.set(p, 0.2, "initialDelaySeconds", constant(3))
	if !successIsOne {
		g.set(p, 0.3, "successThreshold", constant(2))
	}
	return p
}

func (g *manifestGen) lifecycle() any {
	handler := func() any {
		return g.pick(obj{"exec": obj{"command": []any{"true"}}}, obj{"httpGet": obj{"port": 8080}},
			obj{"httpGet": obj{"port": 8080, "path": "/stop", "scheme": "HTTP"}}, obj{"sleep": obj{"seconds": 2}})
	}
	l := obj{}
	g.set(l, 0.6, "postStart", handler)
	g.set(l, 0.6, "preStop", handler)
	return l
}

func (g *manifestGen) volumes() []any {
	var out []any
	for i := range g.count(4) {
		v := g.volumeSource()
		v["name"] = fmt.Sprintf("v%d", i)
		out = append(out, v)
	}
	return out
}

func (g *manifestGen) volumeSource() obj {
	items := []any{obj{"path": "labels", "fieldRef": obj{"fieldPath": "metadata.labels"}}}
	sources := []func() obj{
		func() obj { return obj{} },
		func() obj { return obj{"emptyDir": g.pick(obj{}, obj{"medium": "Memory"})} },
		func() obj {
			return obj{"hostPath": g.pick(obj{"path": "/var/log"}, obj{"path": "/data", "type": "Directory"})}
		},
		func() obj {
			return obj{"secret": g.pick(obj{"secretName": "s"}, obj{"secretName": "s", "defaultMode": 256, "items": []any{obj{"key": "k", "path": "p"}}})}
		},
		func() obj { return obj{"configMap": g.pick(obj{"name": "c"}, obj{"name": "c", "optional": true})} },
		func() obj { return obj{"downwardAPI": obj{"items": items}} },
		func() obj {
			return obj{"projected": obj{"sources": []any{obj{"serviceAccountToken": obj{"path": "token"}},
				obj{"downwardAPI": obj{"items": items}}, obj{"configMap": obj{"name": "c"}}}}}
		},
		func() obj {
			return obj{"ephemeral": obj{"volumeClaimTemplate": obj{"spec": obj{"accessModes": []any{"ReadWriteOnce"},
				"resources": obj{"requests": obj{"storage": g.pick("1Gi", "1.5Gi")}}}}}}
		},
		func() obj { return obj{"image": obj{"reference": images[g.r.IntN(len(images))]}} },
		func() obj { return obj{"persistentVolumeClaim": obj{"claimName": "data"}} },
		func() obj {
			return obj{"iscsi": obj{"targetPortal": "10.0.0.1:3260", "iqn": "iqn.2001-04.com.example:storage", "lun": 0}}
		},
		func() obj { return obj{"rbd": obj{"monitors": []any{"10.0.0.2:6789"}, "image": "disk"}} },
		func() obj {
			return obj{"azureDisk": obj{"diskName": "d", "diskURI": "https://example.blob.core.windows.net/vhds/d.vhd"}}
		},
		func() obj {
			return obj{"scaleIO": obj{"gateway": "https://gw", "system": "sys", "secretRef": obj{"name": "sio"}, "volumeName": "vol"}}
		},
	}
	return sources[g.r.IntN(len(sources))]()
}

// ephemeralContainers generates what kubectl debug adds to a running Pod whose first container is c0:
// no ports, probes, lifecycle or resources, which the API server forbids on ephemeral containers.
func (g *manifestGen) ephemeralContainers() []any {
	var out []any
	for i := range 1 + g.count(1) {
		c := obj{"name": fmt.Sprintf("debug-%d-%d", g.n, i), "image": images[g.r.IntN(len(images))]}
		g.n++
		g.set(c, 0.2, "imagePullPolicy", func() any { return g.pick("Always", "IfNotPresent") })
		if env := g.env(); len(env) > 0 {
			c["env"] = env
		}
		g.set(c, 0.4, "targetContainerName", constant("c0"))
		g.set(c, 0.3, "securityContext", func() any {
			return g.pick(obj{}, obj{"runAsNonRoot": true}, obj{"capabilities": obj{"add": []any{"SYS_PTRACE"}}})
		})
		g.set(c, 0.2, "terminationMessagePolicy", constant("FallbackToLogsOnError"))
		g.set(c, 0.3, "stdin", constant(true))
		out = append(out, c)
	}
	return out
}
