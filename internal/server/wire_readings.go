package server

// OWNER: readings. Builds the reading service (provider chosen from the
// configuration, built-in reader as fallback) and its handlers.

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/kv"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/views"
)

// readingSettings are test overrides of the reading streams (WithReadingOptions).
type readingSettings struct {
	httpClient  *http.Client
	heartbeat   time.Duration
	builtinPace time.Duration
	paceSet     bool
}

// DefaultBuiltinPace spaces the built-in reader's pieces so that it reads
// as it streams, like an AI provider, instead of arriving all at once.
const DefaultBuiltinPace = 15 * time.Millisecond

// WithReadingStreams sets the heartbeat interval of reading streams (default
// 15 s) and the built-in reader's pace between pieces (default
// DefaultBuiltinPace; 0 sends them as fast as possible).
func WithReadingStreams(heartbeat, builtinPace time.Duration) Option {
	return func(s *Server) {
		s.readingOpts.heartbeat, s.readingOpts.builtinPace, s.readingOpts.paceSet = heartbeat, builtinPace, true
	}
}

// ReadingService builds the reading service from the configuration.
func (s *Server) ReadingService() *reading.Service {
	pace := DefaultBuiltinPace
	if s.readingOpts.paceSet {
		pace = s.readingOpts.builtinPace
	}
	cfg := s.Config
	return reading.NewService(reading.Config{
		Provider:          cfg.AIProvider,
		OpenAIKey:         cfg.OpenAIAPIKey,
		OpenAIModel:       cfg.OpenAIModel,
		OpenAIBaseURL:     cfg.OpenAIBaseURL,
		AnthropicKey:      cfg.AnthropicAPIKey,
		AnthropicModel:    cfg.AnthropicModel,
		AnthropicBaseURL:  cfg.AnthropicBaseURL,
		FirstTokenTimeout: cfg.AIFirstTokenTimeout,
		TotalTimeout:      cfg.AITotalTimeout,
		HTTPClient:        s.readingOpts.httpClient,
	}, &reading.Builtin{Pace: pace}, s.Log)
}

func (s *Server) readingsHandler(site *handlers.Site) *handlers.Readings {
	svc := s.ReadingService()
	svc.Observe = s.Metrics.ReadingFinished
	// A reading still marked in progress after the longest a stream can
	// take was left by an instance that died: it stops blocking its owner.
	s.Readings.Stale = s.Config.AITotalTimeout + 2*time.Minute
	s.readingRunner = reading.NewRunner(svc, reading.RunnerConfig{
		TotalTimeout: s.Config.AITotalTimeout,
		Heartbeat:    s.readingOpts.heartbeat,
		Base:         s.baseCtx,
		Log:          s.Log,
	})
	s.readingCounts = kv.NewMemory()
	s.readingDesk = reading.NewDesk(reading.DeskConfig{
		Readings:   s.Readings,
		Charts:     s.Charts,
		Provider:   svc.Provider().Name(),
		Model:      svc.Provider().Model(),
		QuotaUser:  s.Config.ReadingQuotaUser,
		QuotaGuest: s.Config.ReadingQuotaGuest,
		Now:        s.now,
		Cache:      s.readingCounts, // the count each chart page shows, without a query per view
	})
	s.readings = handlers.NewReadings(site, handlers.ReadingsDeps{
		Readings:   s.Readings,
		Desk:       s.readingDesk,
		Runner:     s.readingRunner,
		Markdown:   reading.RenderMarkdown,
		TrustProxy: s.Config.TrustProxy,
	})
	return s.readings
}

// readingLeft is what is left of the visitor's daily readings, for the
// reading panel of the chart pages (nil before the reading handlers exist).
func (s *Server) readingLeft(c *fiber.Ctx) *views.ReadingAllowance {
	if s.readings == nil {
		return nil
	}
	return s.readings.Allowance(c)
}
