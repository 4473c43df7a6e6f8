package server_test

import (
	"context"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/loadgen"
	"github.com/bazi-master/bazi-master/internal/server"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// BenchmarkLoad drives a real server on loopback with 64 concurrent
// keep-alive connections, as `make bench-load` runs it, and reports
// requests per second and p50/p99 latency for the JSON chart API and the
// chart page. The generator (internal/loadgen, fasthttp's client) costs
// about as little as wrk, so the figures are the server's; it shares the
// machine's cores with the app, PostgreSQL and Redis. Run with a request count:
// go test -run '^$' -bench Load -benchtime 20000x.
func BenchmarkLoad(b *testing.B) {
	// All load comes from one address: keep the per-IP limits counting (their
	// cost is part of the figure) with a budget the run cannot use up.
	// The garbage collector's target as `serve` sets it.
	server.TuneGC(os.Getenv)
	limits := server.DefaultLimits()
	limits.ChartAPIPerIP = server.Rate{Limit: 1 << 30, Window: time.Minute}
	app := testutil.StartApp(b, testutil.WithEnv("LOG_LEVEL", "warn"), testutil.WithServerOptions(server.WithLimits(limits)))
	u, err := url.Parse(app.URL)
	if err != nil {
		b.Fatal(err)
	}
	host := u.Host
	const conns = 64
	api := func(body string) loadgen.Request {
		return loadgen.Post(host, "/api/v1/chart", "application/json", []byte(body))
	}
	// Pages as wrk asks for them (no Accept-Encoding), which the targets
	// refer to, and as Chromium asks (the server answers gzip level 1).
	pageTargets := []string{
		"/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male",
		"/chart?date=1975-08-20&time=06%3A05&tz=America%2FNew_York&gender=female",
		"/chart?date=2005-12-23&time=08%3A37&tz=%2B08%3A00&gender=male&zi_rule=split",
	}
	pages := func(header ...string) []loadgen.Request {
		var reqs []loadgen.Request
		for _, t := range pageTargets {
			reqs = append(reqs, loadgen.Get(host, t, header...))
		}
		return reqs
	}
	for _, bc := range []struct {
		name string
		reqs []loadgen.Request
	}{
		{"chart-api", []loadgen.Request{
			api(`{"date":"1988-02-15","time":"23:30","tz":"Asia/Shanghai","gender":"male"}`),
			api(`{"date":"1975-08-20","time":"06:05","tz":"America/New_York","gender":"female","luck_method":"days"}`),
			api(`{"date":"2005-12-23","time":"08:37","tz":"+08:00","gender":"male","zi_rule":"split","lon":116.4,"true_solar_time":true}`),
		}},
		{"chart-page", pages()},
		{"chart-page-gzip", pages("Accept-Encoding", "gzip, deflate, br, zstd")},
	} {
		b.Run(bc.name, func(b *testing.B) {
			cpu0 := processCPU()
			res, err := loadgen.Run(context.Background(), host, conns, b.N, bc.reqs)
			cpu := processCPU() - cpu0
			if err != nil {
				b.Fatal(err)
			}
			if res.Failed > 0 {
				b.Fatalf("%d of %d requests failed; first: %s\n%.3000s", res.Failed, b.N, res.FirstFailure, app.Logs.String())
			}
			b.ReportMetric(res.RPS(), "req/s")
			b.ReportMetric(float64(res.Quantile(0.50).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(res.Quantile(0.99).Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(res.Bytes)/float64(b.N), "B/resp")
			// CPU of this process (server and generator) per request: less
			// noisy than req/s when something else shares the machine.
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/req")
		})
	}
}

// processCPU is the user and system CPU time this process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
