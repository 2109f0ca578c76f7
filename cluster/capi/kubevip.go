package capi

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/fleetkit/fleetkit/cluster"
)

const (
	kubeVIPManifestPath = "/etc/kubernetes/manifests/kube-vip.yaml"
	adminConf           = "/etc/kubernetes/admin.conf"
	superAdminConf      = "/etc/kubernetes/super-admin.conf"
)

// kubeVIPConfSwitch returns the shell command that points kube-vip's kubeconfig mount from one
// file to another on the machine running kubeadm init. Since Kubernetes v1.29 kubeadm's admin.conf
// only gains its RBAC binding after the API server is reachable, which on that machine is kube-vip's
// job; /run/kubeadm/kubeadm.yaml exists only there (joining machines get kubeadm-join-config.yaml),
// so only there does kube-vip start with super-admin.conf, switched back once init has finished.
func kubeVIPConfSwitch(from, to string) string {
	return fmt.Sprintf("if [ -f /run/kubeadm/kubeadm.yaml ]; then sed -i 's#path: %s#path: %s#' %s; fi",
		from, to, kubeVIPManifestPath)
}

// kubeVIPManifest renders kube-vip's static pod: ARP announcement of the VIP with leader election
// among the control-plane machines, using the node's kubeconfig.
func kubeVIPManifest(cp cluster.ControlPlane, image string) string {
	hostPath := corev1.HostPathFile
	pod := corev1.Pod{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
		ObjectMeta: metav1.ObjectMeta{Name: "kube-vip", Namespace: "kube-system"},
		Spec: corev1.PodSpec{
			HostNetwork: true,
			HostAliases: []corev1.HostAlias{{IP: "127.0.0.1", Hostnames: []string{"kubernetes"}}},
			Containers: []corev1.Container{{
				Name: "kube-vip", Image: image, ImagePullPolicy: corev1.PullIfNotPresent,
				Args: []string{"manager"},
				Env:  kubeVIPEnv(cp),
				SecurityContext: &corev1.SecurityContext{Capabilities: &corev1.Capabilities{
					Add: []corev1.Capability{"NET_ADMIN", "NET_RAW"},
				}},
				VolumeMounts: []corev1.VolumeMount{{Name: "kubeconfig", MountPath: adminConf}},
			}},
			Volumes: []corev1.Volume{{Name: "kubeconfig", VolumeSource: corev1.VolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: adminConf, Type: &hostPath},
			}}},
		},
	}
	// A corev1.Pod always marshals; the error is impossible.
	b, _ := yaml.Marshal(pod)
	return string(b)
}

func kubeVIPEnv(cp cluster.ControlPlane) []corev1.EnvVar {
	env := []corev1.EnvVar{
		{Name: "vip_arp", Value: "true"},
		{Name: "port", Value: strconv.Itoa(int(cp.APIServerPort()))},
		{Name: "address", Value: cp.VIP},
		{Name: "cp_enable", Value: "true"},
		{Name: "cp_namespace", Value: "kube-system"},
		{Name: "vip_leaderelection", Value: "true"},
		{Name: "vip_leasename", Value: "plndr-cp-lock"},
		{Name: "vip_leaseduration", Value: "5"},
		{Name: "vip_renewdeadline", Value: "3"},
		{Name: "vip_retryperiod", Value: "1"},
	}
	if cp.Interface != "" {
		env = append(env, corev1.EnvVar{Name: "vip_interface", Value: cp.Interface})
	}
	return env
}
