package fakeai

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func post(t *testing.T, s *Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := s.Client().Post(s.URL+path, "application/json", strings.NewReader(`{"model":"m"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestOpenAIFraming(t *testing.T) {
	s := StartOpenAI(t, Options{Pieces: []string{"a", "b\n"}})
	resp, body := post(t, s, "/v1/chat/completions")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("status %d, type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{`"delta":{"content":"a"}`, `"delta":{"content":"b\n"}`, `"finish_reason":"stop"`, `"usage":{"prompt_tokens":42`, "data: [DONE]\n\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
	if !strings.HasSuffix(body, "data: [DONE]\n\n") {
		t.Error("stream does not end with [DONE]")
	}
	if r := s.Requests(); len(r) != 1 || r[0].JSON()["model"] != "m" {
		t.Errorf("requests = %+v", r)
	}
}

func TestAnthropicFraming(t *testing.T) {
	s := StartAnthropic(t, Options{Pieces: []string{"a"}})
	_, body := post(t, s, "/v1/messages")
	order := []string{"event: message_start\n", "event: content_block_start\n", "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}\n\n",
		"event: content_block_stop\n", "event: message_delta\n", `"usage":{"output_tokens":7}`, "event: message_stop\n"}
	at := 0
	for _, w := range order {
		i := strings.Index(body[at:], w)
		if i < 0 {
			t.Fatalf("%q missing or out of order in:\n%s", w, body)
		}
		at += i + len(w)
	}
}

func TestStatusAndFailures(t *testing.T) {
	s := StartAnthropic(t, Options{Status: 401, ErrorMessage: "bad key"})
	resp, body := post(t, s, "/v1/messages")
	if resp.StatusCode != 401 || !strings.Contains(body, "authentication_error") || !strings.Contains(body, "bad key") {
		t.Errorf("status %d body %s", resp.StatusCode, body)
	}

	s = StartOpenAI(t, Options{FailConnections: 1})
	if _, err := s.Client().Post(s.URL+"/v1/chat/completions", "application/json", strings.NewReader("{}")); err == nil {
		t.Error("first connection should fail")
	}
	if resp, _ := post(t, s, "/v1/chat/completions"); resp.StatusCode != 200 {
		t.Errorf("second connection: status %d", resp.StatusCode)
	}
	if s.Connections() != 2 {
		t.Errorf("connections = %d", s.Connections())
	}

	s = StartOpenAI(t, Options{Pieces: []string{"a", "b"}, Fail: true, FailAfter: 1, FailMode: FailEvent})
	_, body = post(t, s, "/v1/chat/completions")
	if !strings.Contains(body, `data: {"error":`) || strings.Contains(body, "[DONE]") {
		t.Errorf("body = %s", body)
	}
}

func TestCancelled(t *testing.T) {
	s := StartOpenAI(t, Options{Pieces: []string{"a"}, HoldOpen: true})
	resp, err := s.Client().Post(s.URL+"/v1/chat/completions", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1)
	if _, err := resp.Body.Read(buf); err != nil {
		t.Fatal(err)
	}
	if s.Cancelled() {
		t.Fatal("cancelled too early")
	}
	resp.Body.Close()
	if !s.WaitCancelled(5 * time.Second) {
		t.Error("cancellation not seen")
	}
}
