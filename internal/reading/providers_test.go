package reading

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/testutil/fakeai"
)

// collector gathers emitted pieces.
type collector struct {
	mu     sync.Mutex
	pieces []string
}

func (c *collector) emit(s string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pieces = append(c.pieces, s)
	return nil
}

func (c *collector) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.pieces, "")
}

var testPieces = []string{"## Overview\n\n", "Your day master ", "is ", "**strong**", "."}

func TestOpenAIStreamEndToEnd(t *testing.T) {
	srv := fakeai.StartOpenAI(t, fakeai.Options{Pieces: testPieces, PromptTokens: 321, CompletionTokens: 54})
	p := NewOpenAI("sk-test-key", "gpt-test", srv.URL+"/v1", srv.Client())
	if p.Name() != "openai" || p.Model() != "gpt-test" {
		t.Fatalf("name/model = %s/%s", p.Name(), p.Model())
	}
	var c collector
	u, err := p.Stream(context.Background(), testRequest(t), c.emit)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.pieces, "|") != strings.Join(testPieces, "|") {
		t.Errorf("pieces = %q, want %q", c.pieces, testPieces)
	}
	if u != (Usage{PromptTokens: 321, CompletionTokens: 54}) {
		t.Errorf("usage = %+v", u)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if got := r.Header.Get("Authorization"); got != "Bearer sk-test-key" {
		t.Errorf("Authorization = %q", got)
	}
	body := r.JSON()
	if body["model"] != "gpt-test" || body["stream"] != true {
		t.Errorf("model/stream = %v/%v", body["model"], body["stream"])
	}
	if so, _ := body["stream_options"].(map[string]any); so["include_usage"] != true {
		t.Errorf("stream_options = %v", body["stream_options"])
	}
	if body["max_completion_tokens"] != float64(MaxOutputTokens) || body["max_tokens"] != nil {
		t.Errorf("max_completion_tokens/max_tokens = %v/%v, want the cap in max_completion_tokens only", body["max_completion_tokens"], body["max_tokens"])
	}
	msgs, _ := body["messages"].([]any)
	if len(msgs) != 2 {
		t.Fatalf("messages = %v", msgs)
	}
	m0, m1 := msgs[0].(map[string]any), msgs[1].(map[string]any)
	if m0["role"] != "system" || !strings.Contains(m0["content"].(string), "day_master:") {
		t.Errorf("first message is not the system prompt with the chart facts: %v", m0)
	}
	if m1["role"] != "user" {
		t.Errorf("second message role = %v", m1["role"])
	}
}

func TestAnthropicStreamEndToEnd(t *testing.T) {
	srv := fakeai.StartAnthropic(t, fakeai.Options{Pieces: testPieces, PromptTokens: 300, CompletionTokens: 60})
	p := NewAnthropic("sk-ant-test", "claude-test", srv.URL, srv.Client())
	if p.Name() != "anthropic" || p.Model() != "claude-test" {
		t.Fatalf("name/model = %s/%s", p.Name(), p.Model())
	}
	var c collector
	req := testRequest(t)
	req.Question = "What about 2027?"
	req.History = []Message{{Role: "assistant", Content: "Earlier reading."}}
	u, err := p.Stream(context.Background(), req, c.emit)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.pieces, "|") != strings.Join(testPieces, "|") {
		t.Errorf("pieces = %q, want %q", c.pieces, testPieces)
	}
	if u != (Usage{PromptTokens: 300, CompletionTokens: 60}) {
		t.Errorf("usage = %+v", u)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests (SDK retries must be off)", len(reqs))
	}
	r := reqs[0]
	if got := r.Header.Get("X-Api-Key") + r.Header.Get("Authorization"); !strings.Contains(got, "sk-ant-test") {
		t.Errorf("API key not sent; headers %v", r.Header)
	}
	if r.Header.Get("Anthropic-Version") == "" {
		t.Error("no anthropic-version header")
	}
	body := r.JSON()
	if body["model"] != "claude-test" || body["stream"] != true || body["max_tokens"] == nil {
		t.Errorf("model/stream/max_tokens = %v/%v/%v", body["model"], body["stream"], body["max_tokens"])
	}
	sys, _ := body["system"].([]any)
	if len(sys) != 1 || !strings.Contains(sys[0].(map[string]any)["text"].(string), "day_master:") {
		t.Errorf("system = %v", body["system"])
	}
	msgs, _ := body["messages"].([]any)
	roles := []string{}
	for _, m := range msgs {
		roles = append(roles, m.(map[string]any)["role"].(string))
	}
	if strings.Join(roles, ",") != "user,assistant,user" {
		t.Errorf("roles = %v", roles)
	}
	last, _ := msgs[len(msgs)-1].(map[string]any)
	content, _ := last["content"].([]any)
	if len(content) != 1 || !strings.Contains(content[0].(map[string]any)["text"].(string), "What about 2027?") {
		t.Errorf("last message = %v", last)
	}
}

// A provider stops and cancels its request when emit fails.
func TestProvidersStopOnEmitError(t *testing.T) {
	for _, kind := range []string{"openai", "anthropic"} {
		t.Run(kind, func(t *testing.T) {
			srv, p := startFake(t, kind, fakeai.Options{Pieces: testPieces, HoldOpen: true})
			errGone := errors.New("client gone")
			n := 0
			_, err := p.Stream(context.Background(), testRequest(t), func(string) error { n++; return errGone })
			if !errors.Is(err, errGone) {
				t.Fatalf("err = %v, want the emit error", err)
			}
			if n != 1 {
				t.Errorf("emit called %d times after failing", n)
			}
			if !srv.WaitCancelled(5 * time.Second) {
				t.Error("the fake server did not see the request cancelled")
			}
		})
	}
}

func startFake(t *testing.T, kind string, o fakeai.Options) (*fakeai.Server, Provider) {
	t.Helper()
	if kind == "openai" {
		srv := fakeai.StartOpenAI(t, o)
		return srv, NewOpenAI(testOpenAIKey, "gpt-test", srv.URL+"/v1", srv.Client())
	}
	srv := fakeai.StartAnthropic(t, o)
	return srv, NewAnthropic(testAnthropicKey, "claude-test", srv.URL, srv.Client())
}

const (
	testOpenAIKey    = "sk-openai-SECRET-1234"
	testAnthropicKey = "sk-ant-SECRET-5678"
)
