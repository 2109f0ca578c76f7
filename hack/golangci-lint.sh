#!/usr/bin/env bash
# golangci-lint.sh runs the pinned golangci-lint over the module with .golangci.yml. The binary is
# built once from the Go module proxy (`go install <pkg>@<version>`, which builds with golangci-lint's
# own go.mod and verifies every module against the checksum database; fleetkit's go.mod is not
# touched) and cached as ~/.cache/fleetkit/bin/golangci-lint-<version>; later runs reuse it.
# Arguments are passed to `golangci-lint run` (default: ./...).
set -euo pipefail
cd "$(dirname "$0")/.."

version=${GOLANGCI_LINT_VERSION:-v2.15.0}
bin_dir=${FLEETKIT_BIN:-$HOME/.cache/fleetkit/bin}
bin=$bin_dir/golangci-lint-$version

if [ ! -x "$bin" ]; then
  mkdir -p "$bin_dir"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "golangci-lint.sh: building golangci-lint $version into $bin (once)" >&2
  start=$SECONDS
  # GOFLAGS is cleared so a caller's -mod=... cannot leak into a build outside this module.
  GOFLAGS= GOBIN=$tmp go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$version"
  mv "$tmp/golangci-lint" "$bin"
  echo "golangci-lint.sh: built in $((SECONDS - start))s" >&2
fi

if [ "$#" -eq 0 ]; then
  set -- ./...
fi
exec "$bin" run "$@"
