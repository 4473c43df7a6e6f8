package server

// Builds the admin dashboard handlers; each owner extends its Deps here.

import (
	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/buildinfo"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
)

func (s *Server) adminHandler(site *handlers.Site) *handlers.Admin {
	svc := s.ReadingService()
	cfg := s.Config
	providers := []handlers.AdminProvider{
		{Name: "openai", Model: cfg.OpenAIModel},
		{Name: "anthropic", Model: cfg.AnthropicModel},
		{Name: "builtin", Model: reading.NewBuiltin().Model(), Provider: reading.NewBuiltin()},
	}
	// A compatible endpoint (OPENAI_BASE_URL) may need no key.
	if cfg.OpenAIAPIKey != "" || cfg.OpenAIBaseURL != "" {
		providers[0].Provider = reading.NewOpenAI(cfg.OpenAIAPIKey, cfg.OpenAIModel, cfg.OpenAIBaseURL, s.readingOpts.httpClient)
	}
	if cfg.AnthropicAPIKey != "" {
		providers[1].Provider = reading.NewAnthropic(cfg.AnthropicAPIKey, cfg.AnthropicModel, cfg.AnthropicBaseURL, s.readingOpts.httpClient)
	}
	for i, p := range providers {
		if p.Provider != nil {
			providers[i].Model = p.Provider.Model()
		}
	}
	deps := handlers.AdminDeps{
		Auth: s.Auth, Stats: models.NewStats(s.DB.Gorm), Audit: s.Audit, Metrics: s.Metrics,
		Providers: providers, Active: svc.Provider().Name(), Ping: svc.PingProvider,
		QuotaUser: cfg.ReadingQuotaUser, QuotaGuest: cfg.ReadingQuotaGuest,
		Dialect: string(s.DB.Dialect), PingDatabase: s.DB.Ping, MigrationVersion: s.DB.Version,
		Version: buildinfo.Version, Commit: buildinfo.Commit, BuildDate: buildinfo.Date,
		Started: s.Started, InstanceID: s.InstanceID,
		TrustProxy: cfg.TrustProxy, Now: s.now, Log: s.Log,
		Prices: cfg.AIPrices, PriceOverrides: cfg.AIPriceOverrides, RateLimits: s.EffectiveLimits(),
	}
	if cfg.OpenAIAPIKey != "" && cfg.AIProvider != "builtin" { // as portraitsHandler decides
		deps.ImageModel, deps.ImagePriceUSD = cfg.OpenAIImageModel, cfg.OpenAIImagePriceUSD
	}
	if s.Redis != nil {
		deps.PingRedis = s.Redis.Ping
	}
	return handlers.NewAdmin(site, deps)
}

func (s *Server) adminUsersHandler(site *handlers.Site) *handlers.AdminUsers {
	return handlers.NewAdminUsers(site, handlers.AdminUsersDeps{
		Auth:       s.Auth,
		UserAdmin:  models.NewUserAdmin(s.DB.Gorm),
		Readings:   s.Readings,
		Audit:      s.Audit,
		QuotaUser:  s.Config.ReadingQuotaUser,
		TrustProxy: s.Config.TrustProxy,
		Now:        s.now,
		Log:        s.Log,
	})
}
