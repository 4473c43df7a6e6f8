// Package server wires the app: it opens the database and the shared
// store, applies migrations, builds the Fiber app with its middleware and
// route table, and shuts everything down in order.
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/auth/session"
	"github.com/bazi-master/bazi-master/internal/buildinfo"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/internal/metrics"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/static"
)

// Server is one running instance of the app.
type Server struct {
	App        *fiber.App
	Config     config.Config
	Log        *slog.Logger
	DB         *database.DB
	Redis      *kv.Redis // nil without REDIS_URL
	Store      kv.Store  // shared, durable: Redis, else the database
	Cache      kv.Store  // shared cache: Redis, else process memory
	Metrics    *metrics.Metrics
	I18n       *i18n.Catalog
	Sessions   *session.Manager
	Users      *models.Users
	Identities *models.Identities
	Charts     *models.Charts
	Audit      *models.Audit
	Readings   *models.Readings
	Auth       *handlers.Auth
	InstanceID string
	Started    time.Time

	stopBackground context.CancelFunc
	// housekeepingEvery is the background housekeeping's interval.
	housekeepingEvery time.Duration
	backgroundDone    chan struct{}
	extraRoutes       func(fiber.Router)
	limiter           ratelimit.Limiter // wire_limits.go: Redis when set, else memory
	limits            *Limits           // nil: DefaultLimits (WithLimits)
	now               func() time.Time
	oauthOpts         oauthSettings   // provider sign-in overrides and the built handler (wire_oauth.go)
	readingOpts       readingSettings // reading stream overrides (wire_readings.go)
	// baseCtx is cancelled when shutdown begins: open reading streams
	// stop, store what was written and end, so the HTTP shutdown can finish.
	baseCtx    context.Context
	cancelBase context.CancelFunc
}

// Option adjusts a server at Open.
type Option func(*Server)

// WithClock replaces time.Now, so tests can pin "today" (the current luck pillar).
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithRoutes adds routes after the app's own and before the not-found
// handler; tests use it to mount probes such as a deliberately slow handler.
func WithRoutes(add func(fiber.Router)) Option {
	return func(s *Server) { s.extraRoutes = add }
}

// Open connects to the database and Redis, applies pending migrations and
// builds the app. The caller must Close (or Shutdown) it.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*Server, error) {
	s := &Server{Config: cfg, Log: log, Started: time.Now(), Metrics: metrics.New(), InstanceID: cfg.InstanceID, now: time.Now}
	s.baseCtx, s.cancelBase = context.WithCancel(context.Background())
	for _, o := range opts {
		o(s)
	}
	if s.InstanceID == "" {
		s.InstanceID = defaultInstanceID()
	}
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	s.I18n = catalog

	if s.DB, err = database.Open(ctx, cfg); err != nil {
		return nil, err
	}
	if err := s.DB.MigrateUp(ctx, log); err != nil {
		_ = s.DB.Close()
		return nil, err
	}
	if cfg.RedisURL != "" {
		if s.Redis, err = kv.OpenRedis(ctx, cfg.RedisURL, cfg.RedisKeyPrefix); err != nil {
			_ = s.DB.Close()
			return nil, err
		}
		s.Store, s.Cache = s.Redis, s.Redis
	} else {
		s.Store, s.Cache = kv.NewDatabase(s.DB.Gorm), kv.NewMemory()
	}

	s.Users, s.Identities = models.NewUsers(s.DB.Gorm), models.NewIdentities(s.DB.Gorm)
	s.Charts = models.NewCharts(s.DB.Gorm)
	s.Audit = models.NewAudit(s.DB.Gorm)
	s.Readings = models.NewReadings(s.DB.Gorm)
	s.Sessions = session.New(s.Store, session.Config{
		Secret: cfg.SessionTokenSecret, Secure: cfg.Production,
		IdleTimeout: cfg.SessionIdleTimeout, MaxAge: cfg.SessionMaxAge,
	})
	s.Auth = handlers.NewAuth(cfg, log, s.Sessions, s.Users)

	s.App = s.buildApp()
	s.startBackground()
	return s, nil
}

func (s *Server) buildApp() *fiber.App {
	site := &handlers.Site{I18n: s.I18n, Asset: static.NewAssets().URL, IsAdmin: s.Auth.IsAdmin}
	errs := handlers.NewErrors(site, s.Log)
	obs := &observer{log: s.Log, metrics: s.Metrics, onError: errs.Handle, trustedHops: s.Config.TrustProxy}
	app := fiber.New(fiber.Config{
		AppName: "bazi-master",
		// The chart document is ~20 KB of JSON; goccy/go-json writes it about
		// twice as fast as encoding/json (see BenchmarkLoad in README).
		JSONEncoder:           gojson.Marshal,
		JSONDecoder:           gojson.Unmarshal,
		DisableStartupMessage: true,
		ErrorHandler:          obs.serverError, // errors before routing; obs renders the rest
		BodyLimit:             1 << 20,
		ReadBufferSize:        16 << 10, // also the cap on request headers
		ReadTimeout:           readTimeout(s.Config.HTTPReadTimeout),
		// No WriteTimeout: it would cut off streamed readings.
		IdleTimeout: 90 * time.Second,
	})
	keepRequestOnBodyErrors(app)
	app.Use(obs.middleware())
	s.routes(app, site)
	obs.routes = newRouteResolver(app)
	return app
}

// Serve handles connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.Log.Info("listening", "addr", ln.Addr().String(), "instance", s.InstanceID, "version", buildinfo.Version,
		"database", string(s.DB.Dialect), "redis", s.Redis != nil)
	return s.App.Listener(ln)
}

// Shutdown stops accepting connections, lets in-flight requests finish
// within timeout, then closes the database and Redis.
func (s *Server) Shutdown(timeout time.Duration) error {
	var errs []error
	s.cancelBase()
	if err := s.App.ShutdownWithTimeout(timeout); err != nil {
		errs = append(errs, fmt.Errorf("stop http: %w", err))
	}
	return errors.Join(append(errs, s.Close())...)
}

// Close releases the database, Redis and background work without touching
// the HTTP listener (for commands that never served).
func (s *Server) Close() error {
	s.cancelBase()
	if s.stopBackground != nil {
		s.stopBackground()
		<-s.backgroundDone
		s.stopBackground = nil
	}
	var errs []error
	// The Redis limiter's dispatchers finish their round trip before the
	// client they use is closed.
	if c, ok := s.limiter.(interface{ Close() error }); ok {
		if err := c.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close rate limiter: %w", err))
		}
	}
	if s.Redis != nil {
		if err := s.Redis.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close redis: %w", err))
		}
	}
	if s.DB != nil {
		if err := s.DB.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close database: %w", err))
		}
	}
	return errors.Join(errs...)
}

// sweeper is a store that can drop its expired entries.
type sweeper interface {
	Sweep(ctx context.Context) (int64, error)
}

// startBackground runs housekeeping: expired entries in the database and
// memory stores (Redis expires keys by itself).
func (s *Server) startBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopBackground, s.backgroundDone = cancel, make(chan struct{})
	go func() {
		defer close(s.backgroundDone)
		every := s.housekeepingEvery
		if every <= 0 {
			every = 10 * time.Minute
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				for _, st := range []kv.Store{s.Store, s.Cache} {
					if sw, ok := st.(sweeper); ok {
						if _, err := sw.Sweep(ctx); err != nil && ctx.Err() == nil {
							s.Log.Warn("sweep expired entries", "error", err)
						}
					}
				}
				s.deleteOldGuestReadings(ctx)
			}
		}
	}()
}

// deleteOldGuestReadings applies GUEST_READING_RETENTION_DAYS. Every
// instance runs it; the deletes are idempotent.
func (s *Server) deleteOldGuestReadings(ctx context.Context) {
	keep := s.Config.GuestReadingRetention
	if keep <= 0 || s.Readings == nil {
		return
	}
	n, err := s.Readings.DeleteGuestReadings(ctx, s.now().Add(-keep))
	switch {
	case err != nil && ctx.Err() == nil:
		s.Log.Warn("delete old guest readings", "error", err)
	case n > 0:
		s.Log.Info("deleted old guest readings", "count", n, "older_than_days", int(keep.Hours()/24))
	}
}

// WithHousekeepingEvery sets how often the background housekeeping runs
// (default 10 minutes); tests shorten it.
func WithHousekeepingEvery(d time.Duration) Option {
	return func(s *Server) { s.housekeepingEvery = d }
}

func defaultInstanceID() string {
	host, _ := os.Hostname()
	var b [3]byte
	_, _ = rand.Read(b[:])
	return host + "-" + hex.EncodeToString(b[:])
}

// readTimeout is HTTP_READ_TIMEOUT, 15 s when unset (a Config built by hand).
func readTimeout(d time.Duration) time.Duration {
	if d <= 0 {
		return 15 * time.Second
	}
	return d
}
