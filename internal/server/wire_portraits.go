package server

// OWNER: portraits. Builds the soul portrait handlers: the image painter
// (OpenAI's image API when an OpenAI key is set and the built-in reader is
// not forced), the store, and the quota shared with readings.

import (
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/views"
)

// portraitsHandler needs readingsHandler to have run (the visitor and the
// quota's desk).
func (s *Server) portraitsHandler(site *handlers.Site, chart *handlers.ChartPage) *handlers.Portraits {
	cfg := s.Config
	deps := handlers.PortraitsDeps{
		Store:    s.Portraits,
		Charts:   s.Charts,
		Chart:    chart,
		Readings: s.readings,
		Desk:     s.readingDesk,
		Timeout:  cfg.OpenAIImageTimeout,
		PriceUSD: cfg.OpenAIImagePriceUSD,
		Log:      s.Log,
	}
	if cfg.OpenAIAPIKey != "" && cfg.AIProvider != "builtin" {
		deps.Painter = reading.NewOpenAIImages(cfg.OpenAIAPIKey, cfg.OpenAIImageModel, cfg.OpenAIBaseURL, s.readingOpts.httpClient)
	}
	s.portraits = handlers.NewPortraits(site, deps)
	return s.portraits
}

// portraitPanel fills a chart page's portrait card (nothing before the
// portrait handlers exist).
func (s *Server) portraitPanel(c *fiber.Ctx, v *views.ChartView) {
	if s.portraits != nil {
		s.portraits.Panel(c, v)
	}
}
