// Package capi renders a cluster.ClusterSpec into Cluster API objects: a v1beta2 Cluster, a
// KubeadmControlPlane, one MachineDeployment and KubeadmConfigTemplate per worker pool, and the
// infrastructure objects of the Docker provider (CAPD), the local default.
//
// Upgrades and scaling are carried out by rendering the changed spec (see cluster.PlanUpgrade,
// cluster.UpgradeStep.Apply and cluster.PlanScale) and applying the result: only versions and
// replica counts change between renders, object names and templates stay stable. An upgrade step
// changes either the KubeadmControlPlane or MachineDeployments, and its render is applied only
// once the previous step has rolled out (the gate is documented on cluster.UpgradeStep).
//
// CAPD's Go module (sigs.k8s.io/cluster-api/test) is not in this module's dependency graph, so the
// DockerCluster and DockerMachineTemplates are emitted as unstructured objects following CAPD's
// infrastructure.cluster.x-k8s.io/v1beta2 schema (the version CAPD serves since Cluster API v1.11;
// the types are in test/infrastructure/docker/api/v1beta2 of kubernetes-sigs/cluster-api at v1.13.6).
// The Cluster API objects are created on a real API server with Cluster API's CRDs by the integration
// test; the CAPD objects, whose CRDs are not installed, are pinned by golden files.
//
// When the spec names a control-plane VIP, kube-vip runs as a static pod on every control-plane
// machine and announces the VIP with ARP leader election, and kube-apiserver binds the spec's port.
// Without one, CAPD's load balancer is the endpoint: it listens on the spec's port and forwards to
// 6443 on every member, where kube-apiserver then stays.
package capi
