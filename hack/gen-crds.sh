#!/usr/bin/env bash
# gen-crds.sh regenerates the CRDs that no pinned module ships, from the pinned Go types, with
# controller-gen, into internal/testenv/crds/generated/. Run it through `go generate ./internal/testenv`.
#   - Karmada Cluster (cluster.karmada.io/v1alpha1): Karmada serves it from its aggregated API server, so
#     its module has no CRD; the types carry no +kubebuilder:object:root marker, so a copy of the
#     package with that one marker added is generated from (nothing else changes).
#   - Volcano Job/PodGroup (batch.volcano.sh/v1alpha1, scheduling.volcano.sh/v1beta1): volcano.sh/apis
#     has the types but not the CRDs, and the volcano.sh/volcano module that ships them is not served.
#   - prometheus-operator Prometheus, PrometheusRule and ServiceMonitor (monitoring.coreos.com/v1): the
#     pkg/apis/monitoring module has the types but not the CRDs (the operator's repository bundles
#     them, and that module is not a dependency). Descriptions are dropped (maxDescLen=0): the
#     Prometheus CRD with them is near etcd's object size limit and the tests need only the schema.
set -euo pipefail

CONTROLLER_TOOLS=${CONTROLLER_TOOLS:-v0.19.0}
KARMADA=${KARMADA:-v1.17.1}
VOLCANO_APIS=${VOLCANO_APIS:-v1.14.0}
PROMETHEUS_OPERATOR=${PROMETHEUS_OPERATOR:-v0.91.0}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/internal/testenv/crds/generated"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
go mod init fleetkit.local/crdgen >/dev/null 2>&1
go mod edit -go=1.26 -require="sigs.k8s.io/controller-tools@$CONTROLLER_TOOLS" \
  -require="github.com/karmada-io/karmada@$KARMADA" -require="volcano.sh/apis@$VOLCANO_APIS" \
  -require="github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring@$PROMETHEUS_OPERATOR"
cat > tools.go <<'GO'
//go:build tools

package crdgen

import (
	_ "github.com/karmada-io/karmada/pkg/apis/cluster/v1alpha1"
	_ "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	_ "sigs.k8s.io/controller-tools/cmd/controller-gen"
	_ "volcano.sh/apis/pkg/apis/batch/v1alpha1"
	_ "volcano.sh/apis/pkg/apis/scheduling/v1beta1"
)
GO
go mod tidy >/dev/null 2>&1 || go mod tidy -e >/dev/null
go build -o controller-gen sigs.k8s.io/controller-tools/cmd/controller-gen

# Karmada Cluster: copy the package and add the root marker controller-gen needs.
kdir=$(go list -m -f '{{.Dir}}' github.com/karmada-io/karmada)
mkdir -p karmadacluster
cp "$kdir"/pkg/apis/cluster/v1alpha1/*.go karmadacluster/
rm -f karmadacluster/*_test.go
sed -i 's|^// +genclient:nonNamespaced$|// +genclient:nonNamespaced\n// +kubebuilder:object:root=true|' karmadacluster/types.go

rm -rf "$out" && mkdir -p "$out"
./controller-gen crd:crdVersions=v1,allowDangerousTypes=true paths=./karmadacluster/... output:crd:dir="$out"
./controller-gen crd:crdVersions=v1,allowDangerousTypes=true \
  paths=volcano.sh/apis/pkg/apis/batch/v1alpha1 paths=volcano.sh/apis/pkg/apis/scheduling/v1beta1 output:crd:dir="$out"
rm -f "$out"/batch.volcano.sh_cronjobs.yaml
./controller-gen crd:crdVersions=v1,maxDescLen=0 \
  paths=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1 output:crd:dir="$out"
for kind in alertmanagers podmonitors probes thanosrulers; do
  rm -f "$out/monitoring.coreos.com_$kind.yaml"
done
ls "$out"
