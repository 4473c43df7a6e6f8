package handlers

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
	"github.com/bazi-master/bazi-master/views"
)

// TarotPage serves /tarot: the form (GET without a draw), the shuffle
// (POST) and a draw (GET with its canonical query). A draw lives in its
// URL, so it can be bookmarked and shared; nothing is stored here.
type TarotPage struct {
	site *Site
	// Keep, when set, is called with each new draw's canonical query and
	// question (to keep it in the visitor's history); a non-empty URL it
	// returns is where the visitor goes instead of /tarot?<query>.
	Keep func(c *fiber.Ctx, query, question string) (string, error)
	// KeptURL, when set, is where a signed-in user finds their draws.
	KeptURL string
	// ReadingLeft, when set, is what is left of the visitor's daily
	// readings (nil: nothing to show).
	ReadingLeft func(c *fiber.Ctx) *views.ReadingAllowance
}

// NewTarotPage returns the Tarot page.
func NewTarotPage(site *Site) *TarotPage { return &TarotPage{site: site} }

// Show is GET /tarot[?spread=…][&question=…] (the form, preset) and GET /tarot?spread=…&cards=…[&reversals=0][&question=…]
// (the draw). A query that is no draw (an unknown spread or card, the
// wrong number of cards, a card twice) is a 400 saying which part is wrong.
func (h *TarotPage) Show(c *fiber.Ctx) error {
	args := func(k string) string { return c.Query(k) }
	if !tarotinput.Asked(args) {
		r := tarotinput.Preset(args)
		return h.form(c, fiber.StatusOK, views.TarotForm{Spread: r.Spread, Question: r.Question, Reversals: r.ReversalsOn()})
	}
	d, ferr := tarotinput.FromQuery(args)
	if ferr != nil {
		p := h.site.Page(c, "tarot.title")
		msg := p.T("tarot.bad_draw", p.T("tarot.bad_draw."+ferr.Field+"."+ferr.Code))
		return render(c, fiber.StatusBadRequest, views.ErrorPage(p, fiber.StatusBadRequest, p.T("tarot.title"), msg))
	}
	v := views.TarotView{Draw: d.Draw, Question: d.Question, Query: d.Query()}
	if h.ReadingLeft != nil {
		v.ReadingLeft = h.ReadingLeft(c)
	}
	if c.Query("kept") == "1" && CurrentUser(c) != nil {
		v.KeptURL = h.KeptURL
	}
	return h.render(c, v)
}

// RenderShared writes a draw's page read-only, for a share link.
func (h *TarotPage) RenderShared(c *fiber.Ctx, query string) error {
	d, err := tarotinput.ParseQuery(query)
	if err != nil {
		return fiber.ErrNotFound
	}
	return h.render(c, views.TarotView{Draw: d.Draw, Question: d.Question, Query: d.Query(), Shared: true})
}

func (h *TarotPage) render(c *fiber.Ctx, v views.TarotView) error {
	p := h.site.Page(c, "")
	p.Title = v.Draw.Spread.Name.In(string(p.Lang)) + " · " + p.T("tarot.title")
	p.NoIndex = v.Shared
	_, title, desc := tarotShare(h.site.shareText(p.Lang), v.Draw)
	h.site.shareMeta(c, &p, "/tarot/card.png?"+cardQuery(v.Query, "question"), title, desc)
	return render(c, fiber.StatusOK, views.TarotPage(p, v))
}

// TarotSummary is a kept draw's line in the history: its cards' names in
// the visitor's language ("The Tower, Ace of Cups (reversed), …"; "" when
// the query is not a draw).
func TarotSummary(query, lang string) string {
	d, err := tarotinput.ParseQuery(query)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for i, c := range d.Cards {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.Card.Name.In(lang))
		if c.Reversed {
			b.WriteString(reversedNote(lang))
		}
	}
	return b.String()
}

// Draw is POST /tarot: the form is checked (a refused field is shown next
// to it with 422), the cards are shuffled with crypto/rand, and the
// visitor is sent (303) to the draw's address.
func (h *TarotPage) Draw(c *fiber.Ctx) error {
	req := tarotinput.FromForm(func(k string) string { return c.FormValue(k) })
	d, err := req.Shuffle(rand.Reader)
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return h.form(c, fiber.StatusUnprocessableEntity, views.TarotForm{Spread: req.Spread, Question: req.Question,
				Reversals: req.ReversalsOn(), Errors: map[string]string{fe.Field: fe.Code}})
		}
		return fmt.Errorf("shuffle tarot: %w", err)
	}
	q := d.Query()
	if h.Keep != nil {
		to, err := h.Keep(c, q, d.Question)
		if err != nil {
			return fmt.Errorf("keep tarot draw: %w", err)
		}
		if to != "" {
			return c.Redirect(to, fiber.StatusSeeOther)
		}
	}
	to := "/tarot?" + q
	if h.Keep != nil && CurrentUser(c) != nil {
		to += "&kept=1"
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

func (h *TarotPage) form(c *fiber.Ctx, status int, f views.TarotForm) error {
	p := h.site.Page(c, "tarot.title")
	return render(c, status, views.TarotFormPage(p, f))
}

// reversedNote marks a reversed card in a summary.
func reversedNote(lang string) string {
	switch lang {
	case "zh-Hans", "zh-Hant":
		return "（逆位）"
	case "ja":
		return "（逆位置）"
	case "ko":
		return " (역방향)"
	}
	return " (reversed)"
}
