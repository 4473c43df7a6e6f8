// Package metrics keeps the app's Prometheus registry: HTTP request counts
// and latencies by route and status, requests in flight, dependency health,
// and the Go runtime.
package metrics

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics is one registry per server, so tests can run several servers in
// one process without colliding on global state.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	inFlight prometheus.Gauge
	charts   prometheus.Counter
	readings *prometheus.CounterVec
	depUp    *prometheus.GaugeVec
	ready    prometheus.Gauge
}

// New registers the HTTP and runtime collectors.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests by method, route pattern and status code.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time until the handler returned (streams: until the stream started), by method and route pattern.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"method", "route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_requests_in_flight",
			Help: "HTTP requests being handled now.",
		}),
		charts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "bazi_charts_computed_total",
			Help: "Charts computed (JSON API and chart pages) by this instance.",
		}),
		readings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bazi_ai_readings_total",
			Help: "Readings through an AI provider by how they ended: ok, fallback (the built-in reader finished it; reason says why), client_gone or error.",
		}, []string{"provider", "outcome", "reason"}),
		depUp: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "bazi_dependency_up",
			Help: "1 when the dependency (database, redis) answered its last background check, 0 when it did not or is not connected yet.",
		}, []string{"dependency"}),
		ready: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "bazi_ready",
			Help: "1 when start-up has finished and every dependency answered its last background check (what /ready would answer 200 to), else 0.",
		}),
	}
	m.Registry.MustRegister(m.requests, m.latency, m.inFlight, m.charts, m.readings, m.depUp, m.ready,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// Begin counts a request in flight; call the returned func when it ends.
func (m *Metrics) Begin() func() {
	m.inFlight.Inc()
	return m.inFlight.Dec
}

// Observe records one finished request. route must be the pattern
// ("/charts/:id"), never the raw path, to keep label cardinality bounded.
func (m *Metrics) Observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(method, route).Observe(d.Seconds())
}

// ReadingFinished counts one reading through an AI provider; the reason is
// set for fallbacks only, so the label set stays small.
func (m *Metrics) ReadingFinished(provider, outcome, reason string) {
	m.readings.WithLabelValues(provider, outcome, reason).Inc()
}

// SetDependencyUp records the outcome of a dependency's latest check.
func (m *Metrics) SetDependencyUp(dependency string, up bool) {
	m.depUp.WithLabelValues(dependency).Set(boolValue(up))
}

// SetReady records whether this instance is ready to serve.
func (m *Metrics) SetReady(ready bool) { m.ready.Set(boolValue(ready)) }

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
