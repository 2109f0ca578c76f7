package capi_test

import (
	"fmt"

	"github.com/fleetkit/fleetkit/cluster"
	"github.com/fleetkit/fleetkit/cluster/capi"
)

func ExampleRender() {
	objs, err := capi.Render(cluster.Sample(), capi.Options{Namespace: "clusters"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, obj := range objs.All() {
		gvk := obj.GetObjectKind().GroupVersionKind()
		fmt.Printf("%s/%s %s\n", gvk.GroupVersion(), gvk.Kind, obj.GetName())
	}
	// Output:
	// infrastructure.cluster.x-k8s.io/v1beta2/DockerCluster onprem-idc
	// infrastructure.cluster.x-k8s.io/v1beta2/DockerMachineTemplate onprem-idc-control-plane
	// infrastructure.cluster.x-k8s.io/v1beta2/DockerMachineTemplate onprem-idc-general
	// cluster.x-k8s.io/v1beta2/Cluster onprem-idc
	// controlplane.cluster.x-k8s.io/v1beta2/KubeadmControlPlane onprem-idc-control-plane
	// bootstrap.cluster.x-k8s.io/v1beta2/KubeadmConfigTemplate onprem-idc-general
	// cluster.x-k8s.io/v1beta2/MachineDeployment onprem-idc-general
}

func ExampleRender_invalidVersion() {
	s := cluster.Sample()
	s.Version = "v1.99.0"
	_, err := capi.Render(s, capi.Options{})
	fmt.Println(err)
	// Output:
	// capi: render "onprem-idc": cluster: invalid version: v1.99.0 is outside the supported window v1.29–v1.35
}
