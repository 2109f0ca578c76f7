#!/usr/bin/env bash
# consumer-tidy.sh proves that fleetkit's module graph tidies, for fleetkit and for its users:
#   1. plain `go mod tidy` (no -e) in fleetkit leaves go.mod and go.sum unchanged;
#   2. a scratch consumer module that imports every public package (everything `go list ./...` lists
#      except examples/, internal/ and hack/), with a replace to this checkout, runs plain `go mod tidy`,
#      `go build ./...` and `go vet ./...`.
# It leaves no modifications behind and exits non-zero with the failing step named.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export GOWORK=off

scratch=$(mktemp -d -t fleetkit-consumer.XXXXXX)
restore=false
cleanup() {
  if $restore; then cp "$scratch/go.mod.orig" go.mod && cp "$scratch/go.sum.orig" go.sum; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() {
  echo "consumer-tidy: FAIL: $*" >&2
  exit 1
}

# 1. fleetkit itself.
cp go.mod "$scratch/go.mod.orig"
cp go.sum "$scratch/go.sum.orig"
restore=true
if ! go mod tidy >"$scratch/tidy.log" 2>&1; then
  cat "$scratch/tidy.log" >&2
  fail "plain 'go mod tidy' fails in fleetkit ($root)"
fi
if ! cmp -s go.mod "$scratch/go.mod.orig" || ! cmp -s go.sum "$scratch/go.sum.orig"; then
  diff -u "$scratch/go.mod.orig" go.mod >&2 || true
  echo "(go.sum: $(diff "$scratch/go.sum.orig" go.sum | grep -c '^[<>]' || true) lines differ)" >&2
  fail "plain 'go mod tidy' changes fleetkit's go.mod/go.sum: run it and commit the result"
fi
restore=false
echo "consumer-tidy: fleetkit: go mod tidy is a no-op"

# 2. a scratch consumer of every public package.
module=$(go list -m)
goversion=$(go list -m -f '{{.GoVersion}}')
mapfile -t pkgs < <(go list ./... | grep -v -E "^${module}/(examples|internal|hack)(/|$)" | grep -v -E '/internal(/|$)')
[ "${#pkgs[@]}" -gt 0 ] || fail "go list ./... found no public packages"

consumer="$scratch/consumer"
mkdir -p "$consumer"
cat >"$consumer/go.mod" <<EOF
module example.com/fleetkit-consumer

go ${goversion}

require ${module} v0.0.0-00010101000000-000000000000

replace ${module} => ${root}
EOF
{
  echo "// Package main imports every public fleetkit package."
  echo "package main"
  echo
  echo "import ("
  for p in "${pkgs[@]}"; do echo "	_ \"$p\""; done
  echo ")"
  echo
  echo "func main() {}"
} >"$consumer/main.go"

cd "$consumer"
for step in "go mod tidy" "go build ./..." "go vet ./..."; do
  if ! $step >"$scratch/step.log" 2>&1; then
    cat "$scratch/step.log" >&2
    fail "'$step' fails in a consumer module importing ${#pkgs[@]} public packages"
  fi
done
echo "consumer-tidy: consumer of ${#pkgs[@]} public packages: go mod tidy, go build, go vet pass"
