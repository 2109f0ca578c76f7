package policy

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// ErrImageReference is matched (with errors.Is) by errors from ParseImage.
var ErrImageReference = errors.New("policy: invalid image reference")

// DefaultRegistry is the registry of images written without a host, as container runtimes resolve them.
const DefaultRegistry = "docker.io"

// ImageRef is a parsed container image reference.
type ImageRef struct {
	// Registry is the registry host, with its port if any ("registry.local:5000"); DefaultRegistry when the
	// reference names none.
	Registry string
	// Repository is the path inside the registry; single-name Docker Hub images get the "library/" prefix.
	Repository string
	// Tag is empty when the reference has none: "registry.local:5000/app" has no tag, ":5000" is the port.
	Tag string
	// Digest is "algorithm:hex" or empty.
	Digest string
}

var (
	tagPattern    = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)
	digestPattern = regexp.MustCompile(`^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[A-Fa-f0-9]{32,}$`)
)

// ParseImage parses an image reference the way container runtimes do: the first path component is a registry
// host only when it contains "." or ":" or is "localhost"; the tag is the ":" suffix of the last path
// component; the digest follows "@".
func ParseImage(ref string) (ImageRef, error) {
	if ref == "" || strings.ContainsAny(ref, " \t\r\n") {
		return ImageRef{}, fmt.Errorf("%w %q: empty or contains whitespace", ErrImageReference, ref)
	}
	name, digest, hasDigest := strings.Cut(ref, "@")
	if hasDigest && !digestPattern.MatchString(digest) {
		return ImageRef{}, fmt.Errorf("%w %q: digest %q is not algorithm:hex", ErrImageReference, ref, digest)
	}
	var out ImageRef
	out.Digest = digest
	slash := strings.LastIndex(name, "/")
	if last := name[slash+1:]; strings.Contains(last, ":") {
		i := strings.Index(last, ":")
		out.Tag = last[i+1:]
		name = name[:slash+1] + last[:i]
		if !tagPattern.MatchString(out.Tag) {
			return ImageRef{}, fmt.Errorf("%w %q: invalid tag %q", ErrImageReference, ref, out.Tag)
		}
	}
	out.Registry, out.Repository = splitRegistry(name)
	if out.Repository == "" || strings.Contains(out.Repository, "//") || strings.HasSuffix(out.Repository, "/") {
		return ImageRef{}, fmt.Errorf("%w %q: empty repository path component", ErrImageReference, ref)
	}
	return out, nil
}

func splitRegistry(name string) (registry, repository string) {
	first, rest, hasSlash := strings.Cut(name, "/")
	if hasSlash && isRegistryHost(first) {
		return first, rest
	}
	if !hasSlash {
		return DefaultRegistry, "library/" + name
	}
	return DefaultRegistry, name
}

// isRegistryHost reports whether the first path component of a reference names a registry host.
func isRegistryHost(component string) bool {
	return strings.ContainsAny(component, ".:") || component == "localhost"
}

// Name returns the fully-qualified repository, "registry/repository".
func (r ImageRef) Name() string { return r.Registry + "/" + r.Repository }

// String returns the fully-qualified reference: Name, then ":tag" and "@digest" when present. It is the string
// restrictImageRegistries compares against the allowed prefixes.
func (r ImageRef) String() string {
	s := r.Name()
	if r.Tag != "" {
		s += ":" + r.Tag
	}
	if r.Digest != "" {
		s += "@" + r.Digest
	}
	return s
}

// IsLatest reports whether disallowLatestTag denies the reference: the tag is "latest", or there is neither a
// tag nor a digest (the runtime would pull "latest").
func (r ImageRef) IsLatest() bool {
	return r.Tag == "latest" || (r.Tag == "" && r.Digest == "")
}
