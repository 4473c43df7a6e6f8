package loadgen

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The generator must read every response framing the app can produce,
// or `make bench-load` would report a broken connection as throughput.
func TestRunReadsEveryFraming(t *testing.T) {
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", "5")
			io.WriteString(w, "hello")
		case "/chunked":
			for range 3 {
				io.WriteString(w, strings.Repeat("x", 1000))
				w.(http.Flusher).Flush()
			}
		case "/close":
			w.Header().Set("Connection", "close")
			io.WriteString(w, "bye")
		case "/post":
			b, _ := io.ReadAll(r.Body)
			if string(b) == `{"a":1}` && r.Header.Get("Content-Type") == "application/json" {
				posts.Add(1)
			}
			io.WriteString(w, "ok")
		default:
			http.Error(w, "nope", http.StatusTeapot)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	ctx := context.Background()

	for _, tc := range []struct {
		req   Request
		bytes int64
	}{
		{Get(host, "/length"), 5},
		{Get(host, "/chunked"), 3000},
		{Get(host, "/close"), 3},
		{Post(host, "/post", "application/json", []byte(`{"a":1}`)), 2},
	} {
		res, err := Run(ctx, host, 4, 40, []Request{tc.req})
		if err != nil || res.Requests != 40 || res.Failed != 0 {
			t.Fatalf("%s: %d ok, %d failed (%s), err %v", tc.req, res.Requests, res.Failed, res.FirstFailure, err)
		}
		if res.Bytes != 40*tc.bytes {
			t.Errorf("%s: read %d body bytes, want %d", tc.req, res.Bytes, 40*tc.bytes)
		}
		if res.Quantile(0.99) <= 0 || res.Quantile(0.5) > res.Quantile(0.99) || res.RPS() <= 0 {
			t.Errorf("%s: p50 %v p99 %v rps %v", tc.req, res.Quantile(0.5), res.Quantile(0.99), res.RPS())
		}
	}
	if posts.Load() != 40 {
		t.Errorf("server saw %d well-formed POSTs, want 40", posts.Load())
	}

	// Another status is a failure, named in FirstFailure.
	res, _ := Run(ctx, host, 2, 10, []Request{Get(host, "/missing")})
	if res.Failed != 10 || res.Requests != 0 || !strings.Contains(res.FirstFailure, "418") {
		t.Errorf("teapot: %d failed, %d ok, first %q", res.Failed, res.Requests, res.FirstFailure)
	}
}

func TestRunStopsWithContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	res, err := Run(ctx, host, 2, 1<<40, []Request{Get(host, "/")})
	if err == nil || res.Requests == 0 {
		t.Fatalf("want a context error after some requests, got %v after %d", err, res.Requests)
	}
}

func TestQuantile(t *testing.T) {
	r := Result{latencies: []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}}
	if r.Quantile(0.5) != 5 || r.Quantile(0.99) != 10 || r.Quantile(1) != 10 || r.Quantile(0.1) != 1 {
		t.Errorf("quantiles %v %v %v %v", r.Quantile(0.5), r.Quantile(0.99), r.Quantile(1), r.Quantile(0.1))
	}
}
