// Package testenv is fleetkit's real integration test environment: a real kube-apiserver and etcd
// started through controller-runtime's envtest with the real CRDs of Karmada, Cluster API, Istio and
// Volcano installed, and a real Prometheus on a free loopback port.
//
// The binaries are built once by hack/setup-testenv.sh (`make testenv`) into
// $HOME/.cache/fleetkit/testbin/<kubernetes version>/ (override with FLEETKIT_TESTBIN or
// KUBEBUILDER_ASSETS); Prometheus is Debian's package. When a binary is missing, Start fails with a
// message naming the setup command: integration tests never skip.
//
// The real Karmada runs against the same API server, which plays karmada-apiserver: Env.StartKarmada
// starts karmada-scheduler, karmada-controller-manager (with chosen controllers; its resource detector
// always runs) and karmada-webhook (its policy, binding and work admission webhooks registered with the
// API server, serving on a loopback port with a fresh certificate). The setup script builds them from
// the tool module hack/tools/karmada into $HOME/.cache/fleetkit/testbin/karmada-<version>/ (override
// with FLEETKIT_KARMADA_BIN); KarmadaVersion names the version.
//
// Thanos v0.42.4 is built by the same script from the tool module hack/tools/thanos into
// testbin/thanos-<version>/ (override with FLEETKIT_THANOS_BIN); StartThanos runs a Prometheus with a
// sidecar per member over a FILESYSTEM bucket, a store gateway and thanos query.
//
// CRDs come from the module cache of the pinned modules (see CRDSet), except those no module ships
// (Karmada's Cluster, Volcano's, prometheus-operator's Monitoring set), which are generated from the
// pinned Go types by hack/gen-crds.sh into crds/generated/.
//
// One environment per test package, started in TestMain:
//
//	var env *testenv.Env
//
//	func TestMain(m *testing.M) {
//		testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Karmada}}, &env)
//	}
package testenv

//go:generate ../../hack/gen-crds.sh
