package archtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// List runs `go list` over the module's packages (not their tests) and returns the import graph.
func List(dir string) ([]Package, error) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %v: %s", err, stderr.String())
	}
	var pkgs []Package
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		pkgs = append(pkgs, Package{ImportPath: fields[0], Deps: fields[1:]})
	}
	return pkgs, sc.Err()
}
