package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/reading"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/portrait"
	"github.com/bazi-master/bazi-master/views"
)

// Portrait is GET /chart/portrait.svg?…: the chart's built-in soul
// portrait, drawn from the chart alone, so the same chart gives the same
// bytes (and ETag). Refused input answers 400 with an image saying why.
func (h *ChartPage) Portrait(c *fiber.Ctx) error {
	cr, fe, err := h.compute(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml; charset=utf-8")
	c.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if fe != nil {
		p := h.site.Page(c, "")
		c.Set(fiber.HeaderCacheControl, "no-store")
		c.Status(fiber.StatusBadRequest)
		return views.ChartCardError(p, h.form.errorText(p, fe)).Render(c.UserContext(), c.Response().BodyWriter())
	}
	svg := portrait.SVG(portrait.FactsOf(cr.doc.Chart))
	sum := sha256.Sum256(svg)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	c.Set(fiber.HeaderETag, etag)
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(svg)
}

// etagMatches reports whether an If-None-Match header names etag.
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// portraitPanel fills the chart page's portrait card: the built-in
// portrait's URL, and what the Portraits handler adds (the Paint with AI
// button, a saved chart's painted portrait).
func (h *ChartPage) portraitPanel(c *fiber.Ctx, v *views.ChartView) {
	if v.Shared {
		return // its URL would carry the birth data a share link hides
	}
	v.PortraitURL = "/chart/portrait.svg?" + v.Query
	if h.PortraitPanel != nil {
		h.PortraitPanel(c, v)
	}
}

// ImagePainter paints an image from a prompt (reading.ImagePainter).
type ImagePainter interface {
	Paint(ctx context.Context, prompt string) (img []byte, mime string, err error)
	Model() string
}

// PortraitStore keeps painted portraits (*models.Portraits).
type PortraitStore interface {
	Keep(ctx context.Context, p *models.Portrait) error
	ByPublicID(ctx context.Context, viewer models.Owner, publicID string) (*models.Portrait, error)
	LatestOfChart(ctx context.Context, userID, chartID int64) (*models.Portrait, error)
}

// PortraitsDeps are what the portrait handlers use.
type PortraitsDeps struct {
	Store  PortraitStore
	Charts *models.Charts
	Chart  *ChartPage
	// Readings gives the visitor and shows quota refusals as readings do;
	// Desk checks the quota the portraits share with readings.
	Readings *Readings
	Desk     *reading.Desk
	// Painter is nil when no image model is configured (no button).
	Painter  ImagePainter
	Timeout  time.Duration // one painting, before the built-in portrait is shown
	PriceUSD float64       // per image, kept with each for the admin spend
	Log      *slog.Logger
}

// Portraits serves painting a portrait with an image model and the
// painted images.
type Portraits struct {
	site *Site
	deps PortraitsDeps
	// painting holds the owners with a painting in flight. The quota is
	// checked before the image model is called and counted after it
	// answers, up to a minute later: without this, a double submit (or two
	// tabs) would pass the check twice and pay for two images. It is per
	// process, which is what one browser reaches.
	painting sync.Map
}

// NewPortraits returns the portrait handlers.
func NewPortraits(site *Site, deps PortraitsDeps) *Portraits {
	if deps.Timeout <= 0 {
		deps.Timeout = 60 * time.Second
	}
	if deps.Log == nil {
		deps.Log = slog.Default()
	}
	return &Portraits{site: site, deps: deps}
}

// Panel is the ChartPage.PortraitPanel hook: the button when an image
// model is configured, and on a saved chart the newest painted portrait.
func (h *Portraits) Panel(c *fiber.Ctx, v *views.ChartView) {
	if h.deps.Painter != nil {
		v.Portrait.CanPaint = true
	}
	u := CurrentUser(c)
	if u == nil || v.Saved == nil || h.deps.Store == nil {
		return
	}
	p, err := h.deps.Store.LatestOfChart(c.UserContext(), u.ID, v.Saved.ID)
	if err != nil {
		h.deps.Log.Warn("load portrait of saved chart", "chart", v.Saved.ID, "error", err)
		return
	}
	if p != nil {
		v.Portrait.ImageURL, v.Portrait.Model = portraitPath(p.PublicID), p.Model
	}
}

func portraitPath(publicID string) string { return "/portraits/" + publicID + ".png" }

// Paint is POST /portraits: the chart's canonical query ("query") and, on
// a saved chart's page, its id. It paints the chart's portrait with the
// image model, keeps it and shows it; when the model fails or is too slow
// the built-in portrait stays and the card says so (nothing is counted).
// htmx gets the card, a plain form post the whole chart page (a saved
// chart's page after a redirect).
func (h *Portraits) Paint(c *fiber.Ctx) error {
	if h.deps.Painter == nil {
		return fiber.ErrNotFound
	}
	p := h.site.Page(c, "")
	query := c.FormValue("query")
	values, err := url.ParseQuery(query)
	if err != nil {
		return fiber.NewError(fiber.StatusUnprocessableEntity, p.T("reading.error.chart"))
	}
	req, name, fe := chartinput.FromQuery(values.Get)
	if fe != nil {
		return fiber.NewError(fiber.StatusUnprocessableEntity, p.T("reading.error.chart"))
	}
	v, err := h.deps.Chart.View(c, req, name)
	var bad *bazi.FieldError
	if errors.As(err, &bad) {
		return fiber.NewError(fiber.StatusUnprocessableEntity, p.T("reading.error.chart"))
	}
	if err != nil {
		return err
	}
	u := CurrentUser(c)
	var saved *models.SavedChart
	if id, _ := strconv.ParseInt(c.FormValue("chart_id"), 10, 64); id > 0 && u != nil && h.deps.Charts != nil {
		if sc, err := h.deps.Charts.Get(c.UserContext(), u.ID, id); err == nil {
			saved = sc // only the user's own chart is linked; another id is ignored
			v.Saved = &views.SavedChartInfo{ID: sc.ID, Name: sc.Name}
		}
	}
	h.deps.Chart.portraitPanel(c, &v)
	v.Portrait.ImageURL, v.Portrait.Model = "", ""

	visitor := h.deps.Readings.visitor(c)
	if err := h.deps.Desk.CheckQuota(c.UserContext(), visitor); err != nil {
		var r *reading.Refusal
		if !errors.As(err, &r) {
			return err
		}
		if r.RetryAfter > 0 {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(r.RetryAfterSeconds()))
		}
		at, zone := resetClock(r)
		v.Portrait.Notice, v.Portrait.Refused = p.T(refusals[r.Reason].key, r.Limit, at, zone), true
		if r.Reason == reading.RefuseQuotaGuest {
			v.Portrait.SignInURL = "/login?next=" + url.QueryEscape("/chart?"+v.Query)
		}
		return h.show(c, p, fiber.StatusTooManyRequests, v)
	}

	key := paintingKey(visitor)
	if _, busy := h.painting.LoadOrStore(key, struct{}{}); busy {
		v.Portrait.Notice, v.Portrait.Refused = p.T("portrait.busy"), true
		return h.show(c, p, fiber.StatusTooManyRequests, v)
	}
	defer h.painting.Delete(key)

	prompt := portrait.FactsOf(v.Chart).Prompt()
	ctx, cancel := context.WithTimeout(c.UserContext(), h.deps.Timeout)
	img, mime, err := h.deps.Painter.Paint(ctx, prompt)
	cancel()
	if err != nil {
		h.deps.Log.Warn("paint portrait: showing the built-in one", "model", h.deps.Painter.Model(), "error", err)
		v.Portrait.Notice = p.T("portrait.fallback")
		return h.show(c, p, fiber.StatusOK, v)
	}
	kept := &models.Portrait{
		ChartQuery: v.Query, Provider: models.PortraitOpenAI, Model: h.deps.Painter.Model(),
		Mime: mime, Bytes: img, CostUSD: h.deps.PriceUSD,
	}
	if u != nil {
		kept.UserID = &u.ID
		if saved != nil {
			kept.ChartID = &saved.ID
		}
	} else {
		kept.GuestIP = visitor.GuestIP
	}
	if err := h.deps.Store.Keep(c.UserContext(), kept); err != nil {
		return fmt.Errorf("keep painted portrait: %w", err)
	}
	h.deps.Desk.Counted(visitor)
	if saved != nil && !isHTMX(c) {
		return c.Redirect(chartPath(saved.ID, "")+"#portrait", fiber.StatusSeeOther)
	}
	v.Portrait.ImageURL, v.Portrait.Model = portraitPath(kept.PublicID), kept.Model
	return h.show(c, p, fiber.StatusOK, v)
}

// paintingKey names whose painting is in flight: the user, else the
// guest's address.
func paintingKey(v reading.Visitor) string {
	if v.UserID != 0 {
		return "u" + strconv.FormatInt(v.UserID, 10)
	}
	return "g" + v.GuestIP
}

// show answers a Paint: the card for htmx, else the whole chart page.
func (h *Portraits) show(c *fiber.Ctx, p views.Page, status int, v views.ChartView) error {
	if isHTMX(c) {
		if status == fiber.StatusTooManyRequests {
			status = fiber.StatusOK // htmx 2 does not swap 4xx answers
		}
		return render(c, status, views.PortraitCard(p, v))
	}
	p.Title = chartTitle(p, v)
	return render(c, status, views.ChartPage(p, v))
}

// Image is GET /portraits/:id.png: a painted portrait. A user's is served
// only to that user (another's id is 404); a guest's to anyone holding
// its unguessable id. Images never change, so they are cached long.
func (h *Portraits) Image(c *fiber.Ctx) error {
	id := c.Params("id")
	viewer := models.Owner{}
	if u := CurrentUser(c); u != nil {
		viewer.UserID = u.ID
	}
	pt, err := h.deps.Store.ByPublicID(c.UserContext(), viewer, id)
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	etag := `"` + pt.PublicID + `"`
	cache := "public, max-age=86400, immutable"
	if pt.UserID != nil {
		cache = "private, max-age=86400, immutable"
	}
	c.Set(fiber.HeaderCacheControl, cache)
	c.Set(fiber.HeaderETag, etag)
	c.Set("Content-Security-Policy", "default-src 'none'")
	c.Set(fiber.HeaderContentType, pt.Mime)
	if etagMatches(c.Get(fiber.HeaderIfNoneMatch), etag) {
		return c.SendStatus(fiber.StatusNotModified)
	}
	return c.Send(pt.Bytes)
}

// portraitExport is one painted portrait in "download my data": its
// image stays at its URL.
type portraitExport struct {
	ImageURL   string    `json:"image_url"`
	ChartID    *int64    `json:"chart_id"`
	ChartQuery string    `json:"chart_query"`
	Provider   string    `json:"provider"`
	Model      string    `json:"model"`
	Mime       string    `json:"mime"`
	CreatedAt  time.Time `json:"created_at"`
}

// PortraitsExportSource adds the user's painted portraits to the export.
func PortraitsExportSource(store *models.Portraits) ExportSource {
	return ExportSource{Key: "portraits", Load: func(ctx context.Context, userID int64) (any, error) {
		rows, err := store.OfUser(ctx, userID)
		if err != nil {
			return nil, err
		}
		out := make([]portraitExport, 0, len(rows))
		for _, p := range rows {
			out = append(out, portraitExport{
				ImageURL: portraitPath(p.PublicID), ChartID: p.ChartID, ChartQuery: p.ChartQuery,
				Provider: p.Provider, Model: p.Model, Mime: p.Mime, CreatedAt: p.CreatedAt,
			})
		}
		return out, nil
	}}
}
