package cluster

import (
	"fmt"
	"strconv"
	"strings"
)

// The supported window of Kubernetes minor versions (1.MinSupportedMinor through
// 1.MaxSupportedMinor). It follows what Cluster API v1.13 can manage as workload clusters and
// what this module's Kubernetes libraries (v0.35) understand.
const (
	MinSupportedMinor = 29
	MaxSupportedMinor = 35
)

// Version is a Kubernetes release version, major.minor.patch. Pre-release versions are not
// accepted: clusters are only planned onto released versions.
type Version struct {
	Major, Minor, Patch int
}

// ParseVersion parses "v1.29.3" (the leading "v" is optional).
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimPrefix(s, "v"), ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("%q is not of the form v1.MINOR.PATCH", s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (len(p) > 1 && p[0] == '0') {
			return Version{}, fmt.Errorf("%q is not of the form v1.MINOR.PATCH", s)
		}
		nums[i] = n
	}
	if nums[0] != 1 {
		return Version{}, fmt.Errorf("%q: only Kubernetes 1.x exists", s)
	}
	return Version{Major: nums[0], Minor: nums[1], Patch: nums[2]}, nil
}

// String renders the version with the leading "v" Cluster API expects.
func (v Version) String() string {
	return fmt.Sprintf("v%d.%d.%d", v.Major, v.Minor, v.Patch)
}

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than o.
func (v Version) Compare(o Version) int {
	for _, d := range [3]int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// Supported reports whether v is inside the supported window.
func (v Version) Supported() bool {
	return v.Major == 1 && v.Minor >= MinSupportedMinor && v.Minor <= MaxSupportedMinor
}

// MinorsBehind returns how many minor versions v is behind o (negative when v is ahead).
func (v Version) MinorsBehind(o Version) int { return o.Minor - v.Minor }

func parseSupported(field, s string) (Version, error) {
	v, err := ParseVersion(s)
	if err != nil {
		return Version{}, invalid(field, "%v", err)
	}
	if !v.Supported() {
		return Version{}, invalidAs(ErrUnsupportedVersion, field,
			"%s is outside the supported window v1.%d–v1.%d", v, MinSupportedMinor, MaxSupportedMinor)
	}
	return v, nil
}

// MarshalText renders the version as "v1.29.3", so plans serialise to readable JSON and YAML.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText parses "v1.29.3".
func (v *Version) UnmarshalText(b []byte) error {
	parsed, err := ParseVersion(string(b))
	if err != nil {
		return err
	}
	*v = parsed
	return nil
}
