package policy

import (
	"fmt"
	"strings"
)

// checks compiles one validated rule for the kinds of group g.
func (r Rule) checks(g kindGroup) []check {
	switch r.Kind() {
	case RuleRestrictImageRegistries:
		return []check{restrictImageRegistries(r.RestrictImageRegistries.Allowed)}
	case RuleRequireRequestsLimits:
		return []check{requireRequestsLimits()}
	case RuleDisallowPrivileged:
		return []check{disallowPrivileged()}
	case RuleDisallowHostPath:
		return []check{disallowHostPath()}
	case RuleRequireLabels:
		return requireLabels(r.RequireLabels.Keys, g)
	case RuleDisallowLatestTag:
		return []check{disallowLatestTag()}
	case RuleRequireRunAsNonRoot:
		return []check{requireRunAsNonRoot()}
	case RulePodSecurity:
		return podSecurityChecks(r.PodSecurity.Level, g)
	case RuleCEL:
		return []check{customCEL(*r.CEL)}
	}
	return nil
}

// qualifiedImage is the CEL twin of ImageRef.String for the image of container c (tag and digest kept):
// references without a registry host get "docker.io/" and, for single names, "library/".
const qualifiedImage = `(c.image.contains('/') && (c.image.split('/')[0].contains('.') || ` +
	`c.image.split('/')[0].contains(':') || c.image.split('/')[0] == 'localhost') ? c.image : ` +
	`(c.image.contains('/') ? 'docker.io/' + c.image : 'docker.io/library/' + c.image))`

const imageLabel = "c.name + '=' + c.image"

func restrictImageRegistries(allowed []string) check {
	pred := fmt.Sprintf("%s.exists(p, %s.startsWith(p))", celList(allowed), qualifiedImage)
	return containerCheck(RuleRestrictImageRegistries, pred, imageLabel,
		"use images outside the allowed registries "+strings.Join(allowed, ", "), allContainers)
}

// lastComponent is the last path component of the image name without its digest: where a tag can be.
const lastComponent = `c.image.split('@')[0].substring(c.image.split('@')[0].lastIndexOf('/') + 1)`

func disallowLatestTag() check {
	pred := fmt.Sprintf("%[1]s.contains(':') ? %[1]s.substring(%[1]s.indexOf(':') + 1) != 'latest' : "+
		"c.image.contains('@')", lastComponent)
	return containerCheck(RuleDisallowLatestTag, pred, imageLabel,
		"use the latest tag or no tag; pin a version tag or a digest", allContainers)
}

func requireRequestsLimits() check {
	// dyn(c): kube-apiserver's schema-typed check drops the quantity maps requests and limits from the
	// container type and would report them as undefined fields; at runtime they are there.
	pred := "'cpu' in dyn(c).?resources.?requests.orValue({}) && 'memory' in dyn(c).?resources.?requests.orValue({}) && " +
		"'memory' in dyn(c).?resources.?limits.orValue({})"
	return containerCheck(RuleRequireRequestsLimits, pred, "c.name",
		"need a cpu request, a memory request and a memory limit", noEphemeral)
}

// notPrivileged holds for a container "c" that is not privileged. disallowPrivileged and the podSecurity
// baseline control share it so that the two rules cannot drift apart.
const notPrivileged = "!c.?securityContext.?privileged.orValue(false)"

// noHostPathVolumes holds for a pod spec without hostPath volumes; shared by disallowHostPath and the
// podSecurity baseline control.
const noHostPathVolumes = "variables.podSpec.?volumes.orValue([]).all(v, !has(v.hostPath))"

func disallowPrivileged() check {
	return containerCheck(RuleDisallowPrivileged, notPrivileged, "c.name",
		"must not be privileged (securityContext.privileged: true)", allContainers)
}

func requireRunAsNonRoot() check {
	pred := "c.?securityContext.?runAsNonRoot.orValue(variables.podSpec.?securityContext.?runAsNonRoot.orValue(false))"
	return containerCheck(RuleRequireRunAsNonRoot, pred, "c.name",
		"must run as non-root (securityContext.runAsNonRoot: true on the container or the pod)", allContainers)
}

func disallowHostPath() check {
	return podCheck(RuleDisallowHostPath,
		noHostPathVolumes,
		"hostPath volumes are not allowed",
		`"disallowHostPath: hostPath volumes are not allowed: " + `+
			`variables.podSpec.?volumes.orValue([]).filter(v, has(v.hostPath)).map(v, v.name).join(', ')`)
}

// requireLabels checks the object's labels and, for workloads, the pod template's labels too: a label only on
// the Deployment does not reach its pods. For CronJobs it checks the job template's labels as well: the
// CronJob controller creates each Job with exactly those, and the API server copies the pod template's
// labels into a Job only when the Job has none. So job template labels, when there are any, must carry the
// keys; when there are none the Job gets the pod template's, which the template check already requires.
func requireLabels(keys []string, g kindGroup) []check {
	type meta struct{ path, where, guard, note string }
	metas := []meta{{path: "object.metadata", where: "the object"}}
	if g.jobTemplateMeta != "" {
		metas = append(metas, meta{path: g.jobTemplateMeta, where: "the job template",
			guard: fmt.Sprintf("size(%s.?labels.orValue({})) == 0 || ", g.jobTemplateMeta),
			note:  " (or no labels, its Jobs then taking the pod template's)"})
	}
	if g.templateMeta != "" {
		metas = append(metas, meta{path: g.templateMeta, where: "the pod template"})
	}
	out := make([]check, len(metas))
	for i, m := range metas {
		pred := fmt.Sprintf("%s.?labels[?k].orValue('') != ''", m.path)
		out[i] = podCheck(RuleRequireLabels,
			fmt.Sprintf("%s%s.all(k, %s)", m.guard, celList(keys), pred),
			fmt.Sprintf("%s must carry non-empty labels %s%s", m.where, strings.Join(keys, ", "), m.note),
			fmt.Sprintf("%s + %s.filter(k, !(%s)).join(', ')", celString("requireLabels: missing or empty labels on "+
				m.where+": "), celList(keys), pred))
	}
	return out
}

func customCEL(r CELRule) check {
	message := r.Message
	if message == "" {
		message = "failed expression: " + strings.Join(strings.Fields(r.Expression), " ")
	}
	c := check{rule: RuleCEL, expression: r.Expression, message: "cel: " + message}
	if r.MessageExpression != "" {
		c.messageExpression = fmt.Sprintf("'cel: ' + (%s)", r.MessageExpression)
	}
	return c
}
