package archtest

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// List runs `go list` over the module's packages in dir (not their tests) and returns the import
// graph: each package's direct imports and its transitive dependencies.
func List(dir string) ([]Package, error) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}\t{{join .Deps \" \"}}", "./...")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w: %s", err, stderr.String())
	}
	var pkgs []Package
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			continue
		}
		pkgs = append(pkgs, Package{
			ImportPath: fields[0],
			Imports:    strings.Fields(fields[1]),
			Deps:       strings.Fields(fields[2]),
		})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading go list output: %w", err)
	}
	return pkgs, nil
}
