// Package testenv is fleetkit's real integration test environment: a real kube-apiserver and etcd
// started through controller-runtime's envtest with the real CRDs of Karmada, Cluster API, Istio and
// Volcano installed, and a real Prometheus on a free loopback port.
//
// The binaries are built once by hack/setup-testenv.sh (`make testenv`) into
// $HOME/.cache/fleetkit/testbin/<kubernetes version>/ (override with FLEETKIT_TESTBIN or
// KUBEBUILDER_ASSETS); Prometheus is Debian's package. When a binary is missing, Start fails with a
// message naming the setup command: integration tests never skip.
//
// CRDs come from the module cache of the pinned modules (see CRDSet), except the two no module ships,
// which are generated from the pinned Go types by hack/gen-crds.sh into crds/generated/.
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
