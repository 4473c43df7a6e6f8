package testutil

import (
	"bufio"
	"context"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Event is one Server-Sent Event.
type Event struct {
	Name, Data string
	At         time.Time // when it was read
}

// Stream reads an event stream as EventSource would.
type Stream struct {
	Response *http.Response
	r        *bufio.Reader
	cancel   context.CancelFunc
}

// OpenStream opens path as an event stream with the client's cookies and
// optional header pairs; the stream is closed when the test ends, or by
// Close. The caller checks Response.StatusCode.
func (a *App) OpenStream(t testing.TB, path string, headers ...string) *Stream {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, a.URL+path, nil)
	req.Header.Set("Accept", "text/event-stream")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{Jar: a.Client.Jar, Transport: &http.Transport{DisableCompression: true}}
	res, err := client.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET %s: %v", path, err)
	}
	s := &Stream{Response: res, r: bufio.NewReader(res.Body), cancel: cancel}
	t.Cleanup(s.Close)
	return s
}

// Close ends the stream from the client's side.
func (s *Stream) Close() { s.cancel(); s.Response.Body.Close() }

// Next returns the next event (comments skipped); ok is false at the end
// of the stream.
func (s *Stream) Next(t testing.TB) (ev Event, ok bool) {
	t.Helper()
	var data []string
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			if err != io.EOF && !strings.Contains(err.Error(), "canceled") && !strings.Contains(err.Error(), "closed") {
				t.Logf("read stream: %v", err)
			}
			return ev, false
		}
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if ev.Name != "" || data != nil {
				ev.Data, ev.At = strings.Join(data, "\n"), time.Now()
				return ev, true
			}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "event:"):
			ev.Name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
		case strings.HasPrefix(line, "data:"):
			data = append(data, strings.TrimPrefix(strings.TrimPrefix(line, "data:"), " "))
		}
	}
}

// All reads events to the end of the stream.
func (s *Stream) All(t testing.TB) []Event {
	t.Helper()
	var out []Event
	for {
		ev, ok := s.Next(t)
		if !ok {
			return out
		}
		out = append(out, ev)
	}
}

// SplitReading separates a reading stream's chunk events from its final
// "done" event, with the text a reader saw when the last chunk arrived
// (ShownHTML without its tags, unescaped); it fails the test unless the
// stream is chunks ended by done.
func SplitReading(t testing.TB, evs []Event) (chunks []Event, text string, done Event) {
	t.Helper()
	if len(evs) == 0 || evs[len(evs)-1].Name != "done" {
		t.Fatalf("the stream did not end with a done event: %+v", evs)
	}
	for _, e := range evs[:len(evs)-1] {
		if e.Name != "chunk" {
			t.Fatalf("unexpected event %q before done", e.Name)
		}
		chunks = append(chunks, e)
	}
	return chunks, strings.TrimSpace(HTML(t, ShownHTML(chunks)).Text()), evs[len(evs)-1]
}

// ShownHTML is the HTML a page shows after a stream's chunk events: each
// chunk's completed blocks (the out-of-band part) added to those before,
// then the open block of the last chunk.
func ShownHTML(chunks []Event) string {
	var b strings.Builder
	open := ""
	for _, c := range chunks {
		d := c.Data
		if strings.HasPrefix(d, "<div hx-swap-oob=") {
			start := strings.Index(d, ">") + 1
			end := strings.Index(d, "</div>")
			b.WriteString(d[start:end])
			d = d[end+len("</div>"):]
		}
		open = d
	}
	return b.String() + open
}

var sseConnect = regexp.MustCompile(`sse-connect="([^"]+)"`)

// SSEConnect is the stream path a fragment's sse-connect attribute names,
// "" when it has none (for callers that may not fail the test themselves).
func SSEConnect(body string) string {
	m := sseConnect.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// StreamPath is the stream a fragment's sse-connect names (the reading
// panel's answer to POST /readings); the response must be a 200.
func StreamPath(t testing.TB, res *Response) string {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST: %d, want 200\n%.1500s", res.StatusCode, res.Body)
	}
	path := SSEConnect(res.Body)
	if path == "" {
		t.Fatalf("the fragment does not connect to a stream:\n%.1500s", res.Body)
	}
	return path
}

// ReadingID is the public id of a reading in its stream path
// ("/readings/{id}/stream").
func ReadingID(stream string) string {
	return strings.Split(strings.TrimPrefix(stream, "/readings/"), "/")[0]
}
