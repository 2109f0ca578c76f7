package stack

import (
	"time"

	"github.com/fleetkit/fleetkit/observe"
)

// DefaultScrapeInterval is the scrape interval of every planned Prometheus: Replica.PrometheusConfig
// renders it as global.scrape_interval and promop sets it as the Prometheus' spec.scrapeInterval
// (overriding prometheus-operator's 30s). It is a quarter of observe's default 1m rate window, the
// least margin RolloutRules accepts (see MinScrapesPerWindow). A canary whose series are scraped at
// another interval (a job or ServiceMonitor of its own) says so in CanarySLO.ScrapeInterval.
const DefaultScrapeInterval = 15 * time.Second

// MinScrapesPerWindow is how many scrape intervals a rate window must span at least. rate() needs
// two samples in its window; a window of exactly two intervals holds two, so one late or missed
// scrape leaves it one, the SLO records nothing for that evaluation, and its alerts' for restarts.
// Four is Prometheus' usual guidance (Grafana's $__rate_interval): a missed scrape, or two, and
// jitter still leave two samples.
const MinScrapesPerWindow = 4

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

// windowProblem refuses a rate window shorter than MinScrapesPerWindow scrape intervals: rate()
// needs two samples in its window, so a window that holds barely two records nothing whenever a
// scrape is late or missed, and each gap restarts the bound alert's for (the no-data alert, which
// waits longer, does not catch it either); shorter still, it records nothing at all.
func (c CanarySLO) windowProblem(field string) *ValidationError {
	window, scrape := c.window(), c.scrapeInterval()
	least := MinScrapesPerWindow * scrape
	if window >= least {
		return nil
	}
	return invalid(field+".interval", "rate window %s is shorter than %d scrape intervals (%d × %s): rate() needs two samples "+
		"in its window, and one late or missed scrape must not leave it fewer, or the SLO stops recording and its alerts' for "+
		"restarts; use %s or more",
		observe.FormatDuration(window), MinScrapesPerWindow, MinScrapesPerWindow, observe.FormatDuration(scrape), observe.FormatDuration(least))
}
