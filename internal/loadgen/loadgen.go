// Package loadgen drives `make bench-load`: a fixed number of keep-alive
// connections, each one goroutine sending prepared requests back to back
// through fasthttp's HostClient, and the latency of every request.
//
// fasthttp's client reuses its request and response buffers, so the
// generator costs about as little CPU as wrk; on a 2-core machine where it
// shares the CPU with the server that keeps the figures the server's.
// README (Performance) has the measurement against the hand-written socket
// client this replaced.
package loadgen

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/valyala/fasthttp"
)

// Request is one prepared request.
type Request struct {
	method, host, target, contentType string
	body                              []byte
	header                            []string
}

// Get prepares a GET of target (path and query) for host, with header pairs.
func Get(host, target string, header ...string) Request {
	return Request{method: "GET", host: host, target: target, header: header}
}

// Post prepares a POST of body with the given content type.
func Post(host, target, contentType string, body []byte, header ...string) Request {
	return Request{method: "POST", host: host, target: target, contentType: contentType, body: body, header: header}
}

func (r Request) String() string { return r.method + " " + r.target }

// build makes the fasthttp request; each connection's goroutine has its
// own copies, since a request must not be shared by concurrent calls.
func (r Request) build() *fasthttp.Request {
	req := &fasthttp.Request{}
	req.Header.SetMethod(r.method)
	req.SetRequestURI(r.target)
	req.Header.SetHost(r.host)
	req.Header.SetUserAgent("bazi-loadgen")
	if r.body != nil {
		req.Header.SetContentType(r.contentType)
		req.SetBody(r.body)
	}
	for i := 0; i+1 < len(r.header); i += 2 {
		req.Header.Set(r.header[i], r.header[i+1])
	}
	return req
}

// Result summarises a run.
type Result struct {
	Requests int           // completed with status 200
	Failed   int           // transport errors and other statuses
	Elapsed  time.Duration // wall time of the run
	Bytes    int64         // response body bytes read
	// FirstFailure describes the first failure, for the error message.
	FirstFailure string
	latencies    []time.Duration // sorted
}

// RPS is completed requests per second.
func (r Result) RPS() float64 { return float64(r.Requests) / r.Elapsed.Seconds() }

// Quantile returns the latency at q (0 < q ≤ 1) of the completed requests.
func (r Result) Quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(q*float64(len(r.latencies))+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// Run sends n requests to addr over conns keep-alive connections; request
// i is reqs[i%len(reqs)]. A connection the server closes is redialled; a
// failed request is counted, not retried.
func Run(ctx context.Context, addr string, conns, n int, reqs []Request) (Result, error) {
	if conns < 1 || n < 1 || len(reqs) == 0 {
		return Result{}, errors.New("loadgen: need conns, n and requests")
	}
	client := &fasthttp.HostClient{
		Addr:                      addr,
		MaxConns:                  conns,
		MaxIdemponentCallAttempts: 1,
		ReadBufferSize:            64 << 10,
		NoDefaultUserAgentHeader:  true,
	}
	defer client.CloseIdleConnections()
	var (
		next     atomic.Int64
		failed   atomic.Int64
		bodyN    atomic.Int64
		firstErr sync.Once
		first    string
		lat      = make([][]time.Duration, conns)
		wg       sync.WaitGroup
	)
	fail := func(msg string) {
		failed.Add(1)
		firstErr.Do(func() { first = msg })
	}
	start := time.Now()
	for w := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat[w] = make([]time.Duration, 0, min(n/conns+1, 1<<16))
			own := make([]*fasthttp.Request, len(reqs))
			for i, r := range reqs {
				own[i] = r.build()
			}
			res := fasthttp.AcquireResponse()
			defer fasthttp.ReleaseResponse(res)
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t0 := time.Now()
				err := client.Do(own[i%len(own)], res)
				d := time.Since(t0)
				bodyN.Add(int64(len(res.Body())))
				switch {
				case err != nil:
					fail(err.Error())
				case res.StatusCode() != fasthttp.StatusOK:
					fail("status " + strconv.Itoa(res.StatusCode()))
				default:
					lat[w] = append(lat[w], d)
				}
			}
		}()
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start), Failed: int(failed.Load()), Bytes: bodyN.Load(), FirstFailure: first}
	for _, l := range lat {
		res.latencies = append(res.latencies, l...)
	}
	slices.Sort(res.latencies)
	res.Requests = len(res.latencies)
	return res, ctx.Err()
}
