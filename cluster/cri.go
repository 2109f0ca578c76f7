package cluster

import (
	"strings"
)

// CRIEndpoint is a detected container runtime socket.
type CRIEndpoint struct {
	// Path is the socket's canonical path (a /var/run path is reported under /run, which it links to).
	Path string `json:"path"`
	// Runtime names the runtime: "containerd", "k3s-containerd", "cri-o" or "cri-dockerd" (Docker).
	Runtime string `json:"runtime"`
}

// URL is the endpoint in the form kubeadm's --cri-socket and the kubelet's
// containerRuntimeEndpoint expect.
func (e CRIEndpoint) URL() string { return "unix://" + e.Path }

// DetectCRISockets returns the distinct runtimes behind the given existing socket paths, in
// KnownCRISockets order. /run/x and /var/run/x count once: /var/run is a symlink to /run.
func DetectCRISockets(existing []string) []CRIEndpoint {
	seen := make(map[string]bool, len(existing))
	for _, p := range existing {
		seen[canonicalRunPath(p)] = true
	}
	var out []CRIEndpoint
	done := make(map[string]bool)
	for _, known := range KnownCRISockets() {
		p := canonicalRunPath(known)
		if seen[p] && !done[p] {
			done[p] = true
			out = append(out, CRIEndpoint{Path: p, Runtime: runtimeOf(p)})
		}
	}
	return out
}

// CheckCRISocket passes when exactly one CRI runtime is found, fails when none is, and fails when
// several are, because kubeadm then cannot choose and needs --cri-socket.
func CheckCRISocket(f NodeFacts) CheckResult {
	r := CheckResult{Name: "cri-socket"}
	found := DetectCRISockets(f.Sockets)
	switch len(found) {
	case 0:
		return fail(r, "no CRI socket at "+strings.Join(KnownCRISockets(), ", "),
			"install and start containerd (systemctl enable --now containerd)")
	case 1:
		return pass(r, found[0].Runtime+" at "+found[0].URL())
	default:
		urls := make([]string, len(found))
		for i, e := range found {
			urls[i] = e.URL()
		}
		return fail(r, "several CRI sockets: "+strings.Join(urls, ", "),
			"pick one with kubeadm --cri-socket (nodeRegistration.criSocket) or stop the other runtime")
	}
}

func canonicalRunPath(p string) string {
	if rest, ok := strings.CutPrefix(p, "/var/run/"); ok {
		return "/run/" + rest
	}
	return p
}

func runtimeOf(path string) string {
	switch {
	case strings.Contains(path, "/k3s/"):
		return "k3s-containerd"
	case strings.Contains(path, "crio"):
		return "cri-o"
	case strings.Contains(path, "cri-dockerd"):
		return "cri-dockerd"
	default:
		return "containerd"
	}
}
