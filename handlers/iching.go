package handlers

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
	"github.com/bazi-master/bazi-master/views"
)

// IChingPage serves /iching: the cast form (GET alone), a cast (POST,
// then the cast's own address) and a cast's page (GET with its query,
// recomputed from the lines like a chart from its birth).
type IChingPage struct {
	site *Site
	now  func() time.Time
	// Keep, when set, keeps a new cast for the visitor's history (query
	// and question) and may return the page to go to instead of the cast's
	// own ("" for that).
	Keep func(c *fiber.Ctx, query, question string) (string, error)
	// KeptURL, when set, is where a signed-in user finds their casts.
	KeptURL string
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
}

// NewIChingPage returns the I Ching pages; now is the time method's
// default moment.
func NewIChingPage(site *Site, now func() time.Time) *IChingPage {
	return &IChingPage{site: site, now: now}
}

// Show is GET /iching[?lines=…&method=…&question=…]: the form without
// lines, else the cast.
func (h *IChingPage) Show(c *fiber.Ctx) error {
	if c.Query("lines") == "" {
		// The module's own address (with ?lang= or a method chosen in a
		// link): the form.
		return h.form(c, fiber.StatusOK, views.IChingFormView{TZ: "UTC", Method: c.Query("method"), Question: c.Query("question")})
	}
	res, err := ichinginput.FromQuery(func(k string) string { return c.Query(k) })
	if err != nil {
		var fe *bazi.FieldError
		if !errors.As(err, &fe) {
			return err
		}
		p := h.site.Page(c, "")
		return render(c, fiber.StatusUnprocessableEntity, views.ErrorPage(p, fiber.StatusUnprocessableEntity, p.T("iching.title"), p.T("iching.error.page", h.errorText(p, fe))))
	}
	v := h.view(res)
	if h.ReadingLeft != nil {
		v.ReadingLeft = h.ReadingLeft(c)
	}
	if c.Query("kept") == "1" && CurrentUser(c) != nil {
		v.KeptURL = h.KeptURL
	}
	return h.render(c, v)
}

// RenderShared writes a cast's page read-only, for a share link.
func (h *IChingPage) RenderShared(c *fiber.Ctx, query string) error {
	res, err := ichinginput.Open(query)
	if err != nil {
		return fiber.ErrNotFound
	}
	v := h.view(res)
	v.Shared = true
	return h.render(c, v)
}

// Cast is POST /iching: the form's method and its fields. A refusal shows
// the form again with the message beside the field (422); a cast is kept
// for the visitor and shown at its own address.
func (h *IChingPage) Cast(c *fiber.Ctx) error {
	get := func(k string) string { return c.FormValue(k) }
	fv := views.IChingFormView{Method: get("method"), Lines: get("lines"), N1: get("n1"), N2: get("n2"), N3: get("n3"),
		At: get("at"), TZ: get("tz"), Question: get("question")}
	req, ferr := ichinginput.FormRequest(get)
	if ferr != nil {
		return h.refuse(c, fv, ferr)
	}
	res, err := ichinginput.Cast(req, rand.Reader, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return h.refuse(c, fv, fe)
		}
		return fmt.Errorf("cast: %w", err)
	}
	query := res.Request.Query()
	to := "/iching?" + query
	if h.Keep != nil {
		next, err := h.Keep(c, query, res.Request.Question)
		if err != nil {
			return fmt.Errorf("keep cast: %w", err)
		}
		if next != "" {
			to = next
		} else if CurrentUser(c) != nil {
			to += "&kept=1"
		}
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

func (h *IChingPage) refuse(c *fiber.Ctx, fv views.IChingFormView, fe *bazi.FieldError) error {
	p := h.site.Page(c, "")
	fv.Errors = map[string]string{fe.Field: h.errorText(p, fe)}
	return h.form(c, fiber.StatusUnprocessableEntity, fv)
}

// errorText translates a refusal by its field.
func (h *IChingPage) errorText(p views.Page, fe *bazi.FieldError) string {
	if key := "iching.error." + fe.Field; h.site.I18n.Has(key) {
		return p.T(key)
	}
	return fe.Message
}

func (h *IChingPage) form(c *fiber.Ctx, status int, fv views.IChingFormView) error {
	p := h.site.Page(c, "")
	p.Title = p.T("iching.title")
	return render(c, status, views.IChingFormPage(p, fv))
}

// view is what a cast's page shows.
func (h *IChingPage) view(res *ichinginput.Result) views.IChingView {
	prim := res.Cast.Primary()
	return views.IChingView{
		Query: res.Request.Query(), Question: res.Request.Question, Method: res.Request.Method,
		Numbers: res.Request.Numbers, Cast: res.Cast, Guide: iching.Read(res.Cast),
		Primary: prim, Resulting: res.Cast.Resulting(),
		Nuclear: prim.Nuclear(), Opposite: prim.Opposite(), Reversed: prim.Reversed(),
		At: timeOnly(res),
		TZ: res.Request.TZ,
	}
}

// timeOnly is the time method's moment ("" for another method).
func timeOnly(res *ichinginput.Result) string {
	if res.Request.Method != string(iching.MethodTime) {
		return ""
	}
	return res.Request.At
}

func (h *IChingPage) render(c *fiber.Ctx, v views.IChingView) error {
	p := h.site.Page(c, "")
	p.Title = strconv.Itoa(v.Primary.Number) + " " + v.Primary.Name.In(string(p.Lang)) + " · " + p.T("iching.title")
	p.NoIndex = v.Shared
	_, title, desc := ichingShare(h.site.shareText(p.Lang), v.Cast)
	h.site.shareMeta(c, &p, "/iching/card.png?"+cardQuery(v.Query, "question"), title, desc)
	return render(c, fiber.StatusOK, views.IChingPage(p, v))
}

// IChingSummary is a kept cast's line in the history: "30 离 → 51 震",
// the hexagrams by number and Chinese name in every language ("" when the
// query is not a cast).
func IChingSummary(query, _ string) string {
	res, err := ichinginput.Open(query)
	if err != nil {
		return ""
	}
	p := res.Cast.Primary()
	s := strconv.Itoa(p.Number) + " " + p.Name.Hans
	if r := res.Cast.Resulting(); r != nil {
		s += " → " + strconv.Itoa(r.Number) + " " + r.Name.Hans
	}
	return s
}
