package defaults

import (
	"reflect"

	corev1 "k8s.io/api/core/v1"
)

// Default file modes and token lifetime of kubernetes v1.35.4 pkg/apis/core/v1.
const (
	defaultVolumeMode      = int32(0o644)
	defaultTokenExpiration = int64(3600)
)

func volume(v *corev1.Volume) {
	if noVolumeSource(&v.VolumeSource) {
		v.EmptyDir = &corev1.EmptyDirVolumeSource{}
	}
	// ImageVolume is beta and on by default in 1.35.
	if v.Image != nil && v.Image.PullPolicy == "" {
		v.Image.PullPolicy = pullPolicy(v.Image.Reference)
	}
	if v.HostPath != nil && v.HostPath.Type == nil {
		unset := corev1.HostPathUnset
		v.HostPath.Type = &unset
	}
	if v.Secret != nil {
		defaultMode(&v.Secret.DefaultMode)
	}
	if v.ConfigMap != nil {
		defaultMode(&v.ConfigMap.DefaultMode)
	}
	if v.DownwardAPI != nil {
		defaultMode(&v.DownwardAPI.DefaultMode)
		downwardAPIItems(v.DownwardAPI.Items)
	}
	if v.Projected != nil {
		projected(v.Projected)
	}
	if v.Ephemeral != nil && v.Ephemeral.VolumeClaimTemplate != nil {
		claimSpec(&v.Ephemeral.VolumeClaimTemplate.Spec)
	}
	legacyVolumeSources(&v.VolumeSource)
}

// noVolumeSource reports whether no source of a volume is set; every field of VolumeSource is a pointer.
func noVolumeSource(s *corev1.VolumeSource) bool {
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			return false
		}
	}
	return true
}

func defaultMode(m **int32) {
	if *m == nil {
		mode := defaultVolumeMode
		*m = &mode
	}
}

func downwardAPIItems(items []corev1.DownwardAPIVolumeFile) {
	for i := range items {
		fieldSelector(items[i].FieldRef)
	}
}

func projected(p *corev1.ProjectedVolumeSource) {
	defaultMode(&p.DefaultMode)
	for i := range p.Sources {
		s := &p.Sources[i]
		if s.DownwardAPI != nil {
			downwardAPIItems(s.DownwardAPI.Items)
		}
		if s.ServiceAccountToken != nil && s.ServiceAccountToken.ExpirationSeconds == nil {
			expiration := defaultTokenExpiration
			s.ServiceAccountToken.ExpirationSeconds = &expiration
		}
		// ClusterTrustBundleProjection and PodCertificateRequest are off by default in 1.35: the API server
		// drops these sources on create.
		s.ClusterTrustBundle = nil
		s.PodCertificate = nil
	}
}

// claimSpec defaults a PersistentVolumeClaimSpec (ephemeral volumes, StatefulSet claim templates).
func claimSpec(s *corev1.PersistentVolumeClaimSpec) {
	if s.VolumeMode == nil {
		mode := corev1.PersistentVolumeFilesystem
		s.VolumeMode = &mode
	}
	resourceList(s.Resources.Limits)
	resourceList(s.Resources.Requests)
}

// legacyVolumeSources applies the declarative defaults of the in-tree volume plugins.
func legacyVolumeSources(s *corev1.VolumeSource) {
	if s.ISCSI != nil && s.ISCSI.ISCSIInterface == "" {
		s.ISCSI.ISCSIInterface = "default"
	}
	if r := s.RBD; r != nil {
		setIfEmpty(&r.RBDPool, "rbd")
		setIfEmpty(&r.RadosUser, "admin")
		setIfEmpty(&r.Keyring, "/etc/ceph/keyring")
	}
	if a := s.AzureDisk; a != nil {
		if a.CachingMode == nil {
			mode := corev1.AzureDataDiskCachingReadWrite
			a.CachingMode = &mode
		}
		if a.FSType == nil {
			fs := "ext4"
			a.FSType = &fs
		}
		if a.ReadOnly == nil {
			a.ReadOnly = new(bool)
		}
		if a.Kind == nil {
			kind := corev1.AzureSharedBlobDisk
			a.Kind = &kind
		}
	}
	if s.ScaleIO != nil {
		setIfEmpty(&s.ScaleIO.StorageMode, "ThinProvisioned")
		setIfEmpty(&s.ScaleIO.FSType, "xfs")
	}
}

func setIfEmpty(s *string, value string) {
	if *s == "" {
		*s = value
	}
}
