// Package loadgen is a lean HTTP/1.1 load generator for `make bench-load`.
//
// It works like wrk: each connection is one goroutine that writes a
// prepared request and reads the response straight off the socket, with no
// per-request allocation beyond the latency sample. net/http's client spends
// two goroutines, channel hand-offs and header maps on every request; on a
// 2-core machine where the generator shares the CPU with the server, that
// overhead would be charged to the server's figures.
package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Request is one prepared request: its raw bytes and the host it goes to.
type Request []byte

// Get prepares a GET of target (path and query) for host.
func Get(host, target string, header ...string) Request {
	return build("GET", host, target, "", nil, header)
}

// Post prepares a POST of body with the given content type.
func Post(host, target, contentType string, body []byte, header ...string) Request {
	return build("POST", host, target, contentType, body, header)
}

func build(method, host, target, contentType string, body []byte, header []string) Request {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: bazi-loadgen\r\n", method, target, host)
	if body != nil {
		fmt.Fprintf(&b, "Content-Type: %s\r\nContent-Length: %d\r\n", contentType, len(body))
	}
	for i := 0; i+1 < len(header); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", header[i], header[i+1])
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
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
// i is reqs[i%len(reqs)]. A connection the server closes is redialled.
func Run(ctx context.Context, addr string, conns, n int, reqs []Request) (Result, error) {
	if conns < 1 || n < 1 || len(reqs) == 0 {
		return Result{}, errors.New("loadgen: need conns, n and requests")
	}
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
			var c *conn
			defer func() {
				if c != nil {
					c.Close()
				}
			}()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				if c == nil {
					nc, err := net.Dial("tcp", addr)
					if err != nil {
						fail(err.Error())
						continue
					}
					c = newConn(nc)
				}
				t0 := time.Now()
				status, body, keep, err := c.do(reqs[i%len(reqs)])
				d := time.Since(t0)
				bodyN.Add(int64(body))
				switch {
				case err != nil:
					fail(err.Error())
				case status != 200:
					fail("status " + strconv.Itoa(status))
				default:
					lat[w] = append(lat[w], d)
				}
				if err != nil || !keep {
					c.Close()
					c = nil
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

type conn struct {
	net.Conn
	r *bufio.Reader
}

func newConn(c net.Conn) *conn { return &conn{Conn: c, r: bufio.NewReaderSize(c, 64<<10)} }

// do writes req and reads one response, discarding its body. keep reports
// whether the connection can carry another request.
func (c *conn) do(req Request) (status, body int, keep bool, err error) {
	if _, err = c.Write(req); err != nil {
		return 0, 0, false, err
	}
	line, err := c.line()
	if err != nil {
		return 0, 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, 0, false, fmt.Errorf("loadgen: bad status line %q", line)
	}
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, 0, false, fmt.Errorf("loadgen: bad status line %q", line)
	}
	keep = line[7] == '1'
	length, chunked := -1, false
	for {
		h, err := c.line()
		if err != nil {
			return status, 0, false, err
		}
		if len(h) == 0 {
			break
		}
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			return status, 0, false, fmt.Errorf("loadgen: bad header %q", h)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return status, 0, false, fmt.Errorf("loadgen: bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.EqualFold(value, []byte("close")) {
				keep = false
			} else if bytes.EqualFold(value, []byte("keep-alive")) {
				keep = true
			}
		}
	}
	switch {
	case chunked:
		body, err = c.chunks()
	case length >= 0:
		body, err = c.r.Discard(length)
	default:
		// Body runs to the end of the connection.
		n, cerr := io.Copy(io.Discard, c.r)
		return status, int(n), false, cerr
	}
	return status, body, keep && err == nil, err
}

func (c *conn) chunks() (int, error) {
	total := 0
	for {
		line, err := c.line()
		if err != nil {
			return total, err
		}
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil || size < 0 {
			return total, fmt.Errorf("loadgen: bad chunk size %q", line)
		}
		if size == 0 {
			for { // trailers, then the blank line
				t, err := c.line()
				if err != nil || len(t) == 0 {
					return total, err
				}
			}
		}
		n, err := c.r.Discard(int(size))
		total += n
		if err != nil {
			return total, err
		}
		if crlf, err := c.line(); err != nil || len(crlf) != 0 {
			return total, fmt.Errorf("loadgen: chunk not followed by CRLF")
		}
	}
}

// line reads one CRLF-terminated line without it; the slice is valid until
// the next read.
func (c *conn) line() ([]byte, error) {
	l, err := c.r.ReadSlice('\n')
	if err != nil {
		return nil, err
	}
	l = l[:len(l)-1]
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, nil
}
