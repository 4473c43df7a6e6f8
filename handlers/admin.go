package handlers

// The admin dashboard's overview, AI and system pages (issue 8). Every
// route here sits behind Auth.RequireAdmin: everyone else gets a 404.

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"runtime"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/aiprice"
	"github.com/bazi-master/bazi-master/internal/metrics"
	"github.com/bazi-master/bazi-master/internal/ratelimit"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// AdminProviderTimeout bounds a provider test.
const AdminProviderTimeout = 20 * time.Second

// adminFailedLimit is how many failed readings the AI page lists.
const adminFailedLimit = 20

// AdminProvider is one AI provider the AI page lists; Provider is nil when
// it is not configured.
type AdminProvider struct {
	Name     string
	Model    string
	Provider reading.Provider
}

// AdminRateLimit is one RATE_LIMIT_* class and the limit in force.
type AdminRateLimit struct {
	Variable string
	Setting  string // "600/1m" or "off"
	FromEnv  bool   // set by its variable rather than the default
}

// AdminCheck pings one dependency (database, Redis).
type AdminCheck func(ctx context.Context) error

// AdminDeps is what the admin dashboard pages need.
type AdminDeps struct {
	Auth    *Auth
	Stats   *models.Stats
	Audit   *models.Audit
	Metrics *metrics.Metrics

	// Providers lists openai, anthropic and builtin; Active names the one
	// readings use. Ping tests one (keys removed from its error).
	Providers []AdminProvider
	Active    string
	Ping      func(ctx context.Context, p reading.Provider) reading.PingResult

	QuotaUser, QuotaGuest int
	// ImageModel is the image model painting soul portraits ("" when none
	// is configured); ImagePriceUSD its price per image.
	ImageModel    string
	ImagePriceUSD float64
	// Prices turn reading tokens into money (AI_PRICES over the
	// defaults); PriceOverrides are the entries AI_PRICES set.
	Prices, PriceOverrides aiprice.Table
	// RateLimits are the request limits in force, for the system page.
	RateLimits []AdminRateLimit

	Dialect          string
	PingDatabase     AdminCheck
	PingRedis        AdminCheck // nil without Redis
	MigrationVersion func(ctx context.Context) (int64, error)
	Version, Commit  string
	BuildDate        string
	Started          time.Time
	InstanceID       string

	TrustProxy int
	Now        func() time.Time
	Log        *slog.Logger
}

// Admin serves the dashboard's overview, AI and system pages.
type Admin struct {
	site *Site
	deps AdminDeps
}

// NewAdmin returns the admin dashboard handlers.
func NewAdmin(site *Site, deps AdminDeps) *Admin {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	if deps.Log == nil {
		deps.Log = slog.New(slog.DiscardHandler)
	}
	return &Admin{site: site, deps: deps}
}

// Overview is GET /admin: users, charts, readings, tokens, traffic and the
// last 30 days.
func (h *Admin) Overview(c *fiber.Ctx) error {
	ctx, d := c.UserContext(), h.deps
	now := d.Now().UTC()
	today := models.StartOfDay(now)
	o := views.AdminOverview{QuotaUser: d.QuotaUser, QuotaGuest: d.QuotaGuest, Uptime: time.Since(d.Started)}
	var err error
	if o.UsersTotal, err = d.Stats.UsersTotal(ctx); err != nil {
		return err
	}
	for _, s := range []struct {
		into  *int64
		since time.Time
	}{{&o.UsersToday, today}, {&o.UsersWeek, today.AddDate(0, 0, -7)}, {&o.UsersMonth, today.AddDate(0, 0, -30)}} {
		if *s.into, err = d.Stats.UsersSince(ctx, s.since); err != nil {
			return err
		}
	}
	if o.ChartsSaved, err = d.Stats.ChartsSaved(ctx); err != nil {
		return err
	}
	byProvider, err := d.Stats.ReadingsByProvider(ctx)
	if err != nil {
		return err
	}
	for _, p := range byProvider {
		o.Providers = append(o.Providers, views.AdminProviderCount{Provider: p.Provider, Readings: p.Readings, Tokens: p.Tokens})
	}
	if o.TokensToday, err = d.Stats.TokensSince(ctx, today); err != nil {
		return err
	}
	if o.TokensMonth, err = d.Stats.TokensSince(ctx, models.StartOfMonth(now)); err != nil {
		return err
	}
	use, err := d.Stats.QuotaUseSince(ctx, today, d.QuotaUser, d.QuotaGuest)
	if err != nil {
		return err
	}
	o.GenerationsToday, o.UsersAtQuota, o.GuestsAtQuota = use.Generations, use.UsersAtQuota, use.GuestsAtQuota

	signUps, err := d.Stats.SignUpsPerDay(ctx, now, 30)
	if err != nil {
		return err
	}
	readings, err := d.Stats.ReadingsPerDay(ctx, now, 30)
	if err != nil {
		return err
	}
	o.SignUps, o.Readings = signUps.Counts, readings.Counts
	o.FirstDay, o.LastDay = signUps.First, today

	if d.Metrics != nil {
		sum, err := d.Metrics.Summarize()
		if err != nil {
			return err
		}
		o.Requests, o.Errors5xx, o.ChartsComputed = sum.Requests, sum.ServerErrors, sum.ChartsComputed
	}
	return render(c, fiber.StatusOK, views.AdminOverviewPage(h.site.Page(c, "admin.title"), o))
}

// AI is GET /admin/ai: the providers, a test button each, recent failures.
func (h *Admin) AI(c *fiber.Ctx) error {
	return h.renderAI(c, fiber.StatusOK, nil)
}

func (h *Admin) renderAI(c *fiber.Ctx, status int, result *views.AdminTestResult) error {
	d := views.AdminAI{Result: result}
	for _, p := range h.deps.Providers {
		d.Providers = append(d.Providers, views.AdminAIProvider{
			Name: p.Name, Model: p.Model, Configured: p.Provider != nil, Active: p.Name == h.deps.Active,
		})
	}
	failed, err := h.deps.Stats.RecentFailedReadings(c.UserContext(), adminFailedLimit)
	if err != nil {
		return err
	}
	now := h.deps.Now()
	images, err := h.deps.Stats.PortraitsByProvider(c.UserContext(), models.StartOfDay(now), now.AddDate(0, 0, -30))
	if err != nil {
		return err
	}
	d.ImageModel, d.ImagePriceUSD = h.deps.ImageModel, h.deps.ImagePriceUSD
	if d.Spend, err = h.readingSpend(c.UserContext(), models.StartOfDay(now), now.AddDate(0, 0, -30)); err != nil {
		return err
	}
	d.Prices, d.PricesAsOf = adminPrices(h.deps.Prices, h.deps.PriceOverrides), aiprice.DefaultsAsOf
	for _, r := range images {
		d.Images = append(d.Images, views.AdminImageUsage{Provider: r.Provider, Model: r.Model, Today: r.Today, Month: r.Month, CostUSD: r.CostUSD})
	}
	for _, r := range failed {
		d.Failed = append(d.Failed, views.AdminFailedReading{
			PublicID: r.PublicID, Provider: r.Provider, Model: r.Model, Status: r.Status,
			FellBack: r.FellBack, Error: r.Error, CreatedAt: r.CreatedAt,
		})
	}
	return render(c, status, views.AdminAIPage(h.site.Page(c, "admin.ai.title"), d))
}

// readingSpend is the readings' tokens per provider and model, today and
// since month, priced at today's table.
func (h *Admin) readingSpend(ctx context.Context, today, month time.Time) ([]views.AdminModelSpend, error) {
	rows, err := h.deps.Stats.TokensByModel(ctx, today, month)
	if err != nil {
		return nil, err
	}
	out := make([]views.AdminModelSpend, 0, len(rows))
	for _, r := range rows {
		todayQ := h.deps.Prices.Quote(r.Provider, r.Model, r.TodayInput, r.TodayOutput)
		monthQ := h.deps.Prices.Quote(r.Provider, r.Model, r.PeriodInput, r.PeriodOutput)
		out = append(out, views.AdminModelSpend{
			Provider: r.Provider, Model: r.Model, Readings: r.Readings,
			TodayInput: r.TodayInput, TodayOutput: r.TodayOutput, MonthInput: r.PeriodInput, MonthOutput: r.PeriodOutput,
			Free: monthQ.Free, Priced: monthQ.Priced, TodayUSD: todayQ.USD, MonthUSD: monthQ.USD,
		})
	}
	return out, nil
}

// adminPrices is the price table as the AI page lists it, by model.
func adminPrices(prices, overrides aiprice.Table) []views.AdminPrice {
	out := make([]views.AdminPrice, 0, len(prices))
	for _, m := range prices.Models() {
		_, fromEnv := overrides[m]
		out = append(out, views.AdminPrice{Model: m, InputPerMTok: prices[m].InputPerMTok, OutputPerMTok: prices[m].OutputPerMTok, FromEnv: fromEnv})
	}
	return out
}

// TestProvider is POST /admin/ai/test (provider=openai|anthropic|builtin):
// it sends a tiny prompt through that provider, shows the latency or the
// error, and records the test in the audit trail.
func (h *Admin) TestProvider(c *fiber.Ctx) error {
	name := c.FormValue("provider")
	var chosen *AdminProvider
	for i, p := range h.deps.Providers {
		if p.Name == name && p.Provider != nil {
			chosen = &h.deps.Providers[i]
		}
	}
	if chosen == nil {
		return h.renderAI(c, fiber.StatusUnprocessableEntity, &views.AdminTestResult{
			Provider: name, Error: h.site.I18n.T(Lang(c), "admin.ai.unknown_provider"),
		})
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), AdminProviderTimeout)
	defer cancel()
	r := h.deps.Ping(ctx, chosen.Provider)

	result := &views.AdminTestResult{Provider: r.Provider, Model: r.Model, OK: r.Err == nil, Latency: r.Latency, Sample: r.Sample}
	details := map[string]any{"ok": r.Err == nil, "model": r.Model, "latency_ms": r.Latency.Milliseconds()}
	if r.Err != nil {
		result.Error = truncateRunes(r.Err.Error(), 300)
		details["error"] = r.Code
		h.deps.Log.Warn("admin provider test failed", "provider", r.Provider, "code", r.Code, "error", result.Error)
	} else {
		details["tokens"] = r.Usage.PromptTokens + r.Usage.CompletionTokens
	}
	if err := h.record(c, "provider.test", "provider", r.Provider, details); err != nil {
		return err
	}
	return h.renderAI(c, fiber.StatusOK, result)
}

// record writes one admin action to the audit trail.
func (h *Admin) record(c *fiber.Ctx, action, targetType, targetID string, details map[string]any) error {
	u := CurrentUser(c)
	if u == nil { // RequireAdmin guarantees a user; never record an anonymous action
		return fiber.ErrNotFound
	}
	raw, err := json.Marshal(details)
	if err != nil {
		return fmt.Errorf("audit details: %w", err)
	}
	id := u.ID
	return h.deps.Audit.Record(c.UserContext(), &models.AuditEntry{
		AdminID: &id, AdminEmail: u.EmailAddress(), Action: action,
		TargetType: targetType, TargetID: targetID, Details: string(raw),
		IP: ratelimit.ClientIP(c, h.deps.TrustProxy),
	})
}

// System is GET /admin/system: database and Redis health, versions, uptime.
func (h *Admin) System(c *fiber.Ctx) error {
	ctx, d := c.UserContext(), h.deps
	s := views.AdminSystem{
		DatabaseDialect: d.Dialect, RedisConfigured: d.PingRedis != nil,
		Version: d.Version, Commit: d.Commit, BuildDate: d.BuildDate,
		GoVersion: runtime.Version(), Goroutines: runtime.NumGoroutine(),
		Started: d.Started, Uptime: time.Since(d.Started), InstanceID: d.InstanceID,
	}
	for _, l := range d.RateLimits {
		s.RateLimits = append(s.RateLimits, views.AdminRateLimit{Variable: l.Variable, Setting: l.Setting, FromEnv: l.FromEnv})
	}
	s.DatabaseLatency, s.DatabaseError = h.check(ctx, "database", d.PingDatabase)
	s.DatabaseOK = s.DatabaseError == ""
	if d.PingRedis != nil {
		s.RedisLatency, s.RedisError = h.check(ctx, "redis", d.PingRedis)
		s.RedisOK = s.RedisError == ""
	}
	if s.DatabaseOK && d.MigrationVersion != nil {
		v, err := d.MigrationVersion(ctx)
		if err != nil {
			return fmt.Errorf("migration version: %w", err)
		}
		s.MigrationVersion = v
	}
	return render(c, fiber.StatusOK, views.AdminSystemPage(h.site.Page(c, "admin.system.title"), s))
}

// check pings a dependency within 2 s. The page shows only whether it
// answered (the cause goes to the log, as on /ready).
func (h *Admin) check(ctx context.Context, name string, ping AdminCheck) (time.Duration, string) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	start := time.Now()
	err := ping(ctx)
	took := time.Since(start)
	if err != nil {
		h.deps.Log.Warn("admin system check failed", "dependency", name, "error", err)
		if ctx.Err() != nil {
			return took, "timeout"
		}
		return took, "error"
	}
	return took, ""
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
