package reading

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
	"github.com/bazi-master/bazi-master/models"
)

// streamFunc is a Streamer made of a function.
type streamFunc func(ctx context.Context, req Request, emit func(string) error) (Result, error)

func (f streamFunc) Stream(ctx context.Context, req Request, emit func(string) error) (Result, error) {
	return f(ctx, req, emit)
}

// browser is a response body as the runner sees it: what is flushed
// reaches the browser (sent) until it leaves; from then on every flush
// fails.
type browser struct {
	mu      sync.Mutex
	pending bytes.Buffer
	sent    bytes.Buffer
	flushes int
	// leaves says, before each flush (the n-th), whether the browser has
	// left; nil: it stays.
	leaves func(n int, sent string) bool
	pinged chan struct{} // closed at the first ": ping" that reaches the browser
	once   sync.Once
}

func newBrowser(leaves func(n int, sent string) bool) *browser {
	return &browser{leaves: leaves, pinged: make(chan struct{})}
}

// leavesAtFlush is a browser that leaves at its n-th flush.
func leavesAtFlush(n int) func(int, string) bool {
	return func(i int, _ string) bool { return i >= n }
}

func (b *browser) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.pending.Write(p)
}

func (b *browser) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.flushes++
	if b.leaves != nil && b.leaves(b.flushes, b.sent.String()) {
		b.pending.Reset()
		return errors.New("write: broken pipe")
	}
	if bytes.Contains(b.pending.Bytes(), []byte(": ping\n\n")) {
		b.once.Do(func() { close(b.pinged) })
	}
	_, _ = b.pending.WriteTo(&b.sent)
	return nil
}

func (b *browser) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.sent.String()
}

// testRender shows a chunk as its closed blocks, "|" and its open block,
// and renders the final event as two lines naming the stored status.
var testRender = Render{
	Piece: func(dst []byte, closed, open string) []byte {
		return append(append(append(dst, closed...), '|'), open...)
	},
	Done: func(o models.ReadingOutcome) []byte {
		return []byte("<p>" + o.Status + "</p>\n<p>end</p>")
	},
}

// storedJob is a job whose outcome is kept in memory.
type storedJob struct {
	mu       sync.Mutex
	outcomes []models.ReadingOutcome
	deadline bool // the store ran with a deadline of its own
	err      error
}

func (s *storedJob) job(req Request) *Job {
	return &Job{Request: req, store: func(ctx context.Context, o models.ReadingOutcome) error {
		s.mu.Lock()
		defer s.mu.Unlock()
		_, s.deadline = ctx.Deadline()
		s.outcomes = append(s.outcomes, o)
		return s.err
	}}
}

func (s *storedJob) outcome(t *testing.T) models.ReadingOutcome {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.outcomes) != 1 {
		t.Fatalf("stored %d outcomes, want 1: %+v", len(s.outcomes), s.outcomes)
	}
	return s.outcomes[0]
}

// The runner opens the stream at once, sends each piece as one chunk
// event carrying the Markdown rendered so far (closed blocks once, the
// open block each time; one data line per line), stores the
// outcome on a context of its own and ends with the done event rendered
// from what was stored.
func TestRunnerWritesEventsAndStoresOutcome(t *testing.T) {
	var got Request
	svc := streamFunc(func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
		got = req
		for _, p := range []string{"Hello <b>", "**line** one\nline two", "\r\n\r\nend\rx"} {
			if err := emit(p); err != nil {
				return Result{}, err
			}
		}
		return Result{Provider: "openai", Model: "m", Usage: Usage{PromptTokens: 3, CompletionTokens: 4}}, nil
	})
	r := NewRunner(svc, RunnerConfig{Heartbeat: time.Hour})
	var store storedJob
	w := newBrowser(nil)
	r.Run(w, store.job(Request{Topic: TopicCareer, Question: "q"}), testRender)

	if got.Topic != TopicCareer || got.Question != "q" {
		t.Errorf("the service got %+v", got)
	}
	want := ": stream\n\n" +
		"event: chunk\ndata: |<p>Hello &lt;b&gt;</p>\ndata: \n\n" +
		"event: chunk\ndata: |<p>Hello &lt;b&gt;<strong>line</strong> one<br>\ndata: line two</p>\ndata: \n\n" +
		"event: chunk\ndata: <p>Hello &lt;b&gt;<strong>line</strong> one<br>\ndata: line two</p>\ndata: |<p>end<br>\ndata: x</p>\ndata: \n\n" +
		"event: done\ndata: <p>done</p>\ndata: <p>end</p>\n\n"
	if w.String() != want {
		t.Errorf("sent:\n%q\nwant:\n%q", w.String(), want)
	}
	o := store.outcome(t)
	wantO := models.ReadingOutcome{Status: models.ReadingDone, Text: "Hello <b>**line** one\nline two\r\n\r\nend\rx",
		Provider: "openai", Model: "m", PromptTokens: 3, CompletionTokens: 4}
	if o != wantO {
		t.Errorf("stored %+v, want %+v", o, wantO)
	}
	if !store.deadline {
		t.Error("the outcome was stored without a deadline of its own")
	}
}

// The browser leaves while the provider holds the stream open: the next
// heartbeat fails, the upstream request is cancelled, the text so far is
// stored as cancelled and no final event is written.
func TestRunnerClientGoneCancelsUpstream(t *testing.T) {
	fake, svc, _ := newTestService(t, "openai", fakeai.Options{Pieces: []string{"First words."}, HoldOpen: true}, nil)
	var observed []string
	svc.Observe = func(provider, outcome, reason string) { observed = append(observed, provider, outcome, reason) }
	r := NewRunner(svc, RunnerConfig{Heartbeat: 20 * time.Millisecond})
	var store storedJob
	// The browser leaves once the first piece reached it: the next
	// heartbeat finds it gone.
	w := newBrowser(func(_ int, sent string) bool { return strings.Contains(sent, "event: chunk") })
	done := make(chan struct{})
	go func() { defer close(done); r.Run(w, store.job(testRequest(t)), testRender) }()
	if !fake.WaitCancelled(10 * time.Second) {
		t.Fatal("the provider never saw the request cancelled")
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the browser left")
	}
	o := store.outcome(t)
	if o.Status != models.ReadingCancelled || o.Error != cancelledClientGone || o.Text != "First words." || o.Provider != "openai" {
		t.Errorf("stored %+v", o)
	}
	if strings.Contains(w.String(), "event: done") {
		t.Errorf("a final event was written to a browser that left:\n%s", w.String())
	}
	if want := "openai|" + OutcomeClientGone + "|"; strings.Join(observed, "|") != want {
		t.Errorf("observed %q, want %q", observed, want)
	}
}

// A piece the browser cannot take stops the service at once: emit returns
// an error and nothing more is asked of the provider.
func TestRunnerClientGoneStopsEmit(t *testing.T) {
	emitErr := make(chan error, 1)
	svc := streamFunc(func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
		if err := emit("one"); err != nil {
			return Result{}, err
		}
		err := emit("two") // the flush of "one" failed: the browser left
		emitErr <- err
		return Result{Provider: "builtin"}, err
	})
	var store storedJob
	w := newBrowser(leavesAtFlush(2))
	NewRunner(svc, RunnerConfig{Heartbeat: time.Hour}).Run(w, store.job(Request{}), testRender)
	if err := <-emitErr; !errors.Is(err, errClientGone) {
		t.Errorf("emit after the browser left: %v", err)
	}
	if o := store.outcome(t); o.Status != models.ReadingCancelled || o.Error != cancelledClientGone || o.Text != "one" {
		t.Errorf("stored %+v", o)
	}
	if w.String() != ": stream\n\n" {
		t.Errorf("sent %q", w.String())
	}
}

// Heartbeats keep an idle stream open while the provider has not written.
func TestRunnerSendsHeartbeats(t *testing.T) {
	w := newBrowser(nil)
	svc := streamFunc(func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
		select {
		case <-w.pinged:
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
		return Result{Provider: "builtin"}, emit("after a ping")
	})
	var store storedJob
	NewRunner(svc, RunnerConfig{Heartbeat: 5 * time.Millisecond}).Run(w, store.job(Request{}), testRender)
	sent := w.String()
	ping, chunk := strings.Index(sent, ": ping\n\n"), strings.Index(sent, "event: chunk\ndata: |<p>after a ping</p>\ndata: \n\n")
	if ping < 0 || chunk < ping || !strings.HasSuffix(sent, "event: done\ndata: <p>done</p>\ndata: <p>end</p>\n\n") {
		t.Errorf("sent %q", sent)
	}
}

// Shutdown: the stream stops, keeps its text as cancelled and still ends
// with the final event.
func TestRunnerStopsOnShutdown(t *testing.T) {
	base, shutdown := context.WithCancel(context.Background())
	svc := streamFunc(func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
		if err := emit("Before shutdown."); err != nil {
			return Result{}, err
		}
		shutdown()
		<-ctx.Done()
		return Result{Provider: "openai", Model: "m"}, ctx.Err()
	})
	var store storedJob
	w := newBrowser(nil)
	NewRunner(svc, RunnerConfig{Heartbeat: time.Hour, Base: base}).Run(w, store.job(Request{}), testRender)
	if o := store.outcome(t); o.Status != models.ReadingCancelled || o.Error != cancelledShutdown || o.Text != "Before shutdown." {
		t.Errorf("stored %+v", o)
	}
	if !strings.HasSuffix(w.String(), "event: done\ndata: <p>cancelled</p>\ndata: <p>end</p>\n\n") {
		t.Errorf("sent %q", w.String())
	}
}

// A failing or panicking service is stored as failed with its cause, the
// browser gets the final event, and a store that fails is only logged.
func TestRunnerFailures(t *testing.T) {
	for _, tc := range []struct {
		name, wantErr string
		svc           streamFunc
		storeErr      error
	}{
		{"error", "upstream exploded", func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
			_ = emit("partial")
			return Result{Provider: "openai"}, errors.New("upstream exploded")
		}, nil},
		{"panic", "reading panicked: boom", func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
			_ = emit("partial")
			panic("boom")
		}, nil},
		{"store fails", "upstream exploded", func(ctx context.Context, req Request, emit func(string) error) (Result, error) {
			_ = emit("partial")
			return Result{}, errors.New("upstream exploded")
		}, errors.New("database gone")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := storedJob{err: tc.storeErr}
			w := newBrowser(nil)
			NewRunner(tc.svc, RunnerConfig{Heartbeat: time.Hour}).Run(w, store.job(Request{}), testRender)
			if o := store.outcome(t); o.Status != models.ReadingFailed || o.Error != tc.wantErr || o.Text != "partial" {
				t.Errorf("stored %+v", o)
			}
			if !strings.HasSuffix(w.String(), "event: done\ndata: <p>failed</p>\ndata: <p>end</p>\n\n") {
				t.Errorf("sent %q", w.String())
			}
		})
	}
}

// appendEventBefore is how events were framed before AppendEvent wrote
// them without copies: the reference AppendEvent must equal.
func appendEventBefore(b []byte, event, data string) []byte {
	b = append(b, "event: "...)
	b = append(b, event...)
	b = append(b, '\n')
	data = strings.ReplaceAll(strings.ReplaceAll(data, "\r\n", "\n"), "\r", "\n")
	for {
		line, rest, more := strings.Cut(data, "\n")
		b = append(b, "data: "...)
		b = append(b, line...)
		b = append(b, '\n')
		if !more {
			break
		}
		data = rest
	}
	return append(b, '\n')
}

func FuzzAppendEvent(f *testing.F) {
	for _, s := range []string{"", "a", "\n", "\r", "\r\n", "\r\r\n", "\n\r", "a\nb\r\nc\rd", "trailing\n", "<p>x</p>\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		got := string(AppendEvent([]byte("prefix"), "chunk", []byte(data)))
		want := string(appendEventBefore([]byte("prefix"), "chunk", data))
		if got != want {
			t.Fatalf("AppendEvent(%q) = %q, want %q", data, got, want)
		}
	})
}
