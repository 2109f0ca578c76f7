package prometheus_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/fleetkit/fleetkit/observe"
	"github.com/fleetkit/fleetkit/observe/prometheus"
)

// stubPrometheus answers every instant query with one of three canned
// answers, chosen by the query text, standing in for a real server.
func stubPrometheus() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body string
		switch r.FormValue("query") {
		case "good":
			body = `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"99.5"]}]}}`
		case "idle":
			body = `{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"NaN"]}]}}`
		default:
			w.WriteHeader(http.StatusBadRequest)
			body = `{"status":"error","errorType":"bad_data","error":"parse error"}`
		}
		_, _ = w.Write([]byte(body))
	}))
}

// A Source maps every answer onto a sample; only a real number passes a
// threshold check.
func ExampleSource_Query() {
	srv := stubPrometheus()
	defer srv.Close()
	src, err := prometheus.NewForAddress(srv.URL, prometheus.Options{Timeout: 2 * time.Second})
	if err != nil {
		panic(err)
	}
	atLeast99 := observe.AtLeast(99)
	for _, expr := range []string{"good", "idle", "broken("} {
		s := src.Query(context.Background(), observe.Query{Metric: "request-success-rate", Expr: expr})
		fmt.Println(expr, s.Kind, s.Check(atLeast99))
	}
	// Output:
	// good value true
	// idle nodata false
	// broken( error false
}

// A fleet with one endpoint per cluster routes each query by its cluster
// and runs many at once, a few at a time.
func ExampleFleet_QueryAll() {
	srv := stubPrometheus()
	defer srv.Close()
	sh, _ := prometheus.NewForAddress(srv.URL, prometheus.Options{})
	fleet, err := prometheus.NewFleet(prometheus.FleetOptions{
		Members: map[string]*prometheus.Source{"serving-sh": sh}, Parallelism: 2})
	if err != nil {
		panic(err)
	}
	samples := fleet.QueryAll(context.Background(), []observe.Query{
		{Metric: "sr", Expr: "good", Cluster: "serving-sh"},
		{Metric: "sr", Expr: "good", Cluster: "edge-store-001"},
	})
	fmt.Println(samples[0], samples[1])
	// Output:
	// 99.5 error
}
