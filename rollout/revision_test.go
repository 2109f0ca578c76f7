package rollout_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/fleetkit/fleetkit/rollout"
)

func podTemplate(image string) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"app": "recommender"}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: image}}},
	}
}

func TestRevisionOfIsStableAndContentBased(t *testing.T) {
	a, err := rollout.RevisionOf(podTemplate("recommender:2.0"))
	require.NoError(t, err)
	again, err := rollout.RevisionOf(podTemplate("recommender:2.0"))
	require.NoError(t, err)
	other, err := rollout.RevisionOf(podTemplate("recommender:2.1"))
	require.NoError(t, err)
	assert.Equal(t, a, again)
	assert.NotEqual(t, a, other)
	assert.Len(t, a, 16)
}

// A template serialised by a newer client or server carries fields this one
// does not know, set to empty values; key order differs too. None of that is
// a new revision.
func TestRevisionOfIgnoresNewEmptyFieldsAndKeyOrder(t *testing.T) {
	base, err := rollout.RevisionOf(podTemplate("recommender:2.0"))
	require.NoError(t, err)
	newer := `{"spec":{"containers":[{"image":"recommender:2.0","name":"app","futureProbe":null,
		"resizePolicy":[],"securityContext":{}}],"hostnameOverride":""},
		"metadata":{"creationTimestamp":null,"labels":{"app":"recommender"},"annotations":{}}}`
	got, err := rollout.RevisionOfJSON([]byte(newer))
	require.NoError(t, err)
	assert.Equal(t, base, got)

	withReplicasNumber := `{"metadata":{"labels":{"app":"recommender"}},"spec":{"containers":[{"name":"app","image":"recommender:2.0"}],"terminationGracePeriodSeconds":30}}`
	same := `{"spec":{"terminationGracePeriodSeconds":30.0,"containers":[{"image":"recommender:2.0","name":"app"}]},"metadata":{"labels":{"app":"recommender"}}}`
	x, err := rollout.RevisionOfJSON([]byte(withReplicasNumber))
	require.NoError(t, err)
	y, err := rollout.RevisionOfJSON([]byte(same))
	require.NoError(t, err)
	assert.Equal(t, x, y, "30 and 30.0 are the same number")
	assert.NotEqual(t, base, x, "a set field is content")
}

func TestRevisionOfMatchesStructAndJSON(t *testing.T) {
	tmpl := podTemplate("recommender:3.0")
	data, err := json.Marshal(tmpl)
	require.NoError(t, err)
	fromJSON, err := rollout.RevisionOfJSON(data)
	require.NoError(t, err)
	fromStruct, err := rollout.RevisionOf(tmpl)
	require.NoError(t, err)
	assert.Equal(t, fromStruct, fromJSON)

	_, err = rollout.RevisionOfJSON([]byte("{not json"))
	assert.Error(t, err)
}
