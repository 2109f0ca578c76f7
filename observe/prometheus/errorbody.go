package prometheus

import (
	"encoding/json"

	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
)

// apiErrorBody is the error envelope of the Prometheus HTTP API, which Thanos Query writes too.
type apiErrorBody struct {
	Status    string           `json:"status"`
	ErrorType promv1.ErrorType `json:"errorType"`
	Error     string           `json:"error"`
}

// withServerCause returns err with the server's own errorType and message when err is client_golang's
// generic error for a status other than 400 and 422 whose body is an API error envelope. Prometheus
// answers a query timeout with 503 (Thanos also a cancellation), a storage error with 500 — with
// partial_response=false, Thanos' error names the store that failed — and a cancellation with 499;
// client_golang decodes only 400 and 422 bodies and reports the others as "server_error: server error:
// 503", keeping the cause in Detail, which Error() does not print. The body stays in Detail. Any
// other error, a wrapped one included, is returned as it is.
func withServerCause(err error) error {
	pe, ok := err.(*promv1.Error) //nolint:errorlint // only client_golang's own error is rewritten, never a caller's wrapper
	if !ok || (pe.Type != promv1.ErrServer && pe.Type != promv1.ErrClient) || pe.Detail == "" {
		return err
	}
	var body apiErrorBody
	if json.Unmarshal([]byte(pe.Detail), &body) != nil || body.Status != "error" || body.Error == "" {
		return err
	}
	typ := body.ErrorType
	if typ == "" {
		typ = pe.Type
	}
	return &promv1.Error{Type: typ, Msg: body.Error, Detail: pe.Detail}
}
