package handlers

// OWNER: saved-charts helper (#6 save, saved chart page, edit, trash, share).

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// SavedChartsDeps is what the saved-chart pages need.
type SavedChartsDeps struct {
	Auth   *Auth
	Charts *models.Charts
	// Chart computes a chart and builds the chart page's view of it;
	// Ziwei does the same for the Zi Wei board.
	Chart *ChartPage
	Ziwei *ZiweiPage
	// Astro does the same for the Western natal chart.
	Astro *AstroPage
	// BaseURL is the public origin share links are written with
	// (FRONTEND_URL); empty uses the request's own origin.
	BaseURL string
}

// SavedCharts saves charts and serves one saved chart and its shared page.
// Every query goes through the owner-scoped store with the signed-in
// user's id, and another user's chart answers 404 (never 403), so its
// existence is not revealed.
type SavedCharts struct {
	site *Site
	deps SavedChartsDeps
}

// NewSavedCharts returns the saved-chart handlers.
func NewSavedCharts(site *Site, deps SavedChartsDeps) *SavedCharts {
	return &SavedCharts{site: site, deps: deps}
}

// shareTokenBytes is the entropy of a share link (base64url, 43 characters).
const shareTokenBytes = 32

// saveControl is the chart page's Save: a form for a signed-in user, and
// for a guest a sign-in link that comes back to GET /charts/save with the
// same chart.
func saveControl(c *fiber.Ctx, v views.ChartView) *views.SaveControl {
	if CurrentUser(c) == nil {
		return &views.SaveControl{SignInURL: "/login?next=" + url.QueryEscape("/charts/save?"+v.Query)}
	}
	return &views.SaveControl{Query: v.Query, Name: v.Name}
}

// saveArgs reads the chart input of a save: either one "query" field
// holding the chart's canonical query (the chart page's form), or the
// chart fields themselves, named as in the JSON API.
func saveArgs(c *fiber.Ctx) func(string) string {
	if q := c.FormValue("query"); q != "" {
		vals, err := url.ParseQuery(q)
		if err == nil {
			return vals.Get
		}
	}
	return func(k string) string { return c.FormValue(k) }
}

// SavePage is GET /charts/save?<chart query>: the chart's pillars and a
// Save button. A guest's Save comes back here after signing in. It never
// saves by itself: a GET must not change anything, so one click remains.
func (h *SavedCharts) SavePage(c *fiber.Ctx) error {
	req, name, ferr := chartinput.FromQuery(func(k string) string { return c.Query(k) })
	if ferr != nil {
		return h.deps.Chart.form.RenderForm(c, fiber.StatusUnprocessableEntity, req, name, ferr)
	}
	return h.renderSavePage(c, fiber.StatusOK, req, name, &views.SaveControl{Name: name})
}

// renderSavePage shows the confirm-and-save page; a bad input goes to the form instead.
func (h *SavedCharts) renderSavePage(c *fiber.Ctx, status int, req chartinput.Request, name string, sc *views.SaveControl) error {
	v, err := h.deps.Chart.View(c, req, name)
	if err != nil {
		return h.inputError(c, req, name, err)
	}
	sc.Query = v.Query
	v.Save = sc
	p := h.site.Page(c, "saved.save_page.title")
	return render(c, status, views.SaveChartPage(p, v))
}

// inputError shows a refused chart input on the birth-data form.
func (h *SavedCharts) inputError(c *fiber.Ctx, req chartinput.Request, name string, err error) error {
	var fe *bazi.FieldError
	if errors.As(err, &fe) {
		return h.deps.Chart.form.RenderForm(c, fiber.StatusUnprocessableEntity, req, name, fe)
	}
	return fmt.Errorf("compute chart: %w", err)
}

// Save is POST /charts: the chart input plus name, notes and tags. It
// stores the input (the chart is recomputed on every view) and goes to the
// saved chart's page.
func (h *SavedCharts) Save(c *fiber.Ctx) error {
	u := CurrentUser(c)
	req, qname, ferr := chartinput.FromQuery(saveArgs(c))
	if ferr != nil {
		return h.deps.Chart.form.RenderForm(c, fiber.StatusUnprocessableEntity, req, qname, ferr)
	}
	meta := formMeta(c)
	if !c.Request().PostArgs().Has("name") {
		meta.Name = qname // no name box: the chart's own display name
	}
	saved, err := chartstore.Build(u.ID, req, meta)
	if err != nil {
		var me *chartstore.FieldError
		if errors.As(err, &me) {
			p := h.site.Page(c, "")
			sc := &views.SaveControl{Name: meta.Name, Notes: meta.Notes, Tags: c.FormValue("tags"),
				Errors: map[string]string{me.Field: metaErrorText(p, me)}}
			return h.renderSavePage(c, fiber.StatusUnprocessableEntity, req, qname, sc)
		}
		return h.inputError(c, req, qname, err)
	}
	if err := h.deps.Charts.Create(c.UserContext(), saved); err != nil {
		return err
	}
	return c.Redirect(chartPath(saved.ID, "?done=saved"), fiber.StatusSeeOther)
}

// formMeta reads name, notes and tags as typed.
func formMeta(c *fiber.Ctx) chartstore.Meta {
	return chartstore.Meta{
		Name:  c.FormValue("name"),
		Notes: c.FormValue("notes"),
		Tags:  chartstore.SplitTags(c.FormValue("tags")),
	}
}

// metaErrorText translates a name, notes or tags error.
func metaErrorText(p views.Page, e *chartstore.FieldError) string {
	switch e.Field + "." + e.Code {
	case "name.too_long":
		return p.T("saved.error.name.too_long", chartstore.MaxNameLength)
	case "notes.too_long":
		return p.T("saved.error.notes.too_long", chartstore.MaxNotesLength)
	case "tags.invalid":
		return p.T("saved.error.tags.invalid", models.MaxTags, models.MaxTagLength)
	}
	return p.T("saved.error.generic")
}

func chartPath(id int64, suffix string) string {
	return "/charts/" + strconv.FormatInt(id, 10) + suffix
}

// load is the signed-in user's chart named by :id (trashed ones too); any
// other chart, or none, is a 404.
func (h *SavedCharts) load(c *fiber.Ctx) (*models.SavedChart, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	u := CurrentUser(c)
	if u == nil {
		return nil, fiber.ErrNotFound
	}
	saved, err := h.deps.Charts.Get(c.UserContext(), u.ID, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return saved, err
}

// Show is GET /charts/{id}: the chart recomputed from its stored input,
// with the saved chart's panel (and a banner while it is in the trash).
func (h *SavedCharts) Show(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	return h.renderSaved(c, fiber.StatusOK, saved, nil)
}

// renderSaved renders a saved chart's page, or the luck fragment it asks
// for (?part=luck|liuyue). form, when set, is the edit form as typed with
// its errors.
func (h *SavedCharts) renderSaved(c *fiber.Ctx, status int, saved *models.SavedChart, form *views.SavedChartInfo) error {
	req, err := chartstore.Request(saved)
	if err != nil {
		return err
	}
	v, err := h.deps.Chart.View(c, req, saved.Name)
	if err != nil {
		return fmt.Errorf("recompute chart %d: %w", saved.ID, err)
	}
	h.deps.Chart.readingLeft(c, &v)
	v.SelfURL = chartPath(saved.ID, "")
	if v.ZiweiURL != "" {
		v.ZiweiURL = chartPath(saved.ID, "/ziwei")
	}
	if v.AstroURL != "" {
		v.AstroURL = chartPath(saved.ID, "/astrology")
	}
	info := views.SavedChartInfo{
		ID:                  saved.ID,
		Name:                saved.Name,
		Notes:               saved.Notes,
		Tags:                saved.TagList(),
		TagsText:            strings.Join(saved.TagList(), ", "),
		Favourite:           saved.Favourite,
		Trashed:             saved.DeletedAt != nil,
		ShareShowName:       saved.ShareShowName,
		ShareShowPlace:      saved.ShareShowPlace,
		ShareIncludeReading: saved.ShareIncludeReading,
	}
	if saved.ShareToken != nil {
		info.ShareURL = h.baseURL(c) + "/s/" + *saved.ShareToken
	}
	if form != nil {
		info.Name, info.Notes, info.TagsText, info.Errors, info.EditOpen = form.Name, form.Notes, form.TagsText, form.Errors, true
	}
	p := h.site.Page(c, "")
	// The redirect after an action names it (?done=…), so the page can
	// confirm it without flash storage; the management card stays open
	// after an action taken in it.
	switch done := c.Query("done"); done {
	case "saved", "edited", "shared", "unshared":
		info.Notice = p.T("saved.done." + done)
		info.ManageOpen = done != "saved"
	}
	v.Saved = &info
	h.deps.Chart.portraitPanel(c, &v)
	p.Title = chartTitle(p, v)
	return renderChartOrPart(c, status, p, v)
}

// renderChartOrPart renders the chart page, or one of its htmx fragments.
func renderChartOrPart(c *fiber.Ctx, status int, p views.Page, v views.ChartView) error {
	switch c.Query("part") {
	case "luck":
		return render(c, fiber.StatusOK, views.LuckFragment(p, v))
	case "liuyue":
		if len(v.LiuYue) == 0 {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: "out_of_range", Field: "year", Message: fmt.Sprintf("year must be between %d and %d", bazi.MinYear, bazi.MaxYear)})
		}
		return render(c, fiber.StatusOK, views.LiuYueTable(p, v))
	case "liuri", "liushi":
		if msg := drillFragmentError(p, &v, c.Query("part") == "liushi"); msg != "" {
			return fragmentError(c, p, msg)
		}
		if c.Query("part") == "liushi" {
			return render(c, fiber.StatusOK, views.LiuShiTable(p, v))
		}
		return render(c, fiber.StatusOK, views.LiuRiTable(p, v))
	}
	return render(c, drillStatus(&v, status), views.ChartPage(p, v))
}

func (h *SavedCharts) baseURL(c *fiber.Ctx) string {
	if h.deps.BaseURL != "" {
		return strings.TrimRight(h.deps.BaseURL, "/")
	}
	return c.BaseURL()
}

// Update is POST /charts/{id}: a new name, notes and tags. The input is
// not edited here (a different birth is a different chart).
func (h *SavedCharts) Update(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	req, err := chartstore.Request(saved)
	if err != nil {
		return err
	}
	res, err := chartinput.Resolve(req)
	if err != nil {
		return fmt.Errorf("resolve stored input of chart %d: %w", saved.ID, err)
	}
	meta := formMeta(c)
	edited := *saved
	if err := chartstore.Apply(&edited, meta, res.Input); err != nil {
		var me *chartstore.FieldError
		if !errors.As(err, &me) {
			return err
		}
		p := h.site.Page(c, "")
		form := &views.SavedChartInfo{Name: meta.Name, Notes: meta.Notes, TagsText: c.FormValue("tags"),
			Errors: map[string]string{me.Field: metaErrorText(p, me)}}
		return h.renderSaved(c, fiber.StatusUnprocessableEntity, saved, form)
	}
	if err := h.update(c, saved.ID, map[string]any{"name": edited.Name, "notes": edited.Notes, "tags": edited.Tags}); err != nil {
		return err
	}
	return c.Redirect(chartPath(saved.ID, "?done=edited"), fiber.StatusSeeOther)
}

// update writes columns of the user's chart; a chart gone meanwhile is a 404.
func (h *SavedCharts) update(c *fiber.Ctx, id int64, cols map[string]any) error {
	err := h.deps.Charts.Update(c.UserContext(), CurrentUser(c).ID, id, cols)
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	return err
}

// Favourite is POST /charts/{id}/favourite with favourite=1|0 (toggles
// when absent).
func (h *SavedCharts) Favourite(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	on := !saved.Favourite
	if v := c.FormValue("favourite"); v != "" {
		on = chartinput.IsOn(v)
	}
	if err := h.update(c, saved.ID, map[string]any{"favourite": on}); err != nil {
		return err
	}
	return h.back(c, saved.ID)
}

// back goes to a local "next" (the history list posts its own URL) or to
// the chart's page.
func (h *SavedCharts) back(c *fiber.Ctx, id int64) error {
	if next := c.FormValue("next"); next != "" {
		return c.Redirect(SafeNext(next), fiber.StatusSeeOther)
	}
	return c.Redirect(chartPath(id, ""), fiber.StatusSeeOther)
}

// Trash is POST /charts/{id}/delete: into the trash (its share link stops
// working until it is restored).
func (h *SavedCharts) Trash(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	if _, err := h.deps.Charts.Trash(c.UserContext(), CurrentUser(c).ID, []int64{saved.ID}); err != nil {
		return err
	}
	return h.back(c, saved.ID)
}

// Restore is POST /charts/{id}/restore: out of the trash.
func (h *SavedCharts) Restore(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	if _, err := h.deps.Charts.Restore(c.UserContext(), CurrentUser(c).ID, []int64{saved.ID}); err != nil {
		return err
	}
	return h.back(c, saved.ID)
}

// Destroy is POST /charts/{id}/destroy: delete forever, only from the
// trash (a chart outside it is refused with 409).
func (h *SavedCharts) Destroy(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	if saved.DeletedAt == nil {
		return fiber.NewError(fiber.StatusConflict, h.site.Page(c, "").T("saved.destroy.not_trashed"))
	}
	if _, err := h.deps.Charts.DeleteForever(c.UserContext(), CurrentUser(c).ID, []int64{saved.ID}); err != nil {
		return err
	}
	if next := c.FormValue("next"); next != "" {
		return c.Redirect(SafeNext(next), fiber.StatusSeeOther)
	}
	return c.Redirect("/history?trash=1", fiber.StatusSeeOther)
}

// Share is POST /charts/{id}/share with the show_name, show_place and
// include_reading checkboxes: it creates the link when there is none and
// keeps it when only the settings change.
func (h *SavedCharts) Share(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	cols := map[string]any{
		"share_show_name":       chartinput.IsOn(c.FormValue("show_name")),
		"share_show_place":      chartinput.IsOn(c.FormValue("show_place")),
		"share_include_reading": chartinput.IsOn(c.FormValue("include_reading")),
	}
	if saved.ShareToken == nil {
		token, err := newShareToken()
		if err != nil {
			return err
		}
		cols["share_token"] = token
	}
	if err := h.update(c, saved.ID, cols); err != nil {
		return err
	}
	return c.Redirect(chartPath(saved.ID, "?done=shared#share-url"), fiber.StatusSeeOther)
}

func newShareToken() (string, error) {
	var b [shareTokenBytes]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("share token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// RevokeShare is POST /charts/{id}/share/revoke: the link stops working
// for good (sharing again makes a new one).
func (h *SavedCharts) RevokeShare(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	if err := h.update(c, saved.ID, map[string]any{"share_token": nil}); err != nil {
		return err
	}
	return c.Redirect(chartPath(saved.ID, "?done=unshared"), fiber.StatusSeeOther)
}

// Shared is GET /s/{token}: the read-only chart of a share link, public.
// The name and birthplace appear only when the owner chose so; no link on
// the page carries the input (it would carry the place and the name).
func (h *SavedCharts) Shared(c *fiber.Ctx) error {
	saved, token, err := h.shared(c)
	if err != nil {
		return err
	}
	req, err := chartstore.Request(saved)
	if err != nil {
		return err
	}
	v, err := h.deps.Chart.View(c, req, saved.Name)
	if err != nil {
		return fmt.Errorf("recompute shared chart %d: %w", saved.ID, err)
	}
	if !saved.ShareShowName {
		v.Name = ""
	}
	if !saved.ShareShowPlace {
		v.PlaceName = ""
		v.HideLongitude = true
	}
	// The reading (issue 7) will be added here when ShareIncludeReading is set.
	v.Shared = true
	v.SelfURL = "/s/" + token
	v.Query, v.ZiRuleURL, v.TrueSolarURL, v.LuckMethodURLs, v.CardURL, v.EditURL = "", "", "", nil, "", ""
	// Every link that carries the birth goes: the overview and the
	// portrait are addressed by the chart's query.
	v.OverviewURL, v.PortraitURL = "", ""
	if v.ZiweiURL != "" {
		v.ZiweiURL = "/s/" + token + "/ziwei"
	}
	if v.AstroURL != "" {
		v.AstroURL = "/s/" + token + "/astrology"
	}
	p := h.site.Page(c, "")
	p.NoIndex = true
	p.Title = chartTitle(p, v)
	_, title, desc := chartShare(h.site.shareText(p.Lang), v.Chart, v.Name)
	h.site.shareMeta(c, &p, "/s/"+token+"/card.png", title, desc)
	c.Set("X-Robots-Tag", "noindex")
	// A revoked link must stop working at once: no shared caches, and the
	// token is not sent on to other sites.
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("Referrer-Policy", "no-referrer")
	return renderChartOrPart(c, fiber.StatusOK, p, v)
}

// shared is the chart shared under :token; an unknown or revoked token is
// a 404.
func (h *SavedCharts) shared(c *fiber.Ctx) (*models.SavedChart, string, error) {
	token := c.Params("token")
	if len(token) > 128 {
		return nil, "", fiber.ErrNotFound
	}
	saved, err := h.deps.Charts.ByShareToken(c.UserContext(), token)
	if errors.Is(err, models.ErrNotFound) {
		return nil, "", fiber.ErrNotFound
	}
	return saved, token, err
}

// ShowZiwei is GET /charts/{id}/ziwei: the saved chart's Zi Wei board.
func (h *SavedCharts) ShowZiwei(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	return h.renderZiwei(c, saved, chartPath(saved.ID, "/ziwei")+"?", chartPath(saved.ID, ""))
}

// SharedZiwei is GET /s/{token}/ziwei: the board of a shared chart, with
// the same privacy choices as the shared chart page.
func (h *SavedCharts) SharedZiwei(c *fiber.Ctx) error {
	saved, token, err := h.shared(c)
	if err != nil {
		return err
	}
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("Referrer-Policy", "no-referrer")
	return h.renderZiwei(c, saved, "/s/"+token+"/ziwei?", "/s/"+token)
}

// renderZiwei renders a saved chart's board; base is the board's own
// address (links add year= and palace=), chartURL the chart view.
func (h *SavedCharts) renderZiwei(c *fiber.Ctx, saved *models.SavedChart, base, chartURL string) error {
	req, err := chartstore.Request(saved)
	if err != nil {
		return err
	}
	p := h.site.Page(c, "")
	v, err := h.deps.Ziwei.View(c, req, saved.Name)
	var fe *bazi.FieldError
	if errors.As(err, &fe) {
		// A chart saved without its birth time has no board; say so
		// and lead back to the chart rather than fail.
		msg := p.T("ziwei.needs_time")
		if fe.Field == "year" {
			msg = p.T("ziwei.year_invalid")
		}
		return render(c, fiber.StatusUnprocessableEntity, views.ErrorPage(p, fiber.StatusUnprocessableEntity, p.T("ziwei.title"), msg))
	}
	if err != nil {
		return fmt.Errorf("recompute board %d: %w", saved.ID, err)
	}
	v.Base, v.ChartURL, v.AstroURL = base, chartURL, chartURL+"/astrology"
	image := "/ziwei/card.png?" + cardQuery(v.Query, "palace", "year")
	if strings.HasPrefix(base, "/s/") {
		// The shared board's card by its token: no birth data in the link.
		image = strings.TrimSuffix(base, "?") + "/card.png"
		v.Shared, v.Query = true, ""
		v.OverviewURL = ""
		if !saved.ShareShowName {
			v.Name = ""
		}
		if !saved.ShareShowPlace {
			v.PlaceName, v.ZoneLabel = "", ""
		}
	} else {
		v.SavedID = saved.ID
		if h.deps.Ziwei.ReadingLeft != nil {
			v.ReadingLeft = h.deps.Ziwei.ReadingLeft(c)
		}
	}
	return h.deps.Ziwei.render(c, v, image)
}

// ShowAstro is GET /charts/{id}/astrology: the saved chart's natal chart.
func (h *SavedCharts) ShowAstro(c *fiber.Ctx) error {
	saved, err := h.load(c)
	if err != nil {
		return err
	}
	return h.renderAstro(c, saved, chartPath(saved.ID, "/astrology")+"?", chartPath(saved.ID, ""), chartPath(saved.ID, "/ziwei"))
}

// SharedAstro is GET /s/{token}/astrology: the natal chart of a shared
// chart, with the same privacy choices as the shared chart page.
func (h *SavedCharts) SharedAstro(c *fiber.Ctx) error {
	saved, token, err := h.shared(c)
	if err != nil {
		return err
	}
	c.Set("X-Robots-Tag", "noindex")
	c.Set(fiber.HeaderCacheControl, "private, no-store")
	c.Set("Referrer-Policy", "no-referrer")
	return h.renderAstro(c, saved, "/s/"+token+"/astrology?", "/s/"+token, "/s/"+token+"/ziwei")
}

// renderAstro renders a saved chart's natal chart; base is its own
// address (the house links add house_system=), chartURL and ziweiURL the
// chart and board views of the same saved chart.
func (h *SavedCharts) renderAstro(c *fiber.Ctx, saved *models.SavedChart, base, chartURL, ziweiURL string) error {
	req, err := chartstore.Request(saved)
	if err != nil {
		return err
	}
	p := h.site.Page(c, "")
	v, chart, err := h.deps.Astro.View(c, req, saved.Name)
	var fe *bazi.FieldError
	if errors.As(err, &fe) {
		msg := p.T("astro.options_invalid")
		if fe.Field == "lat" || fe.Field == "lon" {
			msg = p.T("astro.needs_place")
		}
		return render(c, fiber.StatusUnprocessableEntity, views.ErrorPage(p, fiber.StatusUnprocessableEntity, p.T("astro.title"), msg))
	}
	if err != nil {
		return fmt.Errorf("recompute natal chart %d: %w", saved.ID, err)
	}
	v.HouseBase, v.ChartURL = base, chartURL
	if chart.HasTime() {
		v.ZiweiURL = ziweiURL
	}
	// The natal chart has no card of its own: its preview is the chart's.
	og := func(p *views.Page) {}
	if doc, err := chartinput.Build(req, h.deps.Chart.now()); err == nil {
		name, image := saved.Name, "/chart/card.png?"+req.Query(saved.Name)
		if strings.HasPrefix(base, "/s/") {
			// The shared chart's card by its token: no birth data in the link.
			image = chartURL + "/card.png"
			if !saved.ShareShowName {
				name = ""
			}
		}
		og = func(p *views.Page) {
			_, title, desc := chartShare(h.site.shareText(p.Lang), doc.Chart, name)
			h.site.shareMeta(c, p, image, title, desc)
		}
	}
	if strings.HasPrefix(base, "/s/") {
		v.Shared, v.Query = true, ""
		v.OverviewURL = ""
		if !saved.ShareShowName {
			v.Name = ""
		}
		if !saved.ShareShowPlace {
			v.PlaceName, v.ZoneLabel = "", ""
		}
	} else {
		v.SavedID = saved.ID
		if h.deps.Astro.ReadingLeft != nil {
			v.ReadingLeft = h.deps.Astro.ReadingLeft(c)
		}
	}
	return h.deps.Astro.render(c, v, og)
}
