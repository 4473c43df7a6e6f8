package server_test

import (
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// BenchmarkLoad drives a real server on loopback with 64 concurrent
// connections, as `make bench-load` runs it, and reports requests per
// second and p50/p99 latency for the JSON chart API and the chart page.
// Run with a request count: go test -run '^$' -bench Load -benchtime 20000x.
func BenchmarkLoad(b *testing.B) {
	// All load comes from one address: keep the per-IP limits counting (their
	// cost is part of the figure) with a budget the run cannot use up.
	limits := server.DefaultLimits()
	limits.ChartAPIPerIP = server.Rate{Limit: 1 << 30, Window: time.Minute}
	app := testutil.StartApp(b, testutil.WithEnv("LOG_LEVEL", "warn"), testutil.WithServerOptions(server.WithLimits(limits)))
	const conns = 64
	births := []string{
		`{"date":"1988-02-15","time":"23:30","tz":"Asia/Shanghai","gender":"male"}`,
		`{"date":"1975-08-20","time":"06:05","tz":"America/New_York","gender":"female","luck_method":"days"}`,
		`{"date":"2005-12-23","time":"08:37","tz":"+08:00","gender":"male","zi_rule":"split","lon":116.4,"true_solar_time":true}`,
	}
	pages := []string{
		"/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male",
		"/chart?date=1975-08-20&time=06%3A05&tz=America%2FNew_York&gender=female",
		"/chart?date=2005-12-23&time=08%3A37&tz=%2B08%3A00&gender=male&zi_rule=split",
	}
	for _, bc := range []struct {
		name string
		do   func(c *http.Client, i int) (*http.Response, error)
	}{
		{"chart-api", func(c *http.Client, i int) (*http.Response, error) {
			return c.Post(app.URL+"/api/v1/chart", "application/json", strings.NewReader(births[i%len(births)]))
		}},
		{"chart-page", func(c *http.Client, i int) (*http.Response, error) {
			return c.Get(app.URL + pages[i%len(pages)])
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			client := &http.Client{Transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, DisableCompression: true}}
			defer client.CloseIdleConnections()
			var next atomic.Int64
			lat := make([][]time.Duration, conns)
			var failed atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w := 0; w < conns; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					for {
						i := int(next.Add(1)) - 1
						if i >= b.N {
							return
						}
						t0 := time.Now()
						res, err := bc.do(client, i)
						if err != nil {
							failed.Add(1)
							continue
						}
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != 200 {
							failed.Add(1)
						}
						lat[w] = append(lat[w], time.Since(t0))
					}
				}(w)
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			if n := failed.Load(); n > 0 {
				b.Fatalf("%d requests failed", n)
			}
			var all []time.Duration
			for _, l := range lat {
				all = append(all, l...)
			}
			sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
			if len(all) == 0 {
				return
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
