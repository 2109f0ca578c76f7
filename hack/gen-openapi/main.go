// Command gen-openapi writes the OpenAPI v3 schemas of the built-in kinds the policy compiler targets, as
// the test environment's real kube-apiserver serves them, into policy/schemas (`make generate` runs it).
// With -check it compares the committed file to a fresh fetch instead and fails when they differ.
//
// Usage (from the repository root):
//
//	go run ./hack/gen-openapi [-out policy/schemas/openapi-v1.35.4.json] [-check]
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/fleetkit/fleetkit/internal/testenv"
)

func main() {
	out := flag.String("out", DefaultPath, "the schema file to write (or compare with -check)")
	check := flag.Bool("check", false, "compare the file with a fresh fetch instead of writing it")
	flag.Parse()
	if err := run(*out, *check); err != nil {
		fmt.Fprintln(os.Stderr, "gen-openapi:", err)
		os.Exit(1)
	}
}

func run(path string, check bool) (err error) {
	env, err := testenv.Start(testenv.Options{})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, env.Stop()) }()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fresh, err := Generate(ctx, env.Config)
	if err != nil {
		return err
	}
	if !check {
		return os.WriteFile(path, fresh, 0o644)
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	if !bytes.Equal(committed, fresh) {
		return fmt.Errorf("%s is stale: run make generate", path)
	}
	return nil
}
