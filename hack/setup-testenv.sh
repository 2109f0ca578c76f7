#!/usr/bin/env bash
# setup-testenv.sh installs the real test environment fleetkit's integration tests run against:
# kube-apiserver and kubectl (built from k8s.io/kubernetes on the module proxy), etcd (built from
# go.etcd.io/etcd/server/v3), Prometheus (Debian package), and karmada-scheduler,
# karmada-controller-manager and karmada-webhook (built from github.com/karmada-io/karmada in the tool module
# hack/tools/karmada, which pins Karmada and its dependencies apart from fleetkit's own graph), and thanos
# (built from github.com/thanos-io/thanos in the tool module hack/tools/thanos, for the same reason).
# Binaries are cached by version under $FLEETKIT_CACHE (default $HOME/.cache/fleetkit): kube-apiserver,
# kubectl and etcd in testbin/<kubernetes version>/ (printed on stdout), Karmada's in
# testbin/karmada-<karmada version>/, Thanos' in testbin/thanos-<thanos version>/. A re-run with everything present takes about a second.
set -euo pipefail

K8S_VERSION=${K8S_VERSION:-1.35.4}
STAGING_VERSION=${STAGING_VERSION:-0.35.4}
ETCD_VERSION=${ETCD_VERSION:-3.6.5}
CACHE=${FLEETKIT_CACHE:-${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}/.cache/fleetkit}
BIN="$CACHE/testbin/$K8S_VERSION"
BUILD="$CACHE/build"
TOOLS="$(cd "$(dirname "$0")" && pwd)/tools"

# KARMADA_VERSION is the version the tool module pins (its go.mod is the one source of truth).
KARMADA_VERSION=$(awk '$1 == "github.com/karmada-io/karmada" {sub(/^v/, "", $2); print $2; exit}' "$TOOLS/karmada/go.mod")
KARMADA_BIN="$CACHE/testbin/karmada-$KARMADA_VERSION"
# THANOS_VERSION likewise comes from hack/tools/thanos/go.mod.
# (a one-line `require github.com/thanos-io/thanos vX` or a line of a require block).
THANOS_VERSION=$(awk '{if ($1 == "require") $1 = ""; $0 = $0} $1 == "github.com/thanos-io/thanos" {sub(/^v/, "", $2); print $2; exit}' "$TOOLS/thanos/go.mod")
[ -n "$THANOS_VERSION" ] || { echo "setup-testenv: no github.com/thanos-io/thanos in $TOOLS/thanos/go.mod" >&2; exit 1; }
THANOS_BIN="$CACHE/testbin/thanos-$THANOS_VERSION"

log() { printf 'setup-testenv: %s\n' "$*" >&2; }

# staging_replaces prints "-replace=k8s.io/x=k8s.io/x@vSTAGING" for every staging module
# k8s.io/kubernetes requires at v0.0.0 (they are only resolvable through replace).
staging_replaces() {
  local gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  awk -v v="v$STAGING_VERSION" '$1 ~ /^k8s\.io\// && $2 == "v0.0.0" {print "-replace=" $1 "=" $1 "@" v}' "$gomod" | sort -u
}

build_kube() {
  local dir="$BUILD/kubernetes-$K8S_VERSION" ldflags
  [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kubectl" ] && return 0
  log "building kube-apiserver and kubectl v$K8S_VERSION (about 5-8 minutes on 2 cores, once)"
  rm -rf "$dir" && mkdir -p "$dir" "$BIN"
  (
    cd "$dir"
    go mod init fleetkit.local/kubebuild >/dev/null 2>&1
    go mod edit -go=1.26 -require="k8s.io/kubernetes@v$K8S_VERSION" $(staging_replaces)
    go get "k8s.io/kubernetes/cmd/kube-apiserver@v$K8S_VERSION" "k8s.io/kubernetes/cmd/kubectl@v$K8S_VERSION" >/dev/null
    ldflags=""
    for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
      ldflags="$ldflags -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=${K8S_VERSION%%.*}"
      ldflags="$ldflags -X $p.gitMinor=$(echo "$K8S_VERSION" | cut -d. -f2) -X $p.gitTreeState=clean"
    done
    export GOCACHE="$dir/gocache"
    go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
    go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN/kubectl.tmp" k8s.io/kubernetes/cmd/kubectl
  )
  mv "$BIN/kube-apiserver.tmp" "$BIN/kube-apiserver"
  mv "$BIN/kubectl.tmp" "$BIN/kubectl"
  rm -rf "$dir/gocache"
}

build_etcd() {
  local dir="$BUILD/etcd-$ETCD_VERSION"
  [ -x "$BIN/etcd" ] && return 0
  log "building etcd v$ETCD_VERSION (under a minute, once)"
  rm -rf "$dir" && mkdir -p "$dir" "$BIN"
  (
    cd "$dir"
    go mod init fleetkit.local/etcdbuild >/dev/null 2>&1
    go mod edit -go=1.26 -require="go.etcd.io/etcd/server/v3@v$ETCD_VERSION"
    go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" >/dev/null
    export GOCACHE="$dir/gocache"
    go build -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3
  )
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  rm -rf "$dir/gocache"
}

# build_karmada builds karmada-scheduler, karmada-controller-manager and karmada-webhook from the tool
# module, with the release version stamped in (as Karmada's own Makefile does), into $KARMADA_BIN.
# Each binary is skipped when present; they share one private build cache, deleted afterwards.
build_karmada() {
  local dir="$BUILD/karmada-$KARMADA_VERSION" pkg=github.com/karmada-io/karmada cmd name missing=""
  for cmd in scheduler controller-manager webhook; do
    [ -x "$KARMADA_BIN/karmada-$cmd" ] || missing="$missing $cmd"
  done
  [ -z "$missing" ] && return 0
  log "building karmada-{${missing# }} v$KARMADA_VERSION (about 5 minutes on two idle cores, once)"
  rm -rf "$dir" && mkdir -p "$dir" "$KARMADA_BIN"
  for cmd in $missing; do
    name="karmada-$cmd"
    (
      cd "$TOOLS/karmada"
      export GOCACHE="$dir/gocache" GOFLAGS=-mod=readonly GOWORK=off
      go build -trimpath -ldflags "-s -w -X $pkg/pkg/version.gitVersion=v$KARMADA_VERSION -X $pkg/pkg/version.gitTreeState=clean" \
        -o "$KARMADA_BIN/$name.tmp" "$pkg/cmd/$cmd"
    )
    mv "$KARMADA_BIN/$name.tmp" "$KARMADA_BIN/$name"
  done
  rm -rf "$dir"
}

# build_thanos builds the thanos command (sidecar, query, store in one binary) from the tool module into
# $THANOS_BIN, with the tags Thanos' own Makefile uses (netgo; slicelabels is the label layout Thanos
# requires of the Prometheus packages it imports). Skipped when present; a private build cache, deleted
# afterwards.
build_thanos() {
  local dir="$BUILD/thanos-$THANOS_VERSION" pkg=github.com/prometheus/common/version
  [ -x "$THANOS_BIN/thanos" ] && return 0
  log "building thanos v$THANOS_VERSION (about 7 minutes on two idle cores, once)"
  rm -rf "$dir" && mkdir -p "$dir" "$THANOS_BIN"
  (
    cd "$TOOLS/thanos"
    export GOCACHE="$dir/gocache" GOFLAGS=-mod=readonly GOWORK=off
    go build -trimpath -tags netgo,slicelabels -ldflags "-s -w -X $pkg.Version=$THANOS_VERSION -X $pkg.Branch=HEAD" \
      -o "$THANOS_BIN/thanos.tmp" github.com/thanos-io/thanos/cmd/thanos
  )
  mv "$THANOS_BIN/thanos.tmp" "$THANOS_BIN/thanos"
  rm -rf "$dir"
}

install_prometheus() {
  command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && return 0
  log "installing Debian's prometheus package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
}

# lock serialises concurrent runs (a CI job and a developer's `make test`, or two test jobs sharing one
# cache): each build starts by deleting its build directory, so a second run starting while the first
# is still building karmada or thanos would delete the first one's build cache under it. The second run
# waits for the lock, then finds the binaries present and returns at once. The lock is released when
# the script exits (file descriptor 9 closes).
lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/setup-testenv.lock"
  flock -n 9 && return 0
  log "another setup-testenv is installing into $CACHE; waiting for it to finish"
  flock 9
}

main() {
  local start=$SECONDS
  lock
  install_prometheus
  build_etcd
  build_kube
  build_karmada
  build_thanos
  log "ready in $((SECONDS - start))s: $BIN ($(ls "$BIN" | tr '\n' ' ')), $KARMADA_BIN ($(ls "$KARMADA_BIN" | tr '\n' ' ')), $THANOS_BIN"
  echo "$BIN"
}

main "$@"
