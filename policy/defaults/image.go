package defaults

import (
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// The image reference grammar of github.com/distribution/reference, which kube-apiserver parses images with
// before it picks a pull policy (pkg/util/parsers in kubernetes v1.35.4). Written out here from the grammar:
// a reference the grammar rejects gets IfNotPresent, so a near miss must not be read as "no tag".
var (
	referencePattern = func() *regexp.Regexp {
		const (
			label     = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
			host      = `(?:` + label + `(?:\.` + label + `)*|\[[a-fA-F0-9:]+\])`
			domain    = host + `(?::[0-9]+)?`
			component = `[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`
			path      = component + `(?:/` + component + `)*`
			tag       = `[\w][\w.-]{0,127}`
			digest    = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
		)
		return regexp.MustCompile(`^(?:` + domain + `/)?(` + path + `)(?::(` + tag + `))?(?:@(` + digest + `))?$`)
	}()
	hexIdentifier = regexp.MustCompile(`^[a-f0-9]{64}$`)
	lowerHex      = regexp.MustCompile(`^[a-f0-9]+$`)
)

// digestLengths are the digest algorithms kube-apiserver accepts, with their hex lengths.
var digestLengths = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}

// maxRepositoryPath is the longest repository path (after the registry host) the grammar accepts.
const maxRepositoryPath = 255

// pullPolicy is the imagePullPolicy the API server gives a container or image volume without one: Always
// for the tag "latest" or a reference with neither tag nor digest, IfNotPresent otherwise, including for
// references it cannot parse.
func pullPolicy(image string) corev1.PullPolicy {
	tag, digest, ok := parseReference(image)
	if ok && (tag == "latest" || (tag == "" && digest == "")) {
		return corev1.PullAlways
	}
	return corev1.PullIfNotPresent
}

// parseReference returns the tag and digest of a normalized image reference, and whether it parses.
func parseReference(image string) (tag, digest string, ok bool) {
	if hexIdentifier.MatchString(image) {
		return "", "", false
	}
	domain, remainder := splitDomain(image)
	remote, _, _ := strings.Cut(remainder, ":")
	if strings.ToLower(remote) != remote {
		return "", "", false
	}
	m := referencePattern.FindStringSubmatch(domain + "/" + remainder)
	if m == nil || len(m[1]) > maxRepositoryPath {
		return "", "", false
	}
	if m[3] != "" && !validDigest(m[3]) {
		return "", "", false
	}
	return m[2], m[3], true
}

// splitDomain separates the registry host the way Docker normalizes names: the first component is a host
// when it is "localhost", contains "." or ":", or has capitals; otherwise the image is on Docker Hub, and
// single names live under library/.
func splitDomain(image string) (domain, remainder string) {
	first, rest, found := strings.Cut(image, "/")
	switch {
	case !found:
		return "docker.io", "library/" + image
	case first == "localhost" || strings.ContainsAny(first, ".:") || strings.ToLower(first) != first:
		domain, remainder = first, rest
	default:
		domain, remainder = "docker.io", image
	}
	if domain == "index.docker.io" {
		domain = "docker.io"
	}
	if domain == "docker.io" && !strings.Contains(remainder, "/") {
		remainder = "library/" + remainder
	}
	return domain, remainder
}

func validDigest(d string) bool {
	algorithm, encoded, _ := strings.Cut(d, ":")
	n, known := digestLengths[algorithm]
	return known && len(encoded) == n && lowerHex.MatchString(encoded)
}
