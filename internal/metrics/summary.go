package metrics

import (
	"fmt"
	"strings"
)

// ChartComputed counts one computed chart.
func (m *Metrics) ChartComputed() { m.charts.Inc() }

// Summary is what the admin overview reads back from the registry: totals
// since this instance started.
type Summary struct {
	Requests       int64 // http_requests_total, every route and status
	ServerErrors   int64 // of which 5xx
	ChartsComputed int64 // bazi_charts_computed_total
}

// Summarize gathers the registry and adds up the request and chart counters.
func (m *Metrics) Summarize() (Summary, error) {
	families, err := m.Registry.Gather()
	if err != nil {
		return Summary{}, fmt.Errorf("gather metrics: %w", err)
	}
	var s Summary
	for _, f := range families {
		switch f.GetName() {
		case "http_requests_total":
			for _, mt := range f.GetMetric() {
				n := int64(mt.GetCounter().GetValue())
				s.Requests += n
				for _, l := range mt.GetLabel() {
					if l.GetName() == "status" && strings.HasPrefix(l.GetValue(), "5") {
						s.ServerErrors += n
					}
				}
			}
		case "bazi_charts_computed_total":
			for _, mt := range f.GetMetric() {
				s.ChartsComputed += int64(mt.GetCounter().GetValue())
			}
		}
	}
	return s, nil
}
