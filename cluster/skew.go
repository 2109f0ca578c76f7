package cluster

// KubeletSkew returns how many minor versions a kubelet may lag behind a control plane of version
// cp. Kubernetes widened the window from two to three minors in v1.28 (KEP-3935); a kubelet may
// never be newer than the kube-apiserver.
func KubeletSkew(cp Version) int {
	if cp.Minor >= 28 {
		return 3
	}
	return 2
}

func checkSkew(field string, kubelet, cp Version) error {
	if kubelet.Compare(cp) > 0 {
		return invalidAs(ErrVersionSkew, field, "kubelet %s is newer than the control plane %s", kubelet, cp)
	}
	if behind := kubelet.MinorsBehind(cp); behind > KubeletSkew(cp) {
		return invalidAs(ErrVersionSkew, field, "kubelet %s is %d minors behind the control plane %s (at most %d allowed)",
			kubelet, behind, cp, KubeletSkew(cp))
	}
	return nil
}
