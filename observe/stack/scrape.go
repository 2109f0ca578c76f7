package stack

import (
	"time"

	"github.com/fleetkit/fleetkit/observe"
)

// DefaultScrapeInterval is the scrape interval of every planned Prometheus: Replica.PrometheusConfig
// renders it as global.scrape_interval and promop sets it as the Prometheus' spec.scrapeInterval
// (prometheus-operator's default too). Prometheus' own default, 1m, would leave observe's default
// 1m rate window one sample, and rate() needs two. A canary whose series are scraped at another
// interval (a job or ServiceMonitor of its own) says so in CanarySLO.ScrapeInterval.
const DefaultScrapeInterval = 30 * time.Second

// window is the rate window of the SLO's queries.
func (c CanarySLO) window() time.Duration {
	if c.Interval == 0 {
		return observe.DefaultInterval
	}
	return c.Interval
}

// scrapeInterval is the interval at which the series the SLO's queries read are scraped.
func (c CanarySLO) scrapeInterval() time.Duration {
	if c.ScrapeInterval == 0 {
		return DefaultScrapeInterval
	}
	return c.ScrapeInterval
}

// windowProblem refuses a rate window shorter than two scrape intervals: rate() needs two samples
// in its window, so with fewer the recording rule records nothing, and an alert comparing nothing
// never fires. The no-data alert would not catch it either: depending on where the samples fall, a
// window that sometimes holds two samples records now and then, which resets the alert's for.
func (c CanarySLO) windowProblem(field string) *ValidationError {
	window, scrape := c.window(), c.scrapeInterval()
	if window >= 2*scrape {
		return nil
	}
	return invalid(field+".interval", "rate window %s is shorter than two scrape intervals (2 × %s): rate() needs two samples "+
		"in its window, so the SLO would record nothing and its alerts could never fire; use %s or more",
		observe.FormatDuration(window), observe.FormatDuration(scrape), observe.FormatDuration(2*scrape))
}
