package server

// Start-up while a dependency is down. serve listens first (New, Serve)
// and then connects (Connect): the database is retried with exponential
// backoff and jitter until STARTUP_TIMEOUT, with /health answering 200,
// /ready 503 naming what is not ready, and every other route 503 with
// Retry-After meanwhile. Redis that does not answer at start-up does not
// hold the app back: the app runs as it does when Redis fails later
// (sessions unreadable, so people are guests; rate limits in memory;
// /ready 503 naming redis) and the client reconnects when Redis is back.

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/views"
)

// DefaultStartupTimeout is STARTUP_TIMEOUT's default, used when a Config
// built by hand leaves it zero.
const DefaultStartupTimeout = 60 * time.Second

// startRetryAfter is the Retry-After (seconds) of the 503s sent while
// starting.
const startRetryAfter = "5"

// Backoff between database attempts: 500 ms doubling to at most 5 s, each
// wait drawn from its upper half so instances restarted together spread out.
const (
	backoffFirst = 500 * time.Millisecond
	backoffMax   = 5 * time.Second
)

// ErrClosed is Connect's answer after Close.
var ErrClosed = errors.New("server closed")

// StartupError is Connect giving up: the database did not answer within
// STARTUP_TIMEOUT.
type StartupError struct {
	Timeout  time.Duration
	Attempts int
	Err      error // the last attempt's error
}

func (e *StartupError) Error() string {
	return fmt.Sprintf("database not reachable within STARTUP_TIMEOUT (%s, %d attempts): %v", e.Timeout, e.Attempts, e.Err)
}

func (e *StartupError) Unwrap() error { return e.Err }

// Connect reaches the database (retrying until STARTUP_TIMEOUT), applies
// pending migrations, opens Redis and builds the route table; from then on
// Serve answers every route. It returns a *StartupError when the database
// never answered, the context's error when ctx ends or Close is called
// first, and migration errors at once (a bad migration does not heal).
func (s *Server) Connect(ctx context.Context) error {
	s.connectMu.Lock()
	defer s.connectMu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.routed.Load() != nil {
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.baseCtx, cancel)() // Close stops the retries
	start := time.Now()

	redisUp := true
	if s.Config.RedisURL != "" {
		r, err := kv.NewRedis(s.Config.RedisURL, s.Config.RedisKeyPrefix)
		if err != nil {
			return err
		}
		pctx, pcancel := context.WithTimeout(ctx, readyTimeout)
		perr := r.Ping(pctx)
		pcancel()
		if perr != nil {
			if ctx.Err() != nil {
				_ = r.Close()
				return ctx.Err()
			}
			redisUp = false
			s.Log.Warn("redis unreachable at start-up; starting without it: signed-in people are served as guests and rate limits count in memory until it answers",
				"error", perr)
		}
		s.Redis = r
		s.startup.set("redis", startCheck{Status: statusOf(perr)})
	}

	db, attempts, err := s.connectDatabase(ctx)
	if err != nil {
		if s.Redis != nil {
			_ = s.Redis.Close()
			s.Redis = nil
		}
		return err
	}
	s.DB = db
	s.connected(redisUp)
	s.Log.Info("ready", "database", string(db.Dialect), "redis", s.Redis != nil, "redis_up", redisUp,
		"attempts", attempts, "startup_ms", time.Since(start).Milliseconds())
	return nil
}

// connectDatabase opens the database and applies migrations, retrying
// while PostgreSQL cannot be reached, until STARTUP_TIMEOUT has passed
// (the last attempt may run over by its own time-out, 5 s at most). SQLite
// is a local file: its errors are returned at once.
func (s *Server) connectDatabase(ctx context.Context) (*database.DB, int, error) {
	timeout := s.Config.StartupTimeout
	if timeout <= 0 {
		timeout = DefaultStartupTimeout
	}
	deadline := time.Now().Add(timeout)
	for attempt := 1; ; attempt++ {
		db, err := database.Open(ctx, s.Config)
		if err == nil {
			s.startup.set("database", startCheck{Status: "migrating", Attempts: attempt})
			if err = db.MigrateUp(ctx, s.Log); err == nil {
				s.startup.set("database", startCheck{Status: "ok", Attempts: attempt})
				return db, attempt, nil
			}
			// A migration that fails while the database answers is a bug
			// in it or a schema conflict: no retry mends that.
			pctx, cancel := context.WithTimeout(ctx, readyTimeout)
			perr := db.Ping(pctx)
			cancel()
			_ = db.Close()
			if perr == nil || ctx.Err() != nil {
				return nil, attempt, err
			}
		}
		if ctx.Err() != nil {
			return nil, attempt, ctx.Err()
		}
		if !s.Config.UsesPostgres() {
			return nil, attempt, err
		}
		s.startup.set("database", startCheck{Status: "failed", Error: failureKind(err), Attempts: attempt})
		left := time.Until(deadline)
		if left <= 0 {
			return nil, attempt, &StartupError{Timeout: timeout, Attempts: attempt, Err: err}
		}
		wait := min(backoff(attempt), left)
		s.Log.Warn("database not reachable at start-up; retrying", "attempt", attempt,
			"retry_in_ms", wait.Milliseconds(), "gives_up_in_ms", left.Milliseconds(), "error", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, attempt, ctx.Err()
		case <-t.C:
		}
	}
}

// backoff is the wait after the attempt-th failure: backoffFirst doubling
// up to backoffMax, with "equal jitter" (a random point in the upper half).
func backoff(attempt int) time.Duration {
	d := backoffMax
	if attempt < 8 {
		d = min(backoffFirst<<(attempt-1), backoffMax)
	}
	return d/2 + rand.N(d/2+1)
}

// failureKind is what /ready may say about a failure: never the message,
// which can name internal hosts.
func failureKind(err error) string {
	if errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "timeout") {
		return "timeout"
	}
	return "unreachable"
}

func statusOf(err error) string {
	if err != nil {
		return "failed"
	}
	return "ok"
}

// startCheck is one dependency in the start-up /ready answer.
type startCheck struct {
	Status   string `json:"status"` // ok, pending, failed, migrating
	Error    string `json:"error,omitempty"`
	Attempts int    `json:"attempts,omitempty"`
}

// startupState is what Connect has reached so far, for /ready.
type startupState struct {
	mu     sync.Mutex
	checks map[string]startCheck
}

func (st *startupState) init(redis bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.checks = map[string]startCheck{"database": {Status: "pending"}}
	if redis {
		st.checks["redis"] = startCheck{Status: "pending"}
	}
}

func (st *startupState) set(name string, c startCheck) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if c.Status == "failed" && c.Error == "" {
		c.Error = "unreachable"
	}
	st.checks[name] = c
}

// snapshot returns a copy of the checks and the names not ok, sorted.
func (st *startupState) snapshot() (map[string]startCheck, []string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make(map[string]startCheck, len(st.checks))
	failed := []string{}
	for name, c := range st.checks {
		out[name] = c
		if c.Status != "ok" {
			failed = append(failed, name)
		}
	}
	sort.Strings(failed)
	return out, failed
}

// dispatch is the HTTP server's handler: the route table once Connect
// has built it, the start-up answers before.
func (s *Server) dispatch(ctx *fasthttp.RequestCtx) {
	if h := s.routed.Load(); h != nil {
		(*h)(ctx)
		return
	}
	s.starting(ctx)
}

// startingHandler answers while Connect runs: liveness, readiness (503,
// naming what is not ready), metrics and static files, and a translated
// 503 page (JSON on the API) with Retry-After for everything else.
func (s *Server) startingHandler() fasthttp.RequestHandler {
	app := fiber.New(s.fiberConfig())
	app.Use(s.obs.middleware())
	s.startingRoutes(app)
	return app.Handler()
}

// startingReady is /ready before Connect has finished.
func (s *Server) startingReady(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	checks, failed := s.startup.snapshot()
	return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "starting", "failed": failed, "checks": checks})
}

// startingUnavailable answers every other route while starting. It renders
// the page itself rather than returning an error, so each request logs one
// line (the request line), not an error report as well.
func (s *Server) startingUnavailable(c *fiber.Ctx) error {
	c.Locals(handlers.LocalRoute, "starting")
	c.Set(fiber.HeaderRetryAfter, startRetryAfter)
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Status(fiber.StatusServiceUnavailable)
	if strings.HasPrefix(c.Path(), "/api/") || c.Accepts(fiber.MIMETextHTML, fiber.MIMEApplicationJSON) == fiber.MIMEApplicationJSON {
		return c.JSON(fiber.Map{"error": handlers.APIError{Code: "unavailable", Message: "The service is starting; please try again in a few seconds."}})
	}
	p := s.site.Page(c, "")
	p.Title = p.T("error.503.title")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return views.ErrorPage(p, fiber.StatusServiceUnavailable, p.Title, p.T("error.503.body")).Render(c.UserContext(), c.Response().BodyWriter())
}
