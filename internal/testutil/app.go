package testutil

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/logging"
	"github.com/bazi-master/bazi-master/internal/server"
)

// App is the whole app running in-process on a loopback port.
type App struct {
	URL    string
	Server *server.Server
	Logs   *LogBuffer
	Client *http.Client // keeps cookies, does not follow redirects
}

// AppOption adjusts how StartApp configures the app.
type AppOption func(*appSettings)

type appSettings struct {
	env        map[string]string
	sqlite     bool
	noRedis    bool
	serverOpts []server.Option
	routes     []func(fiber.Router)
}

// WithEnv sets environment variables for the app's configuration.
func WithEnv(kv ...string) AppOption {
	return func(s *appSettings) {
		for i := 0; i+1 < len(kv); i += 2 {
			s.env[kv[i]] = kv[i+1]
		}
	}
}

// WithSQLite runs the app on a fresh embedded SQLite file, as `make run` does.
func WithSQLite() AppOption { return func(s *appSettings) { s.sqlite = true } }

// WithoutRedis runs the app with no REDIS_URL.
func WithoutRedis() AppOption { return func(s *appSettings) { s.noRedis = true } }

// WithServerOptions passes options to server.Open. Routes go through
// WithRoutes instead: StartApp passes server.WithRoutes itself, which would
// replace one passed here.
func WithServerOptions(o ...server.Option) AppOption {
	return func(s *appSettings) { s.serverOpts = append(s.serverOpts, o...) }
}

// WithRoutes mounts test-only routes (probes such as a deliberately slow
// handler) after the app's own, beside the sign-in routes StartApp always
// mounts (see SignIn).
func WithRoutes(add func(fiber.Router)) AppOption {
	return func(s *appSettings) { s.routes = append(s.routes, add) }
}

// StartApp starts the app against this package's PostgreSQL database and
// real Redis (unless told otherwise) and stops it when the test ends. It
// returns once the app is connected and serves every route. Its test-only
// routes (SignIn, WhoAmI and those of WithRoutes) are mounted here, so no
// other build of the app has them.
func StartApp(t testing.TB, opts ...AppOption) *App {
	t.Helper()
	st := appSettingsOf(opts)
	cfg := appConfig(t, st)
	logs := &LogBuffer{}
	var srv *server.Server
	srv, err := server.Open(context.Background(), cfg, logging.New(logs, cfg.LogLevel), st.serverOptions(&srv)...)
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	return serveApp(t, srv, logs)
}

// StartAppNoWait starts the app as serve does, listener first, and
// returns while it is still connecting (only /health, /ready and /metrics
// answer until then); Connect's result arrives on connected. For tests of
// start-up with a dependency down.
func StartAppNoWait(t testing.TB, opts ...AppOption) (app *App, connected <-chan error) {
	t.Helper()
	st := appSettingsOf(opts)
	cfg := appConfig(t, st)
	logs := &LogBuffer{}
	var srv *server.Server
	srv, err := server.New(cfg, logging.New(logs, cfg.LogLevel), st.serverOptions(&srv)...)
	if err != nil {
		t.Fatalf("start app: %v", err)
	}
	app = serveApp(t, srv, logs)
	done := make(chan error, 1)
	go func() { done <- srv.Connect(context.Background()) }()
	return app, done
}

// serverOptions are the test's server options and, last, the test-only
// routes; srv is the server they act on, set once it is made.
func (st *appSettings) serverOptions(srv **server.Server) []server.Option {
	routes := server.WithRoutes(func(r fiber.Router) {
		mountTestRoutes(r, func() *server.Server { return *srv })
		for _, add := range st.routes {
			add(r)
		}
	})
	return append(st.serverOpts[:len(st.serverOpts):len(st.serverOpts)], routes)
}

func appSettingsOf(opts []AppOption) *appSettings {
	st := &appSettings{env: map[string]string{"APP_ENV": "test", "LOG_LEVEL": "debug"}}
	for _, o := range opts {
		o(st)
	}
	return st
}

// appConfig is the app's configuration for st: a PostgreSQL database of
// the package's own (or SQLite) and Redis under a private prefix.
func appConfig(t testing.TB, st *appSettings) config.Config {
	t.Helper()
	if st.sqlite {
		st.env["SQLITE_PATH"] = t.TempDir() + "/bazi-master.db"
	} else if _, ok := st.env["DATABASE_URL"]; !ok {
		st.env["DATABASE_URL"] = PostgresURL(t)
	}
	if !st.noRedis {
		if _, ok := st.env["REDIS_URL"]; !ok {
			u, prefix := Redis(t)
			st.env["REDIS_URL"], st.env["REDIS_KEY_PREFIX"] = u, prefix
		}
	}
	cfg, err := config.Load(func(k string) string { return st.env[k] })
	if err != nil {
		t.Fatalf("test config: %v", err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("test config: %v", err)
	}
	return cfg
}

// serveApp serves srv on a loopback port until the test ends.
func serveApp(t testing.TB, srv *server.Server, logs *LogBuffer) *App {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = srv.Close()
		t.Fatalf("listen: %v", err)
	}
	go func() { _ = srv.Serve(ln) }()
	jar, _ := cookiejar.New(nil)
	app := &App{
		URL:    "http://" + ln.Addr().String(),
		Server: srv,
		Logs:   logs,
		Client: &http.Client{
			Jar:           jar,
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	t.Cleanup(func() {
		if err := srv.Shutdown(5 * time.Second); err != nil && !strings.Contains(err.Error(), "not running") {
			t.Logf("shutdown: %v", err)
		}
	})
	return app
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([A-Za-z0-9_-]+)"`)

// CSRFToken loads the home page, as a browser would before posting a form,
// and returns the token the page carries (its cookie is now in the jar).
func (a *App) CSRFToken(t testing.TB) string {
	t.Helper()
	m := csrfMeta.FindStringSubmatch(a.Get(t, "/").Body)
	if m == nil {
		t.Fatal("the home page carries no CSRF token")
	}
	return m[1]
}

// Response is a finished HTTP exchange with its body read.
type Response struct {
	*http.Response
	Body string
}

// Do sends req to the app and reads the whole body.
func (a *App) Do(t testing.TB, req *http.Request) *Response {
	t.Helper()
	res, err := a.Client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL, err)
	}
	return &Response{Response: res, Body: string(body)}
}

// Get fetches path with optional header pairs ("Accept-Language", "zh-CN").
func (a *App) Get(t testing.TB, path string, headers ...string) *Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return a.Do(t, req)
}

// rawTransport adds no Accept-Encoding of its own and decodes nothing.
var rawTransport = &http.Transport{DisableCompression: true}

// GetRaw fetches path with header pairs ("Accept-Encoding", "gzip") as
// they are, without cookies, and returns the response with its body as the
// server sent it: still compressed when it compressed.
func (a *App) GetRaw(t testing.TB, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, a.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := rawTransport.RoundTrip(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return res, body
}

// JSON decodes the body into v, failing the test on bad JSON.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode JSON %q: %v", r.Body, err)
	}
}

// LogBuffer collects the app's JSON log lines (or any output) safely across
// goroutines.
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// String returns everything logged so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// Lines decodes every log line.
func (l *LogBuffer) Lines(t testing.TB) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.String()), "\n") {
		if line == "" {
			continue
		}
		m := map[string]any{}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		out = append(out, m)
	}
	return out
}

// FreePort returns a TCP port that was free a moment ago on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// Errorf is fmt.Errorf, for Eventually checks.
func Errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
