package reading

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/bazi-master/bazi-master/models"
)

// Streamer writes a reading, calling emit with each piece of text; a
// non-nil error from emit (the browser left) stops it and cancels the
// upstream request. *Service is one.
type Streamer interface {
	Stream(ctx context.Context, req Request, emit func(text string) error) (Result, error)
}

// EventWriter is where a stream's events go: the response body, which
// Flush sends to the browser (a *bufio.Writer is one). A failed write or
// flush means the browser left.
type EventWriter interface {
	io.Writer
	Flush() error
}

// Job is one generation to stream: a reading or a follow-up answer that
// this connection claimed (Desk.ClaimReading, Desk.ClaimAnswer).
type Job struct {
	Request Request
	// store saves how the generation ended.
	store func(ctx context.Context, o models.ReadingOutcome) error
}

// Render turns a stream's events into the HTML the page swaps in; the
// caller renders with its views, so this package needs none. A nil Piece
// or Done sends no such event.
type Render struct {
	// Piece appends to dst the HTML of a "chunk" event, sent for each
	// piece of text (MarkdownStream.Write): closed is the rendered blocks
	// the piece completed, to add to those shown, open the rendered block
	// still being written, replacing the one shown. The final event
	// replaces it all.
	Piece func(dst []byte, closed, open string) []byte
	// Done is the final event's HTML, rendered from the outcome as stored.
	Done func(o models.ReadingOutcome) []byte
}

// RunnerConfig configures a Runner.
type RunnerConfig struct {
	// TotalTimeout bounds one stream (the Service has its own as well);
	// the runner allows a minute more, for the fallback.
	TotalTimeout time.Duration
	// Heartbeat is the interval of the ": ping" comment that keeps idle
	// connections open and finds browsers that left (default 15 s).
	Heartbeat time.Duration
	// Base is cancelled when the server shuts down: open streams stop,
	// store what was written and end cleanly.
	Base context.Context
	Log  *slog.Logger
}

// Runner writes generations as server-sent events.
type Runner struct {
	svc      Streamer
	cfg      RunnerConfig
	detached sync.WaitGroup
}

// NewRunner returns a runner writing through svc.
func NewRunner(svc Streamer, cfg RunnerConfig) *Runner {
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 15 * time.Second
	}
	if cfg.TotalTimeout <= 0 {
		cfg.TotalTimeout = DefaultTotalTimeout
	}
	if cfg.Base == nil {
		cfg.Base = context.Background()
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	return &Runner{svc: svc, cfg: cfg}
}

// storeTimeout bounds the database write at the end of a stream; it runs
// on its own context, so a reading is stored even if the browser left or
// the server is shutting down.
const storeTimeout = 5 * time.Second

// Run writes one generation to w as server-sent events: a comment at once,
// a "chunk" event per piece, a ": ping" comment every heartbeat and a
// final "done" event. It returns when the generation ended and its outcome
// is stored (outcome.go says what is stored). It must not use anything of
// the request that started it: it runs after the handler returned.
//
// The service runs in its own goroutine and hands each piece over a
// channel to this single writer, which interleaves them with heartbeats.
// A failed write or flush means the browser left: emit then returns an
// error, which makes the service cancel the upstream request, and the text
// so far is stored as cancelled. The outcome is stored before the final
// event is sent, so a reading is kept even when the browser left after
// the last piece.
func (r *Runner) Run(w EventWriter, job *Job, render Render) {
	ctx, cancelTotal := context.WithTimeout(context.Background(), r.cfg.TotalTimeout+time.Minute)
	defer cancelTotal()
	// The cause tells the service why its context ended: the browser left
	// (errClientGone) or the server shuts down (context.Canceled).
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopOnShutdown := context.AfterFunc(r.cfg.Base, func() { cancel(context.Canceled) })
	defer stopOnShutdown()

	pieces := make(chan string)
	gone := make(chan struct{})
	type end struct {
		res Result
		err error
	}
	ended := make(chan end, 1)
	go func() {
		var res Result
		var err error
		defer func() {
			if p := recover(); p != nil {
				r.cfg.Log.Error("reading panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				err = fmt.Errorf("reading panicked: %v", p)
			}
			ended <- end{res, err}
		}()
		res, err = r.svc.Stream(ctx, job.Request, func(s string) error {
			select {
			case <-gone:
				return errClientGone
			default:
			}
			select {
			case pieces <- s:
				return nil
			case <-gone:
				return errClientGone
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	var text strings.Builder
	clientGone := false
	write := func(b []byte) {
		if clientGone {
			return
		}
		if _, err := w.Write(b); err == nil {
			err = w.Flush()
			if err == nil {
				return
			}
		}
		clientGone = true
		close(gone)
		cancel(errClientGone)
	}
	// A first comment opens the stream at once (headers and all), before
	// the provider's first words.
	write([]byte(": stream\n\n"))
	tick := time.NewTicker(r.cfg.Heartbeat)
	defer tick.Stop()
	var html, buf []byte
	var md MarkdownStream
	var result end
loop:
	for {
		select {
		case s := <-pieces:
			text.WriteString(s)
			if render.Piece == nil {
				continue // detached: nobody to show it to
			}
			closed, open := md.Write(s)
			html = render.Piece(html[:0], closed, open)
			buf = AppendEvent(buf[:0], "chunk", html)
			write(buf)
		case <-tick.C:
			write([]byte(": ping\n\n"))
		case result = <-ended:
			break loop
		}
	}

	e := ending{text: text.String(), res: result.res, err: result.err, clientGone: clientGone, shutdown: r.cfg.Base.Err() != nil}
	o := e.outcome()
	if o.Status == models.ReadingFailed {
		r.cfg.Log.Warn("reading failed", "error", result.err)
	}
	sctx, scancel := context.WithTimeout(context.Background(), storeTimeout)
	defer scancel()
	if err := job.store(sctx, o); err != nil {
		r.cfg.Log.Error("store reading", "error", err)
	}
	if !clientGone && render.Done != nil {
		write(AppendEvent(nil, "done", render.Done(o)))
	}
}

// Detached writes a generation with no browser attached (a page without
// JavaScript, which reloads until the reading is stored): the text is only
// stored, never sent. It returns at once; the generation runs until it
// ends or the server shuts down (Wait waits for it).
func (r *Runner) Detached(job *Job) {
	r.detached.Add(1)
	go func() {
		defer r.detached.Done()
		r.Run(discardEvents{}, job, Render{})
	}()
}

// Wait waits for the generations started by Detached: call it once the
// server's Base context is cancelled, before closing the database.
func (r *Runner) Wait() { r.detached.Wait() }

// discardEvents is the EventWriter of a detached generation.
type discardEvents struct{}

func (discardEvents) Write(b []byte) (int, error) { return len(b), nil }
func (discardEvents) Flush() error                { return nil }

// AppendEvent appends one server-sent event to b: one data line per line
// of data (CR LF and a lone CR end a line as LF does).
func AppendEvent(b []byte, event string, data []byte) []byte {
	b = append(b, "event: "...)
	b = append(b, event...)
	b = append(b, "\ndata: "...)
	for {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			break
		}
		b = append(b, data[:i]...)
		b = append(b, "\ndata: "...)
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	b = append(b, data...)
	return append(b, "\n\n"...)
}
