package server

import (
	"crypto/subtle"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/buildinfo"
	"github.com/bazi-master/bazi-master/models"
)

// routes is the route table: every URL the app answers is listed here.
func (s *Server) routes(app *fiber.App, site *handlers.Site) {
	health := handlers.NewHealth(s.Log, buildinfo.Version, s.Started, readyTimeout, s.dependencies()...)
	pages := handlers.NewPages(site)
	chartAPI := handlers.NewChartAPI(s.now)
	chartAPI.Computed = s.Metrics.ChartComputed
	ziweiAPI := handlers.NewZiweiAPI(s.now)
	astroAPI := handlers.NewAstroAPI(s.now)
	ichingAPI := handlers.NewIChingAPI(s.now)
	tarotAPI := handlers.NewTarotAPI()

	// Operations: no cookies, no language, no compression needed.
	app.Get("/health", health.Live)
	app.Get("/api/health", health.Live)
	app.Get("/ready", health.Ready)
	app.Get("/metrics", s.metricsAuth, s.metricsPage)

	app.Use(securityHeaders(s.Config.Production))
	app.Use(compressResponses())
	app.Use("/static", s.staticFiles)

	// refuseBadText: NUL or invalid UTF-8 in any field is a 400 naming it
	// (here and after language(), for pages in the reader's language).
	api := app.Group("/api/v1", s.apiCORS(), refuseBadText)
	api.Post("/chart", s.limit(limitChartAPI), chartAPI.Compute)
	api.Post("/ziwei", s.limit(limitChartAPI), ziweiAPI.Compute)
	api.Post("/astro", s.limit(limitChartAPI), astroAPI.Compute)
	api.Post("/iching", s.limit(limitChartAPI), ichingAPI.Cast)
	// Tarot: the deck in ?lang= or Accept-Language, and a draw shuffled
	// with crypto/rand (its canonical query opens it on /tarot).
	api.Get("/tarot/cards", s.limit(limitChartAPI), tarotAPI.Cards)
	api.Post("/tarot/draw", s.limit(limitChartAPI), tarotAPI.Draw)
	api.Get("/places", s.limit(limitPlacesAPI), handlers.PlacesAPI)
	api.Get("/reverse", s.limit(limitReverseAPI), handlers.ReverseAPI)
	// The almanac (黄历) of a date: read-only and as cheap as a chart.
	api.Get("/almanac", s.limit(limitChartAPI), handlers.NewAlmanacAPI(s.now).Day)

	// Share images (link previews): public, cacheable, before the language
	// middleware and the session, so they set no cookie; the language is
	// the image URL's ?lang=.
	cards := s.shareCardsHandler(site)
	app.Get("/chart/card.png", refuseBadText, cards.Chart)
	app.Get("/ziwei/card.png", refuseBadText, cards.Ziwei)
	app.Get("/compatibility/card.png", refuseBadText, cards.Compat)
	app.Get("/iching/card.png", refuseBadText, cards.IChing)
	app.Get("/tarot/card.png", refuseBadText, cards.Tarot)
	app.Get("/s/:token/card.png", refuseBadText, cards.SharedChart)
	app.Get("/s/:token/ziwei/card.png", refuseBadText, cards.SharedZiwei)

	app.Use(language(s.Config.Production))
	app.Use(refuseBadText)
	// After the JSON API (stateless, no cookies) and before every page route.
	app.Use(s.Auth.Middleware)
	// Everyone but admins gets 404 from every /admin route, POSTs included,
	// before the CSRF check could answer 403 and reveal the route exists.
	app.Use("/admin", s.Auth.RequireAdmin)
	app.Use(csrfProtect(s.Config.Production))
	app.Get("/", pages.Home)
	app.Get("/glossary", pages.Glossary)

	form := handlers.NewChartForm(site)
	chart := handlers.NewChartPage(site, form, s.now)
	chart.Computed = s.Metrics.ChartComputed
	chart.ReadingLeft = s.readingLeft
	chart.PortraitPanel = s.portraitPanel
	app.Get("/chart/new", form.New)
	app.Post("/chart", form.Submit)
	app.Get("/places/suggest", form.Suggest)
	app.Get("/chart", chart.Show)
	app.Get("/chart/luck", chart.Luck)
	app.Get("/chart/liuyue", chart.LiuYue)
	app.Get("/chart/liuri", chart.LiuRi)
	app.Get("/chart/liushi", chart.LiuShi)
	app.Get("/chart/card.svg", chart.Card)
	// The chart's soul portrait, drawn from the chart (same chart, same bytes).
	app.Get("/chart/portrait.svg", chart.Portrait)

	// The Zi Wei Dou Shu board of the same birth (the chart's query plus
	// year, leap_rule and late_zi); the birth form leads to it with view=ziwei.
	board := handlers.NewZiweiPage(site, form, s.now)
	board.ReadingLeft = s.readingLeft
	app.Get("/ziwei", board.Show)

	// The Western natal chart of the same birth (the chart's query, the
	// gender optional, plus house_system); the birth form leads to it with
	// view=astrology.
	natal := handlers.NewAstroPage(site, form, s.now)
	natal.ReadingLeft = s.readingLeft
	app.Get("/astrology", natal.Show)

	// One birth in every system (the chart's query): BaZi, Zi Wei and
	// astrology side by side, where they agree, and a synthesis reading;
	// the birth form leads to it with view=overview.
	overview := handlers.NewOverviewPage(site, form, s.now)
	overview.ReadingLeft = s.readingLeft
	app.Get("/overview", overview.Show)

	// Astrology built on a natal chart (the astrology page's query): one
	// day's transits with their exact dates and a transit reading (day=,
	// default today on the birthplace's calendar), and the synastry of two
	// charts (a= and b=, chart links or queries) scored in parts like the
	// compatibility page.
	astroMore := handlers.NewAstroMore(site, s.now)
	astroMore.ReadingLeft = s.readingLeft
	app.Get("/astrology/transits", astroMore.Transits)
	app.Get("/astrology/synastry", astroMore.Synastry)

	// The I Ching: the cast form, casting (kept for the visitor's history)
	// and a cast's page, recomputed from its lines.
	kept := s.divinationsHandler(site)
	cast := handlers.NewIChingPage(site, s.now)
	cast.ReadingLeft = s.readingLeft
	cast.Keep = kept.Keeper(models.KindIChing, handlers.IChingSummary)
	cast.KeptURL = "/history/divinations"
	s.renderDivination(kept, models.KindIChing, cast.RenderShared)
	app.Get("/iching", cast.Show)
	app.Post("/iching", cast.Cast)
	// Tarot: the form, the shuffle (POST, then 303 to the draw's canonical
	// query: spread, cards with ".r" for reversed ones, reversals=0 when
	// off, question) and the draw itself, which lives in its URL.
	tarotPage := handlers.NewTarotPage(site)
	tarotPage.ReadingLeft = s.readingLeft
	tarotPage.Keep = kept.Keeper(models.KindTarot, handlers.TarotSummary)
	tarotPage.KeptURL = "/history/divinations"
	s.renderDivination(kept, models.KindTarot, tarotPage.RenderShared)
	app.Get("/tarot", tarotPage.Show)
	app.Post("/tarot", tarotPage.Draw)

	accounts := s.accountsHandler(site)
	app.Get("/signup", accounts.SignUpPage)
	app.Post("/signup", s.limit(limitSignUp), accounts.SignUp)
	app.Get("/login", accounts.LoginPage)
	app.Post("/login", s.limit(limitSignIn), s.signInGuard(), accounts.Login)
	app.Post("/logout", accounts.Logout)
	app.Post("/logout/all", s.Auth.RequireUser, accounts.LogoutAll)
	app.Get("/verify", accounts.Verify)
	app.Post("/verify/resend", s.limit(limitReset), accounts.ResendVerification)
	app.Get("/reset", accounts.ResetPage)
	app.Post("/reset", s.limit(limitReset), accounts.ResetRequest)
	app.Post("/reset/confirm", s.limit(limitReset), accounts.ResetConfirm)

	oauth := s.oauthHandler(site)
	app.Get("/auth/:provider", s.limit(limitSignIn), oauth.Begin)
	app.Get("/auth/:provider/callback", oauth.Callback)
	app.Post("/auth/:provider/unlink", s.Auth.RequireUser, oauth.Unlink)

	profile := s.profileHandler(site)
	app.Get("/profile", s.Auth.RequireUser, profile.Show)
	app.Post("/profile", s.Auth.RequireUser, profile.Update)
	app.Post("/profile/password", s.Auth.RequireUser, s.limit(limitSignIn), profile.ChangePassword)
	app.Get("/profile/export", s.Auth.RequireUser, profile.Export)
	app.Post("/profile/delete", s.Auth.RequireUser, profile.Delete)

	// Saved charts. Every handler scopes its queries to the signed-in user.
	history, saved, transfer := s.historyHandler(site), s.savedChartsHandler(site), s.transferHandler(site)
	app.Get("/history", s.Auth.RequireUser, history.List)
	app.Post("/charts/bulk", s.Auth.RequireUser, history.Bulk)
	app.Get("/charts/save", s.Auth.RequireUser, saved.SavePage) // a guest's Save comes back here after sign-in
	app.Post("/charts", s.Auth.RequireUser, saved.Save)
	app.Get("/charts/export.json", s.Auth.RequireUser, transfer.ExportJSON)
	app.Get("/charts/export.csv", s.Auth.RequireUser, transfer.ExportCSV)
	app.Get("/charts/import", s.Auth.RequireUser, transfer.ImportPage)
	app.Post("/charts/import", s.Auth.RequireUser, transfer.Import)
	app.Get("/charts/:id<int>", s.Auth.RequireUser, saved.Show)
	app.Get("/charts/:id<int>/ziwei", s.Auth.RequireUser, saved.ShowZiwei)
	app.Get("/charts/:id<int>/astrology", s.Auth.RequireUser, saved.ShowAstro)
	app.Post("/charts/:id<int>", s.Auth.RequireUser, saved.Update)
	app.Post("/charts/:id<int>/favourite", s.Auth.RequireUser, saved.Favourite)
	app.Post("/charts/:id<int>/delete", s.Auth.RequireUser, saved.Trash)
	app.Post("/charts/:id<int>/restore", s.Auth.RequireUser, saved.Restore)
	app.Post("/charts/:id<int>/destroy", s.Auth.RequireUser, saved.Destroy)
	app.Post("/charts/:id<int>/share", s.Auth.RequireUser, saved.Share)
	app.Post("/charts/:id<int>/share/revoke", s.Auth.RequireUser, saved.RevokeShare)
	app.Get("/s/:token", saved.Shared)
	app.Get("/s/:token/ziwei", saved.SharedZiwei)
	app.Get("/s/:token/astrology", saved.SharedAstro)

	// Kept I Ching casts and Tarot draws: the signed-in user's list, its
	// row actions, and the read-only share link (the module's own page).
	app.Get("/history/divinations", s.Auth.RequireUser, kept.List)
	app.Post("/divinations/:id<int>/share", s.Auth.RequireUser, kept.Share)
	app.Post("/divinations/:id<int>/share/revoke", s.Auth.RequireUser, kept.RevokeShare)
	app.Post("/divinations/:id<int>/delete", s.Auth.RequireUser, kept.Delete)
	app.Get("/shared/:token", kept.Shared)

	// AI readings. POST creates the work and returns a fragment that
	// connects to the GET event stream; streams are not compressed
	// (handlers.Uncompressed) and no middleware here reads the body.
	readings := s.readingsHandler(site)
	app.Post("/readings", s.limit(limitReading), readings.Start)
	app.Get("/readings", readings.List)
	app.Get("/readings/:pid/stream", handlers.Uncompressed, readings.Stream)
	app.Get("/readings/:pid", readings.Show)
	app.Post("/readings/:pid/messages", s.limit(limitReading), readings.Ask)
	app.Get("/readings/:pid/messages/:mid<int>/stream", handlers.Uncompressed, readings.MessageStream)

	// Soul portraits painted by an image model (POST with CSRF, counted
	// against the reading quota) and the painted images, owner-scoped.
	portraits := s.portraitsHandler(site, chart)
	app.Post("/portraits", s.limit(limitReading), portraits.Paint)
	app.Get("/portraits/:id.png", portraits.Image)

	// Daily guidance and the month calendar; a user's main chart.
	daily := s.dailyHandler(site)
	pages.SetToday(daily.Today)
	app.Get("/daily", daily.Daily)
	app.Get("/calendar", daily.Calendar)
	app.Post("/charts/:id<int>/main", s.Auth.RequireUser, daily.SetMainChart)

	app.Get("/compatibility", s.compatHandler(site).Show)

	// Four pillars in, the birth times that have them out (the page behind
	// /api/v1/reverse); a GET form, so a lookup's URL can be shared.
	app.Get("/reverse", s.limit(limitReverseAPI), handlers.NewReversePage(site).Show)

	adminPages, adminUsers := s.adminHandler(site), s.adminUsersHandler(site)
	admin := app.Group("/admin") // RequireAdmin already ran: app.Use("/admin", …) above
	admin.Get("/", adminPages.Overview)
	admin.Get("/users", adminUsers.List)
	admin.Get("/users/:id<int>", adminUsers.Show)
	admin.Post("/users/:id<int>/disable", adminUsers.Disable)
	admin.Post("/users/:id<int>/enable", adminUsers.Enable)
	admin.Post("/users/:id<int>/revoke", adminUsers.RevokeSessions)
	admin.Post("/users/:id<int>/quota", adminUsers.SetQuota)
	admin.Get("/ai", adminPages.AI)
	admin.Post("/ai/test", adminPages.TestProvider)
	admin.Get("/system", adminPages.System)
	admin.Get("/audit", adminUsers.Audit)

	if s.extraRoutes != nil {
		s.extraRoutes(app)
	}
	app.Use(handlers.NotFound)
}

// startingRoutes is the route table while Connect is still reaching the
// database (startup.go): liveness, readiness (503, naming what is not
// ready), metrics and static files, and a translated 503 with Retry-After
// for every other route.
func (s *Server) startingRoutes(app *fiber.App) {
	health := handlers.NewHealth(s.Log, buildinfo.Version, s.Started, readyTimeout)
	app.Get("/health", health.Live)
	app.Get("/api/health", health.Live)
	app.Get("/ready", s.startingReady)
	app.Get("/metrics", s.metricsAuth, s.metricsPage)
	app.Use(securityHeaders(s.Config.Production))
	app.Use("/static", s.staticFiles)
	app.Use(language(s.Config.Production))
	app.Use(s.startingUnavailable)
}

// metricsAuth requires "Authorization: Bearer METRICS_TOKEN" when a token is set.
func (s *Server) metricsAuth(c *fiber.Ctx) error {
	token := s.Config.MetricsToken
	if token == "" {
		return c.Next()
	}
	got := []byte(c.Get(fiber.HeaderAuthorization))
	want := []byte("Bearer " + token)
	if subtle.ConstantTimeCompare(got, want) != 1 {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
		return c.Status(fiber.StatusUnauthorized).JSON(fiber.Map{"error": handlers.APIError{Code: "unauthorized", Message: "A valid metrics bearer token is required."}})
	}
	return c.Next()
}
