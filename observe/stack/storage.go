package stack

import "regexp"

// StorageType is a Thanos object storage provider, as the objstore.yml "type" field names it.
type StorageType string

// The supported storage types (github.com/thanos-io/objstore, as thanos v0.42.4 links it).
const (
	// Filesystem stores blocks in a local directory: for tests and single-node setups only.
	Filesystem StorageType = "FILESYSTEM"
	// S3 stores blocks in an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, OSS in S3 mode, ...).
	S3 StorageType = "S3"
)

// Storage is the object storage the sidecars upload blocks to; exactly the section of Type is read.
type Storage struct {
	Type StorageType `json:"type"`
	// Directory is the FILESYSTEM bucket directory.
	Directory string `json:"directory,omitempty"`
	// S3 is the S3 bucket.
	S3 S3Storage `json:"s3,omitzero"`
}

// S3Storage is an S3 bucket. Credentials are never part of the plan: either both AccessKeyEnv and
// SecretKeyEnv name environment variables of the sidecar, which Thanos substitutes into the file
// when it reads it ($(NAME), extflag's env substitution in thanos v0.42.4), or neither is set and
// the sidecar uses the AWS credential chain (environment, web identity, instance role).
type S3Storage struct {
	Bucket   string `json:"bucket"`
	Endpoint string `json:"endpoint"`
	Region   string `json:"region,omitempty"`
	// Insecure uses plain HTTP to the endpoint (a MinIO in a test cluster).
	Insecure bool `json:"insecure,omitempty"`
	// AccessKeyEnv and SecretKeyEnv name the environment variables holding the key pair.
	AccessKeyEnv string `json:"accessKeyEnv,omitempty"`
	SecretKeyEnv string `json:"secretKeyEnv,omitempty"`
}

// envName matches what Thanos substitutes: $(NAME) with NAME of [a-zA-Z_0-9]+; a leading digit is
// refused too, as no shell can set such a variable.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// bucketName is S3's bucket naming rule.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

func (s Storage) problems(field string) []*ValidationError {
	switch s.Type {
	case Filesystem:
		if s.Directory == "" {
			return []*ValidationError{invalid(field+".directory", "must be set for type FILESYSTEM")}
		}
		return nil
	case S3:
		return s.S3.problems(field + ".s3")
	case "":
		return []*ValidationError{invalid(field+".type", "must be set: FILESYSTEM or S3")}
	}
	return []*ValidationError{invalid(field+".type", "must be FILESYSTEM or S3, got %q", s.Type)}
}

func (s S3Storage) problems(field string) []*ValidationError {
	var out []*ValidationError
	if !bucketName.MatchString(s.Bucket) {
		// minio-go, under objstore's S3 client, refuses other names before any request.
		out = append(out, invalid(field+".bucket", "must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, got %q", s.Bucket))
	}
	if s.Endpoint == "" {
		// objstore's s3.validate refuses an empty endpoint at sidecar start-up.
		out = append(out, invalid(field+".endpoint", "must be set (e.g. s3.us-east-1.amazonaws.com)"))
	}
	for _, env := range []struct{ field, value string }{{"accessKeyEnv", s.AccessKeyEnv}, {"secretKeyEnv", s.SecretKeyEnv}} {
		if env.value != "" && !envName.MatchString(env.value) {
			out = append(out, invalid(field+"."+env.field, "must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*), got %q", env.value))
		}
	}
	if (s.AccessKeyEnv == "") != (s.SecretKeyEnv == "") {
		out = append(out, invalid(field+".secretKeyEnv", "accessKeyEnv and secretKeyEnv are set together, or neither (the AWS credential chain)"))
	}
	return out
}
