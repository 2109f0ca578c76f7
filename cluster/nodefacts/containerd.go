package nodefacts

import (
	"bufio"
	"io/fs"
	"strings"
)

// readSystemdCgroup finds runc's SystemdCgroup option in the first containerd configuration that
// exists. It scans lines rather than parsing TOML (no TOML parser is in the module graph); the
// option is a plain "SystemdCgroup = true|false" key in every containerd config version, and a
// commented-out line does not count.
func readSystemdCgroup(root fs.FS) (*bool, error) {
	for _, path := range containerdConfigPaths() {
		content, err := readOptional(root, path)
		if err != nil {
			return nil, err
		}
		if content == "" {
			continue
		}
		return systemdCgroupValue(path, content)
	}
	return nil, nil
}

func systemdCgroupValue(path, content string) (*bool, error) {
	sc := bufio.NewScanner(strings.NewReader(content))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		key, value, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(key) != "SystemdCgroup" {
			continue
		}
		value, _, _ = strings.Cut(value, "#")
		switch strings.TrimSpace(value) {
		case "true":
			v := true
			return &v, nil
		case "false":
			v := false
			return &v, nil
		default:
			return nil, &ReadError{Path: path, Reason: "SystemdCgroup is neither true nor false"}
		}
	}
	return nil, nil
}
