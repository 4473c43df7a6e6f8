// Package fakeai runs fake OpenAI and Anthropic streaming servers for tests.
// They speak the real SSE framing of each API (OpenAI chat completion
// chunks ending in "data: [DONE]"; Anthropic's message_start …
// message_stop events), can be slowed down or made to fail, record the
// requests they receive, and notice when the client cancels a request.
package fakeai

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Failure modes for Options.FailMode.
const (
	FailClose = "close" // abort the connection without finishing the response
	FailEvent = "event" // send the API's error event, then end the response
)

// Options configure a fake server. The zero value streams DefaultPieces.
type Options struct {
	Pieces     []string      // text deltas to stream (nil: DefaultPieces)
	FirstDelay time.Duration // before the first text delta
	Delay      time.Duration // between text deltas

	// Fail makes the stream fail after FailAfter text deltas, in FailMode
	// (FailClose by default, or FailEvent).
	Fail      bool
	FailAfter int
	FailMode  string

	// Status, when not 0 or 200, answers every request with that status
	// and the API's JSON error body (ErrorMessage as the message).
	Status       int
	ErrorMessage string

	// FailConnections aborts the first N requests: with FailStatus when it
	// is set (e.g. 503), else by closing the connection without a response.
	FailConnections int
	FailStatus      int

	// HoldOpen keeps the response open after the last delta (without the
	// end of the stream) until the client goes away or 30 s pass.
	HoldOpen bool

	PromptTokens     int // reported usage (defaults 42 and 7)
	CompletionTokens int
}

// DefaultPieces is the text streamed when Options.Pieces is nil.
var DefaultPieces = []string{"## Your chart\n\n", "Hello", ", ", "world", "."}

// Request is one recorded request.
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map.
func (r Request) JSON() map[string]any {
	var m map[string]any
	_ = json.Unmarshal(r.Body, &m)
	return m
}

// Server is a running fake.
type Server struct {
	URL string // base URL: pass URL+"/v1" to go-openai, URL to the Anthropic SDK

	srv       *httptest.Server
	opts      Options
	mu        sync.Mutex
	reqs      []Request
	conns     atomic.Int32
	cancelled chan struct{}
	once      sync.Once
}

// StartOpenAI starts a fake OpenAI chat completions server (POST …/chat/completions).
func StartOpenAI(t testing.TB, opts Options) *Server { return start(t, opts, true) }

// StartAnthropic starts a fake Anthropic Messages server (POST …/v1/messages).
func StartAnthropic(t testing.TB, opts Options) *Server { return start(t, opts, false) }

func start(t testing.TB, opts Options, openAI bool) *Server {
	t.Helper()
	if opts.Pieces == nil {
		opts.Pieces = DefaultPieces
	}
	if opts.FailMode == "" {
		opts.FailMode = FailClose
	}
	if opts.PromptTokens == 0 {
		opts.PromptTokens = 42
	}
	if opts.CompletionTokens == 0 {
		opts.CompletionTokens = 7
	}
	if opts.ErrorMessage == "" {
		opts.ErrorMessage = "fake error"
	}
	s := &Server{opts: opts, cancelled: make(chan struct{})}
	var h http.HandlerFunc
	if openAI {
		h = s.serveOpenAI
	} else {
		h = s.serveAnthropic
	}
	s.srv = httptest.NewServer(h)
	s.URL = s.srv.URL
	t.Cleanup(func() {
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

// Requests returns the requests received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Connections returns how many requests arrived (failed ones included).
func (s *Server) Connections() int { return int(s.conns.Load()) }

// Cancelled reports whether a client went away while a response was
// still being written.
func (s *Server) Cancelled() bool {
	select {
	case <-s.cancelled:
		return true
	default:
		return false
	}
}

// WaitCancelled waits up to timeout for a client cancellation.
func (s *Server) WaitCancelled(timeout time.Duration) bool {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-s.cancelled:
		return true
	case <-t.C:
		return false
	}
}

// Client returns an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// begin records the request and handles the connection-level failures.
// It reports whether the handler should go on.
func (s *Server) begin(w http.ResponseWriter, r *http.Request, errBody func(status int) string) bool {
	body, _ := io.ReadAll(r.Body)
	n := int(s.conns.Add(1))
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()
	if n <= s.opts.FailConnections {
		if s.opts.FailStatus != 0 {
			writeJSONStatus(w, s.opts.FailStatus, errBody(s.opts.FailStatus))
			return false
		}
		panic(http.ErrAbortHandler) // closes the connection with no response
	}
	if s.opts.Status != 0 && s.opts.Status != http.StatusOK {
		writeJSONStatus(w, s.opts.Status, errBody(s.opts.Status))
		return false
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	return true
}

func writeJSONStatus(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// wait waits d, or until the client goes away (then it records the
// cancellation and returns false).
func (s *Server) wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		select {
		case <-r.Context().Done():
			s.markCancelled()
			return false
		default:
			return true
		}
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-r.Context().Done():
		s.markCancelled()
		return false
	case <-t.C:
		return true
	}
}

func (s *Server) markCancelled() { s.once.Do(func() { close(s.cancelled) }) }

// write writes and flushes one SSE frame; false when the client is gone.
func (s *Server) write(w http.ResponseWriter, r *http.Request, frame string) bool {
	if _, err := io.WriteString(w, frame); err != nil {
		s.markCancelled()
		return false
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	if r.Context().Err() != nil {
		s.markCancelled()
		return false
	}
	return true
}

// stream runs the common delta loop; it returns false when the response
// must end without the closing frames (a failure, or the client left).
func (s *Server) stream(w http.ResponseWriter, r *http.Request, delta func(string) string, errFrame string) bool {
	for i, p := range s.opts.Pieces {
		if s.opts.Fail && i == s.opts.FailAfter {
			return s.fail(w, r, errFrame)
		}
		d := s.opts.Delay
		if i == 0 {
			d = s.opts.FirstDelay
		}
		if !s.wait(r, d) || !s.write(w, r, delta(p)) {
			return false
		}
	}
	if s.opts.Fail && s.opts.FailAfter >= len(s.opts.Pieces) {
		return s.fail(w, r, errFrame)
	}
	if s.opts.HoldOpen {
		s.wait(r, 30*time.Second)
		return false
	}
	return true
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, errFrame string) bool {
	if s.opts.FailMode == FailEvent {
		s.write(w, r, errFrame)
		return false
	}
	panic(http.ErrAbortHandler)
}

func jsonString(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *Server) serveOpenAI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.NotFound(w, r)
		return
	}
	errBody := func(status int) string {
		typ := "server_error"
		if status < 500 {
			typ = "invalid_request_error"
		}
		return fmt.Sprintf(`{"error":{"message":%s,"type":%q,"param":null,"code":null}}`, jsonString(s.opts.ErrorMessage), typ)
	}
	if !s.begin(w, r, errBody) {
		return
	}
	const head = `{"id":"chatcmpl-fake","object":"chat.completion.chunk","created":1700000000,"model":"fake-model","system_fingerprint":"fp_fake",`
	if !s.write(w, r, "data: "+head+`"choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}`+"\n\n") {
		return
	}
	delta := func(p string) string {
		return "data: " + head + `"choices":[{"index":0,"delta":{"content":` + jsonString(p) + `},"logprobs":null,"finish_reason":null}],"usage":null}` + "\n\n"
	}
	if !s.stream(w, r, delta, "data: "+errBody(500)+"\n\n") {
		return
	}
	s.write(w, r, "data: "+head+`"choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}`+"\n\n")
	s.write(w, r, "data: "+head+fmt.Sprintf(`"choices":[],"usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}`,
		s.opts.PromptTokens, s.opts.CompletionTokens, s.opts.PromptTokens+s.opts.CompletionTokens)+"\n\n")
	s.write(w, r, "data: [DONE]\n\n")
}

func (s *Server) serveAnthropic(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/v1/messages") {
		http.NotFound(w, r)
		return
	}
	errBody := func(status int) string {
		typ := "api_error"
		switch {
		case status == http.StatusUnauthorized:
			typ = "authentication_error"
		case status == 529 || status == http.StatusServiceUnavailable:
			typ = "overloaded_error"
		case status < 500:
			typ = "invalid_request_error"
		}
		return fmt.Sprintf(`{"type":"error","error":{"type":%q,"message":%s},"request_id":"req_fake"}`, typ, jsonString(s.opts.ErrorMessage))
	}
	if !s.begin(w, r, errBody) {
		return
	}
	ev := func(name, data string) string { return "event: " + name + "\ndata: " + data + "\n\n" }
	if !s.write(w, r, ev("message_start", fmt.Sprintf(`{"type":"message_start","message":{"id":"msg_fake","type":"message","role":"assistant","content":[],"model":"fake-model","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":%d,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}`, s.opts.PromptTokens))) {
		return
	}
	if !s.write(w, r, ev("content_block_start", `{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}`)) {
		return
	}
	s.write(w, r, ev("ping", `{"type": "ping"}`))
	delta := func(p string) string {
		return ev("content_block_delta", `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":`+jsonString(p)+`}}`)
	}
	if !s.stream(w, r, delta, ev("error", errBody(529))) {
		return
	}
	s.write(w, r, ev("content_block_stop", `{"type":"content_block_stop","index":0}`))
	s.write(w, r, ev("message_delta", fmt.Sprintf(`{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":%d}}`, s.opts.CompletionTokens)))
	s.write(w, r, ev("message_stop", `{"type":"message_stop"}`))
}
