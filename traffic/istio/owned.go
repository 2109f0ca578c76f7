package istio

import (
	"fmt"

	"google.golang.org/protobuf/proto"
	networkingv1 "istio.io/client-go/pkg/apis/networking/v1"

	"github.com/fleetkit/fleetkit/traffic"
)

// parse reads the split vs routes, as ParseSplit does, and also refuses routes whose timeout or
// retries are not the Router's Policy: every write of the routes restores the Policy's, so a
// timeout or retry policy changed by someone else would be replaced without a word.
func (r *Router) parse(vs *networkingv1.VirtualService) (traffic.Split, error) {
	split, err := ParseSplit(vs, r.opts.Service)
	if err != nil {
		return split, err
	}
	timeout, retries := durationOf(r.opts.Policy.Timeout.Duration), httpRetry(r.opts.Policy.Retries)
	for _, route := range vs.Spec.Http {
		field := ""
		switch {
		case !proto.Equal(route.GetTimeout(), timeout):
			field = "timeout"
		case !proto.Equal(route.GetRetries(), retries):
			field = "retries"
		}
		if field != "" {
			return traffic.Split{}, &RoutesError{Namespace: vs.Namespace, Name: vs.Name, Reason: fmt.Sprintf(
				"route %q: its %s is not the Router's policy, which every write of the routes would restore", route.GetName(), field)}
		}
	}
	return split, nil
}
