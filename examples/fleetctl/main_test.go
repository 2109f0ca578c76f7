package main

import (
	"path/filepath"
	"testing"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"

	"github.com/fleetkit/fleetkit/examples/fleetctl/internal/startup"
	"github.com/fleetkit/fleetkit/internal/testenv"
)

// env is the real kube-apiserver the commands that talk to clusters are tested against.
var env *testenv.Env

func TestMain(m *testing.M) {
	startup.Resume() // main does it in the binary; the tests run with the collector's usual settings
	testenv.Main(m, testenv.Options{CRDs: []testenv.CRDSet{testenv.Istio, testenv.KarmadaCluster}}, &env)
}

// writeKubeconfig writes a kubeconfig for cfg into a temp dir, as a user of fleetctl would have one.
func writeKubeconfig(t *testing.T, cfg *rest.Config) string {
	t.Helper()
	kc := clientcmdapi.NewConfig()
	kc.Clusters["test"] = &clientcmdapi.Cluster{Server: cfg.Host, CertificateAuthorityData: cfg.CAData}
	kc.AuthInfos["test"] = &clientcmdapi.AuthInfo{ClientCertificateData: cfg.CertData, ClientKeyData: cfg.KeyData, Token: cfg.BearerToken}
	kc.Contexts["test"] = &clientcmdapi.Context{Cluster: "test", AuthInfo: "test"}
	kc.CurrentContext = "test"
	path := filepath.Join(t.TempDir(), "kubeconfig")
	if err := clientcmd.WriteToFile(*kc, path); err != nil {
		t.Fatal(err)
	}
	return path
}
