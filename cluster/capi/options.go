package capi

import (
	"fmt"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"
)

// DefaultKubeVIPImage is the kube-vip image used when Options.KubeVIPImage is empty.
const DefaultKubeVIPImage = "ghcr.io/kube-vip/kube-vip:v0.8.0"

// Options configures Render.
type Options struct {
	// Namespace is where the objects live, a DNS-1123 label; empty means "default".
	Namespace string
	// KubeVIPImage is the kube-vip image of the VIP static pod; empty means DefaultKubeVIPImage.
	KubeVIPImage string
}

// validate refuses options the API server would refuse in every rendered object.
func (o Options) validate() error {
	if o.Namespace == "" {
		return nil
	}
	if msgs := validation.IsDNS1123Label(o.Namespace); len(msgs) > 0 {
		return &RenderError{Field: "namespace", Err: ErrInvalidOptions,
			Reason: fmt.Sprintf("%q is not a valid namespace (a DNS-1123 label): %s", o.Namespace, strings.Join(msgs, "; "))}
	}
	return nil
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
