package nodefacts

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"strings"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/internal/strictyaml"
)

// Read gathers the facts of the node whose root file system is root. Missing optional sources
// (kubelet or containerd configuration, bridge sysctls before br_netfilter is loaded) leave their
// facts empty, as cluster.NodeFacts documents; a missing /proc/swaps, or a file that cannot be
// read or parsed, is a *ReadError.
func Read(root fs.FS) (cluster.NodeFacts, error) {
	var f cluster.NodeFacts
	var err error
	if f.Hostname, err = readOptional(root, hostnamePath); err != nil {
		return f, err
	}
	f.Hostname = strings.TrimSpace(f.Hostname)
	if f.SwapDevices, err = readSwaps(root); err != nil {
		return f, err
	}
	if f.Modules, err = readModules(root); err != nil {
		return f, err
	}
	if f.Sysctls, err = readSysctls(root); err != nil {
		return f, err
	}
	if f.KubeletCgroupDriver, err = readKubeletCgroupDriver(root); err != nil {
		return f, err
	}
	if f.ContainerdSystemdCgroup, err = readSystemdCgroup(root); err != nil {
		return f, err
	}
	f.Sockets = findSockets(root)
	f.CgroupVersion = cgroupVersion(root)
	return f, nil
}

// readOptional returns a file's content, or "" when it does not exist.
func readOptional(root fs.FS, path string) (string, error) {
	b, err := fs.ReadFile(root, path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", &ReadError{Path: path, Reason: "cannot read", Err: err}
	}
	return string(b), nil
}

func readRequired(root fs.FS, path string) ([]byte, error) {
	b, err := fs.ReadFile(root, path)
	if err != nil {
		return nil, &ReadError{Path: path, Reason: "required on a Linux node", Err: err}
	}
	return b, nil
}

// readSwaps lists the devices of /proc/swaps, skipping its header line.
func readSwaps(root fs.FS) ([]string, error) {
	b, err := readRequired(root, swapsPath)
	if err != nil {
		return nil, err
	}
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for first := true; sc.Scan(); first = false {
		fields := strings.Fields(sc.Text())
		if first || len(fields) == 0 {
			continue
		}
		out = append(out, fields[0])
	}
	return out, nil
}

// readModules lists loaded modules (/proc/modules) plus the required ones that are built into the
// kernel: those appear under /sys/module, and overlay also as a file system in /proc/filesystems.
// /proc/modules is optional because sandboxed kernels (gVisor) and module-less kernels omit it.
func readModules(root fs.FS) ([]string, error) {
	loaded, err := readOptional(root, modulesPath)
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(loaded))
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) > 0 && !seen[fields[0]] {
			seen[fields[0]] = true
			out = append(out, fields[0])
		}
	}
	filesystems, err := readOptional(root, filesystemsPath)
	if err != nil {
		return nil, err
	}
	for _, m := range cluster.RequiredModules() {
		if seen[m] {
			continue
		}
		if _, err := fs.Stat(root, sysModuleDir+"/"+m); err == nil || hasFilesystem(filesystems, m) {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out, nil
}

func hasFilesystem(procFilesystems, name string) bool {
	for _, line := range strings.Split(procFilesystems, "\n") {
		if fields := strings.Fields(line); len(fields) > 0 && fields[len(fields)-1] == name {
			return true
		}
	}
	return false
}

func readSysctls(root fs.FS) (map[string]string, error) {
	out := map[string]string{}
	for _, name := range cluster.RequiredSysctls() {
		b, err := fs.ReadFile(root, sysctlPath(name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, &ReadError{Path: sysctlPath(name), Reason: "cannot read", Err: err}
		}
		out[name] = strings.TrimSpace(string(b))
	}
	return out, nil
}

func readKubeletCgroupDriver(root fs.FS) (string, error) {
	content, err := readOptional(root, kubeletConfigPath)
	if err != nil || content == "" {
		return "", err
	}
	// The file has many fields this reader does not need: read them all as
	// values, within strictyaml's limits, and keep the one it does.
	var cfg map[string]any
	if err := strictyaml.Unmarshal([]byte(content), &cfg); err != nil {
		return "", &ReadError{Path: kubeletConfigPath, Reason: "not a KubeletConfiguration YAML document", Err: err}
	}
	driver, ok := cfg["cgroupDriver"].(string)
	if _, set := cfg["cgroupDriver"]; set && !ok {
		return "", &ReadError{Path: kubeletConfigPath, Reason: "cgroupDriver is not a string"}
	}
	return driver, nil
}

func findSockets(root fs.FS) []string {
	var out []string
	for _, p := range cluster.KnownCRISockets() {
		if info, err := fs.Stat(root, fsPath(p)); err == nil && info.Mode()&fs.ModeSocket != 0 {
			out = append(out, p)
		}
	}
	return out
}

func cgroupVersion(root fs.FS) int {
	if _, err := fs.Stat(root, cgroupV2Marker); err == nil {
		return 2
	}
	if _, err := fs.Stat(root, "sys/fs/cgroup"); err == nil {
		return 1
	}
	return 0
}
