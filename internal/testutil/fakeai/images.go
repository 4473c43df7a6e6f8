package fakeai

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// ImageOptions configure a fake OpenAI image server. The zero value
// answers every request with DefaultPNG.
type ImageOptions struct {
	Image []byte // the image returned as b64_json (nil: DefaultPNG())
	// Status, when not 0 or 200, answers with that status and the API's
	// JSON error body.
	Status int
	// Delay holds the answer this long (or until the client goes away).
	Delay time.Duration
	// Malformed answers 200 with a body that is not JSON.
	Malformed bool
	// Arrived, when not nil, is sent to as each request arrives, and Hold,
	// when not nil, keeps the answer until it is closed (or the client goes
	// away): together they let a test act while a painting is in flight.
	Arrived chan<- struct{}
	Hold    <-chan struct{}
}

// DefaultPNG is a small valid PNG (8×8, one colour).
func DefaultPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for y := 0; y < 8; y++ {
		for x := 0; x < 8; x++ {
			img.Set(x, y, color.RGBA{0x9b, 0x2c, 0x2c, 0xff})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// ImageServer is a running fake of POST /v1/images/generations.
type ImageServer struct {
	URL string // base URL: pass URL+"/v1" to go-openai

	srv  *httptest.Server
	opts ImageOptions
	mu   sync.Mutex
	reqs []Request
}

// StartOpenAIImages starts a fake OpenAI image generation server. It
// answers {"created": …, "data": [{"b64_json": …}]} as the real API does.
func StartOpenAIImages(t testing.TB, opts ImageOptions) *ImageServer {
	t.Helper()
	if opts.Image == nil {
		opts.Image = DefaultPNG()
	}
	s := &ImageServer{opts: opts}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	t.Cleanup(func() {
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
	return s
}

// Requests returns the requests received so far.
func (s *ImageServer) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

func (s *ImageServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/v1/images/generations" {
		writeJSONStatus(w, http.StatusNotFound, `{"error":{"message":"unknown route","type":"invalid_request_error"}}`)
		return
	}
	if s.opts.Arrived != nil {
		select {
		case s.opts.Arrived <- struct{}{}:
		case <-r.Context().Done():
			return
		}
	}
	if s.opts.Hold != nil {
		select {
		case <-r.Context().Done():
			return
		case <-s.opts.Hold:
		}
	}
	if s.opts.Delay > 0 {
		t := time.NewTimer(s.opts.Delay)
		defer t.Stop()
		select {
		case <-r.Context().Done():
			return
		case <-t.C:
		}
	}
	if s.opts.Status != 0 && s.opts.Status != http.StatusOK {
		writeJSONStatus(w, s.opts.Status, `{"error":{"message":"fake image error","type":"server_error","code":null}}`)
		return
	}
	if s.opts.Malformed {
		writeJSONStatus(w, http.StatusOK, `{"created": 1, "data": [{"b64_json": `)
		return
	}
	out, _ := json.Marshal(map[string]any{
		"created": time.Now().Unix(),
		"data":    []map[string]string{{"b64_json": base64.StdEncoding.EncodeToString(s.opts.Image)}},
	})
	writeJSONStatus(w, http.StatusOK, string(out))
}
