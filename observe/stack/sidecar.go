package stack

import (
	"net"
	"regexp"
	"strconv"
	"strings"
)

// placeholder matches one {name} in a SidecarAddress pattern.
var placeholder = regexp.MustCompile(`\{[^{}]*\}`)

// sidecarVars are the values a SidecarAddress pattern can use for one replica.
type sidecarVars struct {
	fleet, cluster, region string
	replica                int
}

func (v sidecarVars) expand(pattern string) string {
	return placeholder.ReplaceAllStringFunc(pattern, func(p string) string {
		switch p {
		case "{fleet}":
			return v.fleet
		case "{cluster}":
			return v.cluster
		case "{region}":
			return v.region
		case "{replica}":
			return strconv.Itoa(v.replica)
		}
		return p
	})
}

// dnsPrefixes are the service-discovery prefixes Thanos accepts before an endpoint address
// (pkg/discovery/dns in thanos v0.42.4); dnssrv lookups carry their own ports.
var dnsPrefixes = []string{"dns+", "dnssrv+", "dnssrvnoa+"}

func sidecarAddressProblems(pattern string, replicas int) []*ValidationError {
	const field = "options.sidecarAddress"
	if pattern == "" {
		return []*ValidationError{invalid(field, "must be set: the host:port of a replica's Thanos sidecar gRPC endpoint, e.g. \"prometheus-{replica}.{cluster}.example:10901\"")}
	}
	var out []*ValidationError
	for _, p := range placeholder.FindAllString(pattern, -1) {
		switch p {
		case "{fleet}", "{cluster}", "{region}", "{replica}":
		default:
			out = append(out, invalid(field, "unknown placeholder %s (known: {fleet}, {cluster}, {region}, {replica})", p))
		}
	}
	if replicas > 1 && !strings.Contains(pattern, "{replica}") {
		out = append(out, invalid(field, "with %d replicas per member the pattern needs {replica}: every sidecar needs its own address", replicas))
	}
	return out
}

// addressProblem says why a sidecar address is not one Thanos Query can dial; "" when it is.
func addressProblem(addr string) string {
	for _, prefix := range dnsPrefixes {
		if rest, ok := strings.CutPrefix(addr, prefix); ok {
			if prefix != "dns+" {
				return hostProblem(rest)
			}
			addr = rest
			break
		}
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "must be host:port, got " + quote(addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "port must be a number from 1 to 65535, got " + quote(port)
	}
	return hostProblem(host)
}

func hostProblem(host string) string {
	if host == "" || strings.ContainsAny(host, " /{}") {
		return "host must be a DNS name or IP address, got " + quote(host)
	}
	return ""
}
