package policy

import (
	"fmt"
	"strings"
)

// The allowed sets of the Pod Security Standards as of Kubernetes 1.35.
var (
	baselineCapabilities = []string{"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
		"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}
	safeSysctls = []string{"kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
		"net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
		"net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
		"net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes", "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"}
	seLinuxTypes       = []string{"", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"}
	restrictedVolumes  = []string{"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"}
	probeHostPaths     = []string{"livenessProbe.?httpGet", "livenessProbe.?tcpSocket", "readinessProbe.?httpGet", "readinessProbe.?tcpSocket", "startupProbe.?httpGet", "startupProbe.?tcpSocket", "lifecycle.?postStart.?httpGet", "lifecycle.?postStart.?tcpSocket", "lifecycle.?preStop.?httpGet", "lifecycle.?preStop.?tcpSocket"}
	podSC              = "variables.podSpec.?securityContext"
	windowsPod         = "variables.podSpec.?os.?name.orValue('') == 'windows'"
	seccompAllowedType = celList([]string{"RuntimeDefault", "Localhost"})
)

// podSecurityChecks compiles the Pod Security Standards controls of level: baseline, plus the restricted
// additions. Each control is its own validation so that a violation names the control.
func podSecurityChecks(level PodSecurityLevel, g kindGroup) []check {
	checks := baselineChecks(g)
	if level == LevelRestricted {
		checks = append(checks, restrictedChecks()...)
	}
	for i := range checks {
		checks[i].message = strings.Replace(checks[i].message, "podSecurity:", "podSecurity("+string(level)+"):", 1)
		checks[i].messageExpression = strings.Replace(checks[i].messageExpression, "podSecurity:",
			"podSecurity("+string(level)+"):", 1)
	}
	return checks
}

func pssContainer(pred, problem string) check {
	return containerCheck(RulePodSecurity, pred, "c.name", problem, allContainers)
}

func pssPod(expression, problem string) check {
	return podCheck(RulePodSecurity, expression, problem, celString("podSecurity: "+problem))
}

func baselineChecks(g kindGroup) []check {
	meta := "object.metadata"
	if g.templateMeta != "" {
		meta = g.templateMeta
	}
	return []check{
		pssPod(fmt.Sprintf("!%s.?windowsOptions.?hostProcess.orValue(false)", podSC),
			"hostProcess pods are not allowed (securityContext.windowsOptions.hostProcess)"),
		pssContainer("!c.?securityContext.?windowsOptions.?hostProcess.orValue(false)",
			"must not be hostProcess containers (securityContext.windowsOptions.hostProcess)"),
		pssPod("!variables.podSpec.?hostNetwork.orValue(false) && !variables.podSpec.?hostPID.orValue(false) && "+
			"!variables.podSpec.?hostIPC.orValue(false)", "host namespaces are not allowed (hostNetwork, hostPID, hostIPC)"),
		pssContainer(notPrivileged, "must not be privileged"),
		pssContainer(fmt.Sprintf("c.?securityContext.?capabilities.?add.orValue([]).all(x, x in %s)",
			celList(baselineCapabilities)), "must not add capabilities beyond the baseline set"),
		pssPod(noHostPathVolumes, "hostPath volumes are not allowed"),
		pssContainer("c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0)", "must not use hostPort"),
		pssPod(appArmorPod(meta), "AppArmor profiles must be RuntimeDefault or Localhost"),
		pssContainer("c.?securityContext.?appArmorProfile.?type.orValue('RuntimeDefault') in ['RuntimeDefault', 'Localhost']",
			"must use an AppArmor profile of type RuntimeDefault or Localhost"),
		pssPod(seLinuxOK(podSC), "SELinux type must be a container type and user and role must be unset"),
		pssContainer(seLinuxOK("c.?securityContext"), "must not set a custom SELinux user, role or type"),
		pssContainer("c.?securityContext.?procMount.orValue('Default') == 'Default'", "must use the Default /proc mount"),
		pssPod(fmt.Sprintf("%s.?seccompProfile.?type.orValue('') != 'Unconfined'", podSC), "seccomp must not be Unconfined"),
		pssContainer("c.?securityContext.?seccompProfile.?type.orValue('') != 'Unconfined'", "must not set seccomp Unconfined"),
		pssPod(fmt.Sprintf("%s.?sysctls.orValue([]).all(s, s.name in %s)", podSC, celList(safeSysctls)),
			"only the safe sysctls are allowed"),
		pssContainer(probeHostsUnset(), "must not set a host on probes or lifecycle handlers"),
	}
}

func appArmorPod(meta string) string {
	return fmt.Sprintf("%[1]s.?appArmorProfile.?type.orValue('RuntimeDefault') in ['RuntimeDefault', 'Localhost'] && "+
		"%[2]s.?annotations.orValue({}).all(k, !k.startsWith('container.apparmor.security.beta.kubernetes.io/') || "+
		"%[2]s.?annotations.orValue({})[k] == 'runtime/default' || %[2]s.?annotations.orValue({})[k].startsWith('localhost/'))", podSC, meta)
}

func seLinuxOK(sc string) string {
	return fmt.Sprintf("%[1]s.?seLinuxOptions.?type.orValue('') in %[2]s && %[1]s.?seLinuxOptions.?user.orValue('') == '' && "+
		"%[1]s.?seLinuxOptions.?role.orValue('') == ''", sc, celList(seLinuxTypes))
}

func probeHostsUnset() string {
	parts := make([]string, len(probeHostPaths))
	for i, p := range probeHostPaths {
		parts[i] = fmt.Sprintf("c.?%s.?host.orValue('') == ''", p)
	}
	return strings.Join(parts, " && ")
}

func restrictedChecks() []check {
	has := make([]string, len(restrictedVolumes))
	for i, v := range restrictedVolumes {
		has[i] = "has(v." + v + ")"
	}
	return []check{
		pssPod(fmt.Sprintf("variables.podSpec.?volumes.orValue([]).all(v, %s)", strings.Join(has, " || ")),
			"only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes are allowed"),
		pssContainer(windowsPod+" || c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false",
			"must set securityContext.allowPrivilegeEscalation: false"),
		pssPod(fmt.Sprintf("%s.?runAsNonRoot.orValue(true) == true", podSC), "the pod must not set runAsNonRoot: false"),
		pssContainer(fmt.Sprintf("c.?securityContext.?runAsNonRoot.orValue(%s.?runAsNonRoot.orValue(false))", podSC),
			"must run as non-root (runAsNonRoot: true on the container or the pod)"),
		pssPod(fmt.Sprintf("%s.?runAsUser.orValue(1) != 0", podSC), "the pod must not run as user 0"),
		pssContainer("c.?securityContext.?runAsUser.orValue(1) != 0", "must not run as user 0"),
		pssContainer(fmt.Sprintf("%s || c.?securityContext.?seccompProfile.?type.orValue(%s.?seccompProfile.?type.orValue('')) in %s",
			windowsPod, podSC, seccompAllowedType), "must use seccomp RuntimeDefault or Localhost (container or pod)"),
		pssContainer(windowsPod+" || (c.?securityContext.?capabilities.?drop.orValue([]).exists(x, x == 'ALL') && "+
			"c.?securityContext.?capabilities.?add.orValue([]).all(x, x == 'NET_BIND_SERVICE'))",
			"must drop ALL capabilities and add none but NET_BIND_SERVICE"),
	}
}
