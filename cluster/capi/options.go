package capi

// DefaultKubeVIPImage is the kube-vip image used when Options.KubeVIPImage is empty.
const DefaultKubeVIPImage = "ghcr.io/kube-vip/kube-vip:v0.8.0"

// Options configures Render.
type Options struct {
	// Namespace is where the objects live; empty means "default".
	Namespace string
	// KubeVIPImage is the kube-vip image of the VIP static pod; empty means DefaultKubeVIPImage.
	KubeVIPImage string
}

func (o Options) namespace() string {
	if o.Namespace == "" {
		return "default"
	}
	return o.Namespace
}

func (o Options) kubeVIPImage() string {
	if o.KubeVIPImage == "" {
		return DefaultKubeVIPImage
	}
	return o.KubeVIPImage
}
