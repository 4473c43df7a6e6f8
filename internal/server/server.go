// Package server wires the app: it opens the database and the shared
// store, applies migrations, builds the Fiber app with its middleware and
// route table, and shuts everything down in order. The listener can serve
// before the database answers: until Connect finishes only /health,
// /ready (503), /metrics and the static files answer, everything else 503
// (startup.go).
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
	"sync"
	"sync/atomic"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/auth/session"
	"github.com/bazi-master/bazi-master/internal/buildinfo"
	"github.com/bazi-master/bazi-master/internal/config"
	"github.com/bazi-master/bazi-master/internal/database"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/internal/metrics"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/reading"
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
	// Divinations are the kept I Ching casts and Tarot draws.
	Divinations *models.Divinations
	// Portraits are the soul portraits an image model painted.
	Portraits  *models.Portraits
	Auth       *handlers.Auth
	InstanceID string
	Started    time.Time

	stopBackground context.CancelFunc
	// housekeepingEvery is the background housekeeping's interval.
	housekeepingEvery time.Duration
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

	// dependencyCheckEvery is how often the background check pings the
	// database and Redis for bazi_dependency_up (depcheck.go).
	dependencyCheckEvery time.Duration
	background           sync.WaitGroup // housekeeping and the dependency check
	// readingRunner writes readings; Close waits for those it writes with
	// no browser attached (they stop when baseCtx is cancelled).
	readingRunner *reading.Runner
	// readings are the reading handlers (readingLeft asks them).
	readings *handlers.Readings
	// readingDesk checks the daily quota readings and portraits share;
	// portraits fills the chart pages' portrait cards (both nil before
	// the route table is built).
	readingDesk *reading.Desk
	portraits   *handlers.Portraits
	// divinations are the casts-and-draws handlers (wire_divinations.go);
	// divinationRender are test overrides of their share pages.
	divinations      *handlers.Divinations
	divinationRender map[string]handlers.DivinationRenderer
	// readingCounts keeps, in this process, the remaining-readings count
	// each chart page shows (wire_readings.go): a network round trip per
	// page view to a shared cache doubled the page's p99 under load.
	readingCounts *kv.Memory

	// Built by New, before any dependency is reached (startup.go).
	site        *handlers.Site
	errs        *handlers.Errors
	obs         *observer // records every request once (middleware.go)
	assets      *static.Assets
	staticFiles fiber.Handler
	metricsPage fiber.Handler
	starting    fasthttp.RequestHandler // answers while Connect runs
	// routed is the app's route table, set once Connect has finished;
	// until then requests go to starting.
	routed    atomic.Pointer[fasthttp.RequestHandler]
	startup   startupState
	connectMu sync.Mutex // held by Connect; Close waits for it
	closed    bool       // under connectMu
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
// builds the app: New and then Connect, so the database is retried for up
// to STARTUP_TIMEOUT. The caller must Close (or Shutdown) it.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts ...Option) (*Server, error) {
	s, err := New(cfg, log, opts...)
	if err != nil {
		return nil, err
	}
	if err := s.Connect(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// New builds a server that has not reached its dependencies yet: Serve
// answers /health, /ready (503, "starting") and /metrics at once, and every
// other route 503 with Retry-After, until Connect finishes. It does no I/O.
func New(cfg config.Config, log *slog.Logger, opts ...Option) (*Server, error) {
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

	s.assets = static.NewAssets()
	s.staticFiles = staticAssets(static.FS())
	s.metricsPage = adaptor.HTTPHandler(promhttp.HandlerFor(s.Metrics.Registry, promhttp.HandlerOpts{}))
	s.site = &handlers.Site{I18n: s.I18n, Asset: s.assets.URL, IsAdmin: s.isAdmin, PublicURL: s.Config.FrontendURL}
	s.errs = handlers.NewErrors(s.site, s.Log)
	s.obs = &observer{log: s.Log, metrics: s.Metrics, onError: s.errs.Handle, trustedHops: s.Config.TrustProxy}
	s.App = fiber.New(s.fiberConfig())
	keepRequestOnBodyErrors(s.App)
	s.starting = s.startingHandler()
	// Every connection goes through dispatch, which hands requests to the
	// route table once Connect has built it. Set before serving: fasthttp
	// reads Handler without synchronisation.
	s.App.Server().Handler = s.dispatch
	s.startup.init(cfg.RedisURL != "")
	s.Metrics.SetReady(false)
	s.Metrics.SetDependencyUp("database", false)
	if cfg.RedisURL != "" {
		s.Metrics.SetDependencyUp("redis", false)
	}
	return s, nil
}

// connected opens the stores and builds the route table once the database
// is up and migrated (Connect calls it with s.DB set).
func (s *Server) connected(redisUp bool) {
	if s.Redis != nil {
		s.Store, s.Cache = s.Redis, s.Redis
	} else {
		s.Store, s.Cache = kv.NewDatabase(s.DB.Gorm), kv.NewMemory()
	}

	s.Users, s.Identities = models.NewUsers(s.DB.Gorm), models.NewIdentities(s.DB.Gorm)
	s.Charts = models.NewCharts(s.DB.Gorm)
	s.Audit = models.NewAudit(s.DB.Gorm)
	s.Readings = models.NewReadings(s.DB.Gorm)
	s.Divinations = models.NewDivinations(s.DB.Gorm)
	s.Portraits = models.NewPortraits(s.DB.Gorm)
	s.Sessions = session.New(s.Store, session.Config{
		Secret: s.Config.SessionTokenSecret, Secure: s.Config.Production,
		IdleTimeout: s.Config.SessionIdleTimeout, MaxAge: s.Config.SessionMaxAge,
	})
	s.Auth = handlers.NewAuth(s.Config, s.Log, s.Sessions, s.Users)

	s.buildApp()
	s.Metrics.SetDependencyUp("database", true)
	if s.Redis != nil {
		s.Metrics.SetDependencyUp("redis", redisUp)
	}
	s.Metrics.SetReady(s.Redis == nil || redisUp)
	s.startBackground()
	h := s.App.Handler() // builds fiber's route tree
	s.routed.Store(&h)
}

// fiberConfig is the configuration of the app and of the start-up answers.
func (s *Server) fiberConfig() fiber.Config {
	return fiber.Config{
		AppName: "bazi-master",
		// The chart document is ~20 KB of JSON; goccy/go-json writes it about
		// twice as fast as encoding/json (see BenchmarkLoad in README).
		JSONEncoder:           gojson.Marshal,
		JSONDecoder:           gojson.Unmarshal,
		DisableStartupMessage: true,
		ErrorHandler:          s.obs.serverError, // errors before routing; obs renders the rest
		BodyLimit:             1 << 20,
		ReadBufferSize:        16 << 10, // also the cap on request headers
		// A chart page is about 95 KB and the API's document 30 KB: fasthttp's
		// default 4 KB buffer took a write syscall per 4 KB (a fifth of the
		// page's CPU under load). Each open connection keeps its buffer:
		// 1,000 keep-alive connections hold 32 MB.
		WriteBufferSize: 32 << 10,
		ReadTimeout:     readTimeout(s.Config.HTTPReadTimeout),
		// No WriteTimeout: it would cut off streamed readings.
		IdleTimeout: 90 * time.Second,
	}
}

// buildApp adds the middleware and the route table to the app.
func (s *Server) buildApp() {
	s.App.Use(s.obs.middleware())
	s.routes(s.App, s.site)
	s.obs.routes.Store(newRouteResolver(s.App))
}

// isAdmin is the site's admin check; nobody is an admin before Connect
// has built the account handlers.
func (s *Server) isAdmin(u *models.User) bool {
	if s.routed.Load() == nil {
		return false
	}
	return s.Auth.IsAdmin(u)
}

// Serve handles connections on ln until Shutdown. It may be called before
// Connect: until Connect finishes the start-up answers are served.
func (s *Server) Serve(ln net.Listener) error {
	s.Log.Info("listening", "addr", ln.Addr().String(), "instance", s.InstanceID, "version", buildinfo.Version)
	// Not App.Listener: that would build fiber's route tree now, before
	// Connect has added the routes (Connect builds it when it has).
	return s.App.Server().Serve(ln)
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
// the HTTP listener (for commands that never served). A Connect still
// running is stopped first.
func (s *Server) Close() error {
	s.cancelBase()
	s.connectMu.Lock()
	defer s.connectMu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.stopBackground != nil {
		s.stopBackground()
		s.background.Wait()
		s.stopBackground = nil
	}
	if s.readingRunner != nil {
		s.readingRunner.Wait() // they store what was written first
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

// startBackground runs housekeeping (expired entries in the database and
// memory stores; Redis expires keys by itself) and the dependency check,
// until Close.
func (s *Server) startBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	s.stopBackground = cancel
	s.background.Add(2)
	go func() {
		defer s.background.Done()
		s.housekeeping(ctx)
	}()
	go func() {
		defer s.background.Done()
		s.checkDependencies(ctx)
	}()
}

func (s *Server) housekeeping(ctx context.Context) {
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
			stores := []kv.Store{s.Store, s.Cache}
			if s.readingCounts != nil {
				stores = append(stores, s.readingCounts)
			}
			for _, st := range stores {
				if sw, ok := st.(sweeper); ok {
					if _, err := sw.Sweep(ctx); err != nil && ctx.Err() == nil {
						s.Log.Warn("sweep expired entries", "error", err)
					}
				}
			}
			s.deleteOldGuestReadings(ctx)
		}
	}
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
	// Guests' portraits follow the same rule as their readings.
	if s.Portraits != nil {
		n, err := s.Portraits.DeleteGuest(ctx, s.now().Add(-keep))
		switch {
		case err != nil && ctx.Err() == nil:
			s.Log.Warn("delete old guest portraits", "error", err)
		case n > 0:
			s.Log.Info("deleted old guest portraits", "count", n, "older_than_days", int(keep.Hours()/24))
		}
	}
	// Guests' casts and draws follow the same rule as their readings.
	if s.Divinations == nil {
		return
	}
	n, err = s.Divinations.DeleteGuest(ctx, s.now().Add(-keep))
	switch {
	case err != nil && ctx.Err() == nil:
		s.Log.Warn("delete old guest casts and draws", "error", err)
	case n > 0:
		s.Log.Info("deleted old guest casts and draws", "count", n, "older_than_days", int(keep.Hours()/24))
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
