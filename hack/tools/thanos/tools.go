//go:build tools

// Package tools records the thanos command as a dependency of this tool module, so that `go mod
// tidy` keeps its requirements; hack/setup-testenv.sh builds it with `go build`.
package tools

import _ "github.com/thanos-io/thanos/cmd/thanos"
