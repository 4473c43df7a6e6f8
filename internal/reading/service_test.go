package reading

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
)

// stubBuiltinForTest stands in for the built-in reader.
type stubBuiltinForTest struct{}

const stubBuiltinText = "## Built-in\n\nA deterministic reading."

func (stubBuiltinForTest) Name() string  { return "builtin" }
func (stubBuiltinForTest) Model() string { return "builtin-v1" }
func (stubBuiltinForTest) Stream(ctx context.Context, req Request, emit func(string) error) (Usage, error) {
	for _, p := range []string{"## Built-in\n\n", "A deterministic ", "reading."} {
		if err := ctx.Err(); err != nil {
			return Usage{}, err
		}
		if err := emit(p); err != nil {
			return Usage{}, err
		}
	}
	return Usage{CompletionTokens: 5}, nil
}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newTestService starts a fake of kind and a Service using it.
func newTestService(t *testing.T, kind string, o fakeai.Options, tweak func(*Config)) (*fakeai.Server, *Service, *syncBuffer) {
	t.Helper()
	var srv *fakeai.Server
	// Both keys are set (only one is used) to check neither is logged.
	cfg := Config{Provider: kind, OpenAIKey: testOpenAIKey, AnthropicKey: testAnthropicKey,
		FirstTokenTimeout: 2 * time.Second, TotalTimeout: 10 * time.Second}
	if kind == "openai" {
		srv = fakeai.StartOpenAI(t, o)
		cfg.OpenAIBaseURL, cfg.OpenAIModel = srv.URL+"/v1", "gpt-test"
	} else {
		srv = fakeai.StartAnthropic(t, o)
		cfg.AnthropicBaseURL, cfg.AnthropicModel = srv.URL, "claude-test"
	}
	cfg.HTTPClient = srv.Client()
	if tweak != nil {
		tweak(&cfg)
	}
	logs := &syncBuffer{}
	svc := NewService(cfg, stubBuiltinForTest{}, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if svc.Provider().Name() != kind {
		t.Fatalf("provider = %s, want %s", svc.Provider().Name(), kind)
	}
	return srv, svc, logs
}

var kinds = []string{"openai", "anthropic"}

func assertNoSecrets(t *testing.T, logs string) {
	t.Helper()
	for _, k := range []string{testOpenAIKey, testAnthropicKey, "SECRET", "day_master:"} {
		if strings.Contains(logs, k) {
			t.Errorf("logs contain %q:\n%s", k, logs)
		}
	}
}

func TestServiceStreams(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			_, svc, _ := newTestService(t, kind, fakeai.Options{Pieces: testPieces, PromptTokens: 100, CompletionTokens: 20}, nil)
			var c collector
			res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(c.pieces, "|") != strings.Join(testPieces, "|") {
				t.Errorf("pieces = %q", c.pieces)
			}
			want := Result{Provider: kind, Model: svc.Provider().Model(), Usage: Usage{100, 20}}
			if res != want {
				t.Errorf("result = %+v, want %+v", res, want)
			}
		})
	}
}

func TestServiceFallbackMidStream(t *testing.T) {
	for _, kind := range kinds {
		for _, mode := range []string{fakeai.FailClose, fakeai.FailEvent} {
			t.Run(kind+"/"+mode, func(t *testing.T) {
				srv, svc, logs := newTestService(t, kind, fakeai.Options{Pieces: testPieces, Fail: true, FailAfter: 2, FailMode: mode,
					ErrorMessage: "overloaded, key " + testOpenAIKey + testAnthropicKey}, nil)
				var c collector
				var notified string
				res, err := svc.StreamNotify(context.Background(), testRequest(t), c.emit, func(r string) { notified = r })
				if err != nil {
					t.Fatal(err)
				}
				if !res.FellBack || res.Provider != kind {
					t.Fatalf("result = %+v", res)
				}
				wantReason := ReasonProviderError
				if mode == fakeai.FailClose {
					wantReason = ReasonConnection
				}
				if res.FallbackReason != wantReason || notified != wantReason {
					t.Errorf("reason = %q (notified %q), want %q", res.FallbackReason, notified, wantReason)
				}
				want := testPieces[0] + testPieces[1] + FallbackSeparator + stubBuiltinText
				if got := c.text(); got != want {
					t.Errorf("text =\n%q\nwant\n%q", got, want)
				}
				if srv.Connections() != 1 {
					t.Errorf("%d connections: no retry after text was emitted", srv.Connections())
				}
				if !strings.Contains(logs.String(), "falling back") {
					t.Errorf("fallback not logged: %s", logs)
				}
				assertNoSecrets(t, logs.String())
			})
		}
	}
}

func TestServiceFirstTokenTimeout(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			srv, svc, _ := newTestService(t, kind, fakeai.Options{Pieces: testPieces, FirstDelay: 10 * time.Second},
				func(c *Config) { c.FirstTokenTimeout = 200 * time.Millisecond })
			var c collector
			start := time.Now()
			res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			if !res.FellBack || res.FallbackReason != ReasonFirstTokenTimeout {
				t.Fatalf("result = %+v", res)
			}
			// Nothing came before the built-in reading: no separator.
			if got := c.text(); got != stubBuiltinText {
				t.Errorf("text = %q, want the built-in text alone", got)
			}
			if !srv.WaitCancelled(5 * time.Second) {
				t.Error("the fake server did not see the request cancelled")
			}
			if srv.Connections() != 1 {
				t.Errorf("%d connections: a time-out is not retried", srv.Connections())
			}
		})
	}
}

func TestServiceTotalTimeout(t *testing.T) {
	srv, svc, _ := newTestService(t, "openai", fakeai.Options{Pieces: testPieces[:2], HoldOpen: true},
		func(c *Config) { c.TotalTimeout = 300 * time.Millisecond })
	var c collector
	res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
	if err != nil {
		t.Fatal(err)
	}
	if !res.FellBack || res.FallbackReason != ReasonTotalTimeout {
		t.Fatalf("result = %+v", res)
	}
	if got := c.text(); !strings.HasPrefix(got, testPieces[0]+testPieces[1]+FallbackSeparator) {
		t.Errorf("text = %q", got)
	}
	if !srv.WaitCancelled(5 * time.Second) {
		t.Error("the fake server did not see the request cancelled")
	}
}

func TestServiceRetriesConnectionFailureOnce(t *testing.T) {
	for _, kind := range kinds {
		for _, status := range []int{0, 502, 503} {
			name := kind + "/close"
			if status != 0 {
				name = fmt.Sprintf("%s/%d", kind, status)
			}
			t.Run(name, func(t *testing.T) {
				srv, svc, logs := newTestService(t, kind, fakeai.Options{Pieces: testPieces, FailConnections: 1, FailStatus: status}, nil)
				var c collector
				res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
				if err != nil {
					t.Fatal(err)
				}
				if res.FellBack {
					t.Fatalf("fell back: %+v", res)
				}
				if c.text() != strings.Join(testPieces, "") {
					t.Errorf("text = %q", c.text())
				}
				if srv.Connections() != 2 {
					t.Errorf("%d connections, want 2", srv.Connections())
				}
				if !strings.Contains(logs.String(), "retrying") {
					t.Errorf("retry not logged: %s", logs)
				}
			})
		}
	}
}

func TestServiceConnectionFailsTwiceFallsBack(t *testing.T) {
	srv, svc, _ := newTestService(t, "anthropic", fakeai.Options{Pieces: testPieces, FailConnections: 5}, nil)
	var c collector
	res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
	if err != nil {
		t.Fatal(err)
	}
	if !res.FellBack || res.FallbackReason != ReasonConnection {
		t.Fatalf("result = %+v", res)
	}
	if srv.Connections() != 2 {
		t.Errorf("%d connections, want 2 (one retry)", srv.Connections())
	}
	if !strings.HasSuffix(c.text(), stubBuiltinText) {
		t.Errorf("text = %q", c.text())
	}
}

func TestServiceUnauthorizedNoRetry(t *testing.T) {
	for _, kind := range kinds {
		for _, status := range []int{401, 400, 429} {
			t.Run(fmt.Sprintf("%s/%d", kind, status), func(t *testing.T) {
				srv, svc, logs := newTestService(t, kind, fakeai.Options{Status: status,
					ErrorMessage: "Incorrect API key provided: " + testOpenAIKey + " " + testAnthropicKey}, nil)
				var c collector
				res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
				if err != nil {
					t.Fatal(err)
				}
				if !res.FellBack || res.FallbackReason != ReasonProviderError {
					t.Fatalf("result = %+v", res)
				}
				if srv.Connections() != 1 {
					t.Errorf("%d connections: %d must not be retried", srv.Connections(), status)
				}
				if !strings.HasSuffix(c.text(), stubBuiltinText) {
					t.Errorf("text = %q", c.text())
				}
				assertNoSecrets(t, logs.String())
				if !strings.Contains(logs.String(), "[redacted]") {
					t.Errorf("expected the key redacted in the logged error: %s", logs)
				}
			})
		}
	}
}

func TestServiceEmitErrorCancelsUpstream(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			srv, svc, _ := newTestService(t, kind, fakeai.Options{Pieces: testPieces, HoldOpen: true}, nil)
			errGone := errors.New("browser left")
			calls := 0
			res, err := svc.Stream(context.Background(), testRequest(t), func(string) error {
				calls++
				if calls == 2 {
					return errGone
				}
				return nil
			})
			if !errors.Is(err, errGone) {
				t.Fatalf("err = %v, want the emit error", err)
			}
			if res.FellBack || calls != 2 {
				t.Errorf("result = %+v after %d calls; want no fallback", res, calls)
			}
			if !srv.WaitCancelled(5 * time.Second) {
				t.Error("the fake server did not see the request cancelled")
			}
			if srv.Connections() != 1 {
				t.Errorf("%d connections", srv.Connections())
			}
		})
	}
}

func TestServiceShutdownReturnsPromptly(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			srv, svc, _ := newTestService(t, kind, fakeai.Options{Pieces: testPieces, HoldOpen: true}, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var c collector
			done := make(chan struct{})
			var res Result
			var err error
			go func() {
				defer close(done)
				res, err = svc.Stream(ctx, testRequest(t), func(s string) error {
					if s == testPieces[len(testPieces)-1] {
						cancel() // shutdown once everything was sent
					}
					return c.emit(s)
				})
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Stream did not return after ctx was cancelled")
			}
			if !errors.Is(err, context.Canceled) || res.FellBack {
				t.Errorf("err = %v, result = %+v; want context.Canceled without fallback", err, res)
			}
			if strings.Contains(c.text(), FallbackSeparator) {
				t.Error("fell back on shutdown")
			}
			if !srv.WaitCancelled(5 * time.Second) {
				t.Error("the fake server did not see the request cancelled")
			}
		})
	}
}

func TestServiceBuiltinDirect(t *testing.T) {
	svc := NewService(Config{}, stubBuiltinForTest{}, nil)
	var c collector
	res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
	if err != nil {
		t.Fatal(err)
	}
	if res.Provider != "builtin" || res.Model != "builtin-v1" || res.FellBack || c.text() != stubBuiltinText {
		t.Errorf("result = %+v, text %q", res, c.text())
	}
	if _, err := NewService(Config{}, nil, nil).Stream(context.Background(), testRequest(t), c.emit); !errors.Is(err, ErrNoProvider) {
		t.Errorf("no provider: err = %v", err)
	}
}

func TestServiceProviderSelection(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"nothing", Config{}, "builtin"},
		{"openai key", Config{OpenAIKey: "k"}, "openai"},
		{"anthropic key", Config{AnthropicKey: "k"}, "anthropic"},
		{"both keys: openai first", Config{OpenAIKey: "k", AnthropicKey: "k"}, "openai"},
		{"chosen anthropic", Config{Provider: "anthropic", OpenAIKey: "k", AnthropicKey: "k"}, "anthropic"},
		{"chosen openai", Config{Provider: "OpenAI", OpenAIKey: "k", AnthropicKey: "k"}, "openai"},
		{"chosen builtin", Config{Provider: "builtin", OpenAIKey: "k", AnthropicKey: "k"}, "builtin"},
		{"chosen anthropic without key", Config{Provider: "anthropic", OpenAIKey: "k"}, "builtin"},
		{"chosen openai without key", Config{Provider: "openai", AnthropicKey: "k"}, "builtin"},
		{"chosen openai compatible endpoint without key", Config{Provider: "openai", OpenAIBaseURL: "http://127.0.0.1:1/v1"}, "openai"},
		{"unknown provider", Config{Provider: "gemini", AnthropicKey: "k"}, "anthropic"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := NewService(tc.cfg, stubBuiltinForTest{}, nil).Provider()
			if p.Name() != tc.want {
				t.Errorf("provider = %s, want %s", p.Name(), tc.want)
			}
		})
	}
	if m := NewService(Config{OpenAIKey: "k"}, nil, nil).Provider().Model(); m != DefaultOpenAIModel {
		t.Errorf("default OpenAI model = %s", m)
	}
	if m := NewService(Config{AnthropicKey: "k"}, nil, nil).Provider().Model(); m != DefaultAnthropicModel {
		t.Errorf("default Anthropic model = %s", m)
	}
}

// With the real built-in reader, a failed provider's reading continues with
// the complete built-in text in the request's language after the separator.
func TestServiceFallbackWithBuiltinReader(t *testing.T) {
	for _, lang := range i18n.Langs {
		t.Run(string(lang), func(t *testing.T) {
			srv := fakeai.StartOpenAI(t, fakeai.Options{Pieces: testPieces, Fail: true, FailAfter: 3, FailMode: fakeai.FailEvent})
			b := NewBuiltin()
			svc := NewService(Config{OpenAIKey: testOpenAIKey, OpenAIBaseURL: srv.URL + "/v1", HTTPClient: srv.Client()}, b, nil)
			req := testRequest(t)
			req.Lang = lang
			var c collector
			res, err := svc.Stream(context.Background(), req, c.emit)
			if err != nil {
				t.Fatal(err)
			}
			want, err := b.(*Builtin).Text(req)
			if err != nil {
				t.Fatal(err)
			}
			prefix := strings.Join(testPieces[:3], "") + FallbackSeparator
			if !res.FellBack || c.text() != prefix+want {
				t.Errorf("result %+v; text =\n%q\nwant\n%q", res, c.text(), prefix+want)
			}
			// The separator starts a new section once rendered: one rule,
			// after the provider's text.
			html := RenderMarkdown(c.text())
			if strings.Count(html, "<hr>") != 1 || strings.Index(html, "<hr>") < strings.Index(html, "</p>") {
				t.Errorf("rendered fallback lacks the one rule after the provider's text:\n%s", html)
			}
		})
	}
}

// Observe hears how every AI reading ended, which /metrics exports.
func TestServiceObserveOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name, outcome, reason string
		opts                  fakeai.Options
		emit                  func(string) error
	}{
		{"ok", OutcomeOK, "", fakeai.Options{Pieces: testPieces}, nil},
		{"fallback", OutcomeFallback, ReasonProviderError, fakeai.Options{Pieces: testPieces, Fail: true, FailAfter: 1, FailMode: fakeai.FailEvent}, nil},
		{"client gone", OutcomeClientGone, "", fakeai.Options{Pieces: testPieces, HoldOpen: true}, func(string) error { return errors.New("left") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, svc, _ := newTestService(t, "openai", tc.opts, nil)
			var got []string
			svc.Observe = func(provider, outcome, reason string) { got = append(got, provider, outcome, reason) }
			emit := tc.emit
			if emit == nil {
				var c collector
				emit = c.emit
			}
			_, _ = svc.Stream(context.Background(), testRequest(t), emit)
			if want := []string{"openai", tc.outcome, tc.reason}; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("observed %q, want %q", got, want)
			}
		})
	}
}

// A provider that wrote only blanks before failing gets no separator: a
// rule with nothing above it would be all the reader sees first.
func TestServiceFallbackAfterBlanksHasNoSeparator(t *testing.T) {
	_, svc, _ := newTestService(t, "openai", fakeai.Options{Pieces: []string{"\n\n", " ", "never sent"}, Fail: true, FailAfter: 2, FailMode: fakeai.FailEvent}, nil)
	var c collector
	res, err := svc.Stream(context.Background(), testRequest(t), c.emit)
	if err != nil || !res.FellBack {
		t.Fatalf("result %+v, err %v", res, err)
	}
	if got := c.text(); strings.Contains(got, FallbackSeparator) || strings.TrimSpace(got) != stubBuiltinText {
		t.Errorf("text = %q, want the built-in text without a rule", got)
	}
}
