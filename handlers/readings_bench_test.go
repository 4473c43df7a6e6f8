package handlers_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// stampingOpenAI is a fake OpenAI endpoint whose first text delta carries
// the time it was sent ("t=<unix nanos>|"), so a client can measure what
// the app adds between the provider and the browser. It holds every
// stream open after that delta until release is closed.
func stampingOpenAI(release <-chan struct{}) *httptest.Server {
	const head = `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"fake-model","choices":[{"index":0,"delta":{"content":`
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "text/event-stream")
		f := w.(http.Flusher)
		frame := func(content string) {
			fmt.Fprintf(w, "%s%q},\"finish_reason\":null}]}\n\n", head, content)
			f.Flush()
		}
		frame(fmt.Sprintf("t=%d|", time.Now().UnixNano()))
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		frame(" and the rest.")
		fmt.Fprint(w, "data: [DONE]\n\n")
		f.Flush()
	}))
}

// BenchmarkConcurrentStreams opens 1,000 reading streams at once against
// the app on a loopback port, each fed by the fake provider, and reports
// the memory each open stream costs and the latency the app adds to the
// first token (first chunk at the client minus the fake's send time).
// Run: go test ./handlers -run '^$' -bench ConcurrentStreams -benchtime 1x
// (needs about 4 file descriptors per stream: ulimit -n >= 4096).
//
// "burst" connects all 1,000 at once (every first token competes with 999
// others on the CPU); "staggered" connects one per millisecond, so each
// first token is measured with up to 999 other streams open.
func BenchmarkConcurrentStreams(b *testing.B) {
	const streams = 1000
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < 4*streams+256 {
		b.Skipf("ulimit -n is %d; %d streams need about %d", lim.Cur, streams, 4*streams+256)
	}
	b.Run("burst", func(b *testing.B) { benchmarkStreams(b, streams, 0) })
	b.Run("staggered", func(b *testing.B) { benchmarkStreams(b, streams, time.Millisecond) })
	b.Run("control-direct", func(b *testing.B) { benchmarkDirect(b, streams) })
}

// benchmarkDirect is the control: the same clients reading the fake
// provider directly, without the app. The app's own cost per stream is
// the difference between the other runs' KiB/stream and this one's.
func benchmarkDirect(b *testing.B, streams int) {
	for i := 0; i < b.N; i++ {
		release := make(chan struct{})
		fake := stampingOpenAI(release)
		client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * streams, DisableCompression: true}}
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		goroutinesBefore := runtime.NumGoroutine()
		var first, all sync.WaitGroup
		first.Add(streams)
		all.Add(streams)
		for s := 0; s < streams; s++ {
			go func() {
				defer all.Done()
				res, err := client.Post(fake.URL+"/v1/chat/completions", "application/json", strings.NewReader("{}"))
				if err != nil {
					first.Done()
					return
				}
				defer res.Body.Close()
				r := bufio.NewReader(res.Body)
				_, _ = r.ReadString('\n') // the first frame
				first.Done()
				_, _ = io.Copy(io.Discard, r)
			}()
		}
		first.Wait()
		runtime.GC()
		var during runtime.MemStats
		runtime.ReadMemStats(&during)
		goroutines := runtime.NumGoroutine() - goroutinesBefore
		close(release)
		all.Wait()
		mem := float64(int64(during.HeapInuse+during.StackInuse)-int64(before.HeapInuse+before.StackInuse)) / float64(streams)
		b.ReportMetric(mem/1024, "KiB/stream")
		b.ReportMetric(float64(goroutines)/float64(streams), "goroutines/stream")
		fake.CloseClientConnections()
		fake.Close()
	}
}

func benchmarkStreams(b *testing.B, streams int, stagger time.Duration) {
	for i := 0; i < b.N; i++ {
		release := make(chan struct{})
		fake := stampingOpenAI(release)
		app := testutil.StartApp(b, testutil.WithEnv(
			"LOG_LEVEL", "warn", "TRUST_PROXY", "1", "READING_DAILY_QUOTA_GUEST", "0",
			"AI_PROVIDER", "openai", "OPENAI_API_KEY", "sk-bench", "OPENAI_BASE_URL", fake.URL+"/v1",
		))
		client := &http.Client{Jar: app.Client.Jar, Transport: &http.Transport{
			MaxIdleConnsPerHost: 2 * streams, DisableCompression: true,
		}}
		token := app.CSRFToken(b)

		// Start every reading first (database work), then measure the streams.
		paths := make([]string, streams)
		var wg sync.WaitGroup
		errs := make(chan error, streams)
		sem := make(chan struct{}, 64)
		for s := 0; s < streams; s++ {
			wg.Add(1)
			go func(s int) {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				v := url.Values{"query": {readingQuery}, "topic": {"overall"}, "_csrf": {token}}
				req, _ := http.NewRequest(http.MethodPost, app.URL+"/readings", strings.NewReader(v.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("HX-Request", "true")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.9.%d.%d", s/250, s%250+1))
				res, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				path := testutil.SSEConnect(string(body))
				if res.StatusCode != http.StatusOK || path == "" {
					errs <- fmt.Errorf("POST /readings: %d %.200s", res.StatusCode, body)
					return
				}
				paths[s] = path
			}(s)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}

		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		goroutinesBefore := runtime.NumGoroutine()

		added := make([]time.Duration, streams)
		var first, all sync.WaitGroup
		first.Add(streams)
		all.Add(streams)
		failed := make(chan error, streams)
		b.ResetTimer()
		start := time.Now()
		for s := 0; s < streams; s++ {
			go func(s int) {
				defer all.Done()
				if stagger > 0 {
					time.Sleep(time.Duration(s) * stagger)
				}
				gotFirst := false
				defer func() {
					if !gotFirst {
						first.Done()
					}
				}()
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, app.URL+paths[s], nil)
				res, err := client.Do(req)
				if err != nil {
					failed <- err
					return
				}
				defer res.Body.Close()
				r := bufio.NewReader(res.Body)
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						if !gotFirst {
							failed <- fmt.Errorf("stream %d ended before its first chunk: %v", s, err)
						}
						return
					}
					if !gotFirst && strings.HasPrefix(line, "data: t=") {
						at := time.Now()
						ns, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "data: t="), "|"), 10, 64)
						added[s] = at.Sub(time.Unix(0, ns))
						gotFirst = true
						first.Done()
					}
					if strings.HasPrefix(line, "event: done") {
						return
					}
				}
			}(s)
		}
		first.Wait()
		openAll := time.Since(start)
		b.StopTimer()
		select {
		case err := <-failed:
			b.Fatal(err)
		default:
		}
		runtime.GC()
		var during runtime.MemStats
		runtime.ReadMemStats(&during)
		goroutines := runtime.NumGoroutine() - goroutinesBefore
		close(release)
		all.Wait()

		slices.Sort(added)
		pct := func(p float64) float64 {
			return float64(added[int(p*float64(streams-1))].Microseconds()) / 1000
		}
		mem := float64(int64(during.HeapInuse+during.StackInuse)-int64(before.HeapInuse+before.StackInuse)) / float64(streams)
		b.ReportMetric(mem/1024, "KiB/stream")
		b.ReportMetric(float64(goroutines)/float64(streams), "goroutines/stream")
		b.ReportMetric(pct(0.5), "ms-added-p50")
		b.ReportMetric(pct(0.9), "ms-added-p90")
		b.ReportMetric(pct(0.99), "ms-added-p99")
		b.ReportMetric(float64(openAll.Milliseconds()), "ms-all-first-chunks")
		fake.CloseClientConnections()
		fake.Close()
	}
}
