package prometheus_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// stubQuerier stands in for a Thanos Query over clusters a and c: the
// answer is a fleet-wide sum, the probe sees a and c, and /api/v1/stores
// lists their sidecars.
func stubQuerier() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/api/v1/stores"):
			_, _ = fmt.Fprint(w, `{"status":"success","data":{"sidecar":[`+
				`{"name":"a:10901","lastError":null,"labelSets":[{"cluster":"a"}]},`+
				`{"name":"c:10901","lastError":null,"labelSets":[{"cluster":"c"}]}]}}`)
		case r.FormValue("query") == "count by (cluster) (up)":
			_, _ = fmt.Fprint(w, `{"status":"success","data":{"resultType":"vector","result":[`+
				`{"metric":{"cluster":"a"},"value":[1,"3"]},{"metric":{"cluster":"c"},"value":[1,"2"]}]}}`)
		default:
			_, _ = fmt.Fprint(w, `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"240"]}]}}`)
		}
	}))
}

// A fleet-wide sum over a Querier that lost cluster b: strict mode (the
// default) refuses the number, lenient mode returns it with its coverage.
func ExampleGlobal_Do() {
	srv := stubQuerier()
	defer srv.Close()
	query := `sum(rate(http_requests_total[5m]))`
	for _, lenient := range []bool{false, true} {
		g, err := prometheus.NewGlobalForAddress(srv.URL, prometheus.GlobalOptions{
			Clusters: []string{"a", "b", "c"}, Lenient: lenient})
		if err != nil {
			panic(err)
		}
		v, cov, err := g.Do(context.Background(), query)
		fmt.Printf("lenient=%t: value %g, %s, partial error %t\n", lenient, v, cov, errors.Is(err, prometheus.ErrPartial))
	}
	// Output:
	// lenient=false: value 0, 2/3 clusters (missing b), partial error true
	// lenient=true: value 240, 2/3 clusters (missing b), partial error false
}
