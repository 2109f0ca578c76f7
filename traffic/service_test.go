package traffic_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/fleetkit/fleetkit/traffic"
)

func podinfo() traffic.Service {
	return traffic.Service{
		Name: "podinfo", Namespace: "test", Hosts: []string{"podinfo"},
		Primary: traffic.Backend{Host: "podinfo-primary"},
		Canary:  traffic.Backend{Host: "podinfo-canary"},
	}
}

func podinfoSubsets() traffic.Service {
	s := podinfo()
	s.Primary = traffic.Backend{Host: "podinfo", Subset: "stable", Labels: map[string]string{"version": "v1"}}
	s.Canary = traffic.Backend{Host: "podinfo", Subset: "canary", Labels: map[string]string{"version": "v2"}}
	return s
}

func TestServiceValidate(t *testing.T) {
	cases := map[string]struct {
		edit  func(*traffic.Service)
		field string
	}{
		"valid services":        {func(*traffic.Service) {}, ""},
		"valid subsets":         {func(s *traffic.Service) { *s = podinfoSubsets() }, ""},
		"bad name":              {func(s *traffic.Service) { s.Name = "Pod_Info" }, "service.name"},
		"bad namespace":         {func(s *traffic.Service) { s.Namespace = "" }, "service.namespace"},
		"no hosts":              {func(s *traffic.Service) { s.Hosts = nil }, "service.hosts"},
		"blank host":            {func(s *traffic.Service) { s.Hosts = []string{"a", " "} }, "service.hosts[1]"},
		"duplicate host":        {func(s *traffic.Service) { s.Hosts = []string{"a", "a"} }, "service.hosts[1]"},
		"port too big":          {func(s *traffic.Service) { s.Port = 70000 }, "service.port"},
		"primary host missing":  {func(s *traffic.Service) { s.Primary.Host = "" }, "service.primary.host"},
		"canary host with path": {func(s *traffic.Service) { s.Canary.Host = "a/b" }, "service.canary.host"},
		"same destination":      {func(s *traffic.Service) { s.Canary = s.Primary }, "service.canary"},
		"labels without subset": {func(s *traffic.Service) { s.Canary.Labels = map[string]string{"a": "b"} }, "service.canary.labels"},
		"subset without labels": {func(s *traffic.Service) { s.Canary.Subset = "canary" }, "service.canary.labels"},
		"bad subset name":       {func(s *traffic.Service) { *s = podinfoSubsets(); s.Canary.Subset = "Canary!" }, "service.canary.subset"},
		"bad label key":         {func(s *traffic.Service) { *s = podinfoSubsets(); s.Canary.Labels = map[string]string{"-x": "v"} }, "service.canary.labels"},
		"bad label value":       {func(s *traffic.Service) { *s = podinfoSubsets(); s.Canary.Labels = map[string]string{"x": "a b"} }, "service.canary.labels[x]"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			s := podinfo()
			tc.edit(&s)
			assertField(t, s.Validate(), tc.field)
		})
	}
}

func TestBackendStringAndSubsets(t *testing.T) {
	s := podinfoSubsets()
	assert.True(t, s.UsesSubsets())
	assert.Equal(t, "podinfo/canary", s.Canary.String())
	plain := podinfo()
	assert.False(t, plain.UsesSubsets())
	assert.Equal(t, "podinfo-canary", plain.Canary.String())
}

// assertField checks that err is nil when field is empty, and otherwise a
// *ValidationError naming field that matches ErrInvalid.
func assertField(t *testing.T, err error, field string) {
	t.Helper()
	if field == "" {
		require.NoError(t, err)
		return
	}
	require.Error(t, err)
	assert.ErrorIs(t, err, traffic.ErrInvalid)
	var ve *traffic.ValidationError
	require.True(t, errors.As(err, &ve), "want *ValidationError, got %T", err)
	assert.Contains(t, fieldsOf(err), field)
	assert.Contains(t, err.Error(), field)
}

// fieldsOf lists the fields of every *ValidationError err holds, in order.
func fieldsOf(err error) []string {
	if ve, ok := err.(*traffic.ValidationError); ok { //nolint:errorlint // the join tree is walked node by node
		return []string{ve.Field}
	}
	var fields []string
	if j, ok := err.(interface{ Unwrap() []error }); ok { //nolint:errorlint // the join tree is walked node by node
		for _, e := range j.Unwrap() {
			fields = append(fields, fieldsOf(e)...)
		}
	}
	return fields
}
