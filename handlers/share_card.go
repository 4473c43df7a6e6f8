package handlers

// Share images: GET /chart/card.png, /ziwei/card.png,
// /compatibility/card.png, /iching/card.png and /tarot/card.png draw the
// page of the same query as a 1200×630 PNG (package sharecard), the
// og:image link previews show; the pages name it in their og: and
// twitter: meta tags (shareMeta).

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/iching"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/ichinginput"
	"github.com/bazi-master/bazi-master/internal/tarotinput"
	"github.com/bazi-master/bazi-master/internal/ziweiinput"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/sharecard"
	"github.com/bazi-master/bazi-master/tarot"
	"github.com/bazi-master/bazi-master/views"
	"github.com/bazi-master/bazi-master/ziwei"
)

// ShareCards serves the share images. Each distinct card is drawn once and
// kept in the cache it was given (bounded, least recently used out).
type ShareCards struct {
	site   *Site
	render *sharecard.Renderer
	cache  *sharecard.Cache
	now    func() time.Time
	// Shared finds a saved chart by its share token for the shared
	// pages' cards (nil: those routes answer 404).
	Shared func(ctx context.Context, token string) (*models.SavedChart, error)
	// Rendered counts the cards drawn (not served from the cache).
	Rendered atomic.Int64
}

// NewShareCards returns the share-image handlers.
func NewShareCards(site *Site, render *sharecard.Renderer, cache *sharecard.Cache, now func() time.Time) *ShareCards {
	return &ShareCards{site: site, render: render, cache: cache, now: now}
}

// shareText is what a card's handler and its page need: the card's texts
// in one language.
type shareText struct {
	lang  i18n.Lang
	t     func(key string, args ...any) string
	terms *i18n.Terms
}

func (s *Site) shareText(lang i18n.Lang) shareText {
	return shareText{lang: lang, t: s.I18n.For(lang), terms: s.I18n.Terms(lang)}
}

// cardRequest reads an image request: its language (?lang=, else
// Accept-Language: these routes run before the language middleware, so
// that a cacheable image sets no cookie) and its query without lang.
func (h *ShareCards) cardRequest(c *fiber.Ctx) (shareText, string) {
	vals, _ := url.ParseQuery(string(c.Request().URI().QueryString()))
	lang, ok := i18n.Parse(vals.Get("lang"))
	if !ok {
		lang = i18n.Negotiate("", c.Get(fiber.HeaderAcceptLanguage))
		c.Vary(fiber.HeaderAcceptLanguage)
	}
	vals.Del("lang")
	return h.site.shareText(lang), vals.Encode()
}

// serve answers with card's PNG, drawn once per distinct card.
func (h *ShareCards) serve(c *fiber.Ctx, card sharecard.Card) error {
	return h.serveWith(c, card, "public, max-age=86400, immutable")
}

// serveWith is serve with the response's Cache-Control.
func (h *ShareCards) serveWith(c *fiber.Ctx, card sharecard.Card, cacheControl string) error {
	key := card.Key()
	etag := `"` + key + `"`
	c.Set(fiber.HeaderCacheControl, cacheControl)
	c.Set(fiber.HeaderETag, etag)
	if c.Get(fiber.HeaderIfNoneMatch) == etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	png, ok := h.cache.Get(key)
	if !ok {
		var err error
		if png, err = h.render.Render(card); err != nil {
			return err
		}
		h.Rendered.Add(1)
		h.cache.Add(key, png)
	}
	c.Set(fiber.HeaderContentType, "image/png")
	return c.Send(png)
}

// refuse answers a query that names no card.
func refuseCard(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return fiber.NewError(fiber.StatusBadRequest, "The query names no chart, board, cast or draw to draw.")
}

// Chart is GET /chart/card.png?<chart query>.
func (h *ShareCards) Chart(c *fiber.Ctx) error {
	st, q := h.cardRequest(c)
	ch, err := chartinput.Open(q, h.now())
	if err != nil || ch.Document == nil {
		return refuseCard(c)
	}
	card, _, _ := chartShare(st, ch.Chart, h.coveredName(ch.Name))
	return h.serve(c, card)
}

// sharedCacheControl lets a messenger keep a shared chart's card a few
// minutes, no longer: a revoked link's card must stop being served soon.
const sharedCacheControl = "public, max-age=300"

// sharedRequest is the shared saved chart a card route's token names, as
// its share shows it: the chart query without what the owner hid.
func (h *ShareCards) sharedRequest(c *fiber.Ctx) (string, error) {
	token := c.Params("token")
	if h.Shared == nil || token == "" || len(token) > 128 {
		return "", fiber.ErrNotFound
	}
	saved, err := h.Shared(c.UserContext(), token)
	if errors.Is(err, models.ErrNotFound) {
		return "", fiber.ErrNotFound
	}
	if err != nil {
		return "", err
	}
	req, err := chartstore.Request(saved)
	if err != nil {
		return "", fmt.Errorf("shared chart %d: %w", saved.ID, err)
	}
	return sharedChartQuery(req, saved.Name, saved.ShareShowName), nil
}

// SharedChart is GET /s/{token}/card.png: a shared chart's card. The
// link names the share, never the birth, so a shared page's image URL
// shows nothing the page hides, and it stops with the share.
func (h *ShareCards) SharedChart(c *fiber.Ctx) error {
	q, err := h.sharedRequest(c)
	if err != nil {
		return err
	}
	st, _ := h.cardRequest(c)
	ch, err := chartinput.Open(q, h.now())
	if err != nil || ch.Document == nil {
		return refuseCard(c)
	}
	card, _, _ := chartShare(st, ch.Chart, h.coveredName(ch.Name))
	return h.serveWith(c, card, sharedCacheControl)
}

// SharedZiwei is GET /s/{token}/ziwei/card.png: a shared chart's board card.
func (h *ShareCards) SharedZiwei(c *fiber.Ctx) error {
	q, err := h.sharedRequest(c)
	if err != nil {
		return err
	}
	st, _ := h.cardRequest(c)
	b, name, err := ziweiinput.Open(q, h.now())
	if err != nil {
		return refuseCard(c)
	}
	card, _, _ := ziweiShare(st, b.Board, h.coveredName(name))
	return h.serveWith(c, card, sharedCacheControl)
}

// Ziwei is GET /ziwei/card.png?<board query>.
func (h *ShareCards) Ziwei(c *fiber.Ctx) error {
	st, q := h.cardRequest(c)
	b, name, err := ziweiinput.Open(q, h.now())
	if err != nil {
		return refuseCard(c)
	}
	card, _, _ := ziweiShare(st, b.Board, h.coveredName(name))
	return h.serve(c, card)
}

// Compat is GET /compatibility/card.png?a=<chart query>&b=<chart query>.
func (h *ShareCards) Compat(c *fiber.Ctx) error {
	st, q := h.cardRequest(c)
	vals, _ := url.ParseQuery(q)
	a, errA := chartinput.Open(compatQuery(vals.Get("a")), h.now())
	b, errB := chartinput.Open(compatQuery(vals.Get("b")), h.now())
	if errA != nil || errB != nil || a.Document == nil || b.Document == nil {
		return refuseCard(c)
	}
	card, _, _ := compatShare(st, a.Chart, b.Chart, h.coveredName(a.Name), h.coveredName(b.Name))
	return h.serve(c, card)
}

// IChing is GET /iching/card.png?<cast query>.
func (h *ShareCards) IChing(c *fiber.Ctx) error {
	st, q := h.cardRequest(c)
	res, err := ichinginput.Open(q)
	if err != nil {
		return refuseCard(c)
	}
	card, _, _ := ichingShare(st, res.Cast)
	return h.serve(c, card)
}

// Tarot is GET /tarot/card.png?<draw query>.
func (h *ShareCards) Tarot(c *fiber.Ctx) error {
	st, q := h.cardRequest(c)
	d, err := tarotinput.ParseQuery(q)
	if err != nil {
		return refuseCard(c)
	}
	card, _, _ := tarotShare(st, d.Draw)
	return h.serve(c, card)
}

// coveredName is a person's name when the card's font can draw it, else
// "" (the card then carries the generic title rather than empty boxes).
func (h *ShareCards) coveredName(name string) string {
	if name == "" || !h.render.Covers(name) {
		return ""
	}
	return name
}

// elementColors are the chart page's element colours.
var elementColors = map[string]color.RGBA{
	"wood":  {0x2f, 0x85, 0x5a, 0xff},
	"fire":  {0xc5, 0x30, 0x30, 0xff},
	"earth": {0xb7, 0x79, 0x1f, 0xff},
	"metal": {0x71, 0x80, 0x96, 0xff},
	"water": {0x2b, 0x6c, 0xb0, 0xff},
}

var (
	cardInk   = color.RGBA{0x1c, 0x19, 0x17, 0xff}
	cardBrand = color.RGBA{0x9b, 0x2c, 0x2c, 0xff}
	cardFaint = color.RGBA{0xa8, 0xa2, 0x9e, 0xff}
)

var cardPillars = [4]int{bazi.PosYear, bazi.PosMonth, bazi.PosDay, bazi.PosHour}

// pillarBlocks are a chart's four pillars as card blocks; withGods adds
// each stem's ten god as the caption.
func pillarBlocks(st shareText, ch *bazi.Chart, withGods bool) []sharecard.Block {
	out := make([]sharecard.Block, 0, 4)
	for _, pos := range cardPillars {
		b := sharecard.Block{Label: st.terms.Name("pillar", bazi.PillarKey(pos))}
		if d := ch.Pillars.At(pos); d != nil {
			b.Glyphs = []sharecard.Glyph{{Text: d.Stem, Color: elementColors[d.StemElement]}, {Text: d.Branch, Color: elementColors[d.BranchElement]}}
			if withGods {
				b.Caption = st.terms.Name("tengod", d.TenGod.Key())
			}
		} else {
			b.Glyphs = []sharecard.Glyph{{Text: "—", Color: cardFaint}}
		}
		out = append(out, b)
	}
	return out
}

// cardClock is the birth time as the card shows it: "1990-05-15 14:30"
// (seconds only when given), or the date alone.
func cardClock(w bazi.Wall) string {
	s := strings.Replace(w.String(), "T", " ", 1)
	if len(s) == len("2006-01-02 15:04:05") {
		s = strings.TrimSuffix(s, ":00")
	}
	return s
}

func pillarNames(ch *bazi.Chart) string {
	var names []string
	for _, pos := range cardPillars {
		if d := ch.Pillars.At(pos); d != nil {
			names = append(names, d.Name)
		}
	}
	return strings.Join(names, " ")
}

// sep joins a day master's stem and element: "甲木", "甲 Wood".
func (st shareText) sep() string {
	if st.lang.CJK() {
		return ""
	}
	return " "
}

// list joins names as the card's language writes a list.
func (st shareText) list(names []string) string {
	if st.lang.CJK() {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
}

// chartShare is a chart's card, og:title and og:description.
func chartShare(st shareText, ch *bazi.Chart, name string) (sharecard.Card, string, string) {
	dm := ch.DayMaster.Char + st.sep() + st.terms.Name("element", ch.DayMaster.Element)
	title := st.t("share.chart.title")
	if name != "" {
		title = st.t("share.chart.title_named", name)
	}
	card := sharecard.Card{
		Title:    title,
		Subtitle: cardClock(ch.SolarTime.Clock) + " · " + st.t("share.chart.daymaster", dm),
		Blocks:   pillarBlocks(st, ch, true),
		Footer:   st.t("app.name"),
	}
	return card, title, st.t("share.chart.description", pillarNames(ch), dm)
}

// ziweiShare is a board's card (命宫 and its major stars), og:title and
// og:description.
func ziweiShare(st shareText, b *ziwei.Board, name string) (sharecard.Card, string, string) {
	lang := string(st.lang)
	soul := &b.Palaces[b.SoulIndex()]
	title := st.t("share.ziwei.title")
	if name != "" {
		title = st.t("share.ziwei.title_named", name)
	}
	where := soul.Stem.String() + soul.Branch.String()
	var blocks []sharecard.Block
	var stars []string
	// The stars are drawn by their Chinese names (iztro's English ones,
	// "emperor", are glosses), with the gloss below in English; Japanese
	// writes them in its own characters, and Korean draws the Hanja with
	// the Hangul below.
	script, caption := string(i18n.SimplifiedChinese), st.lang == i18n.English
	switch st.lang {
	case i18n.TraditionalChinese, i18n.Japanese:
		script = lang
	case i18n.Korean:
		script, caption = string(i18n.TraditionalChinese), true
	}
	for _, s := range soul.Major {
		stars = append(stars, s.ID.NameIn(lang))
		blk := sharecard.Block{Glyphs: []sharecard.Glyph{{Text: s.ID.NameIn(script), Color: cardBrand}}}
		if caption {
			blk.Caption = s.ID.NameIn(lang)
		}
		blocks = append(blocks, blk)
	}
	if len(stars) == 0 {
		stars = []string{st.t("share.ziwei.empty")}
		blocks = []sharecard.Block{{Glyphs: []sharecard.Glyph{{Text: stars[0], Color: cardInk}}}}
	}
	card := sharecard.Card{
		Title:    title,
		Subtitle: st.t("share.ziwei.soul") + " · " + where,
		Blocks:   blocks,
		Footer:   st.t("app.name"),
	}
	return card, title, st.t("share.ziwei.description", where, st.list(stars))
}

// compatShare is a pair's card (both charts' pillars and the score),
// og:title and og:description; names are "" for the generic labels.
func compatShare(st shareText, a, b *bazi.Chart, nameA, nameB string) (sharecard.Card, string, string) {
	if nameA == "" {
		nameA = st.t("share.compat.person_a")
	}
	if nameB == "" {
		nameB = st.t("share.compat.person_b")
	}
	rep := bazi.Compatibility(a, b)
	blocks := append(pillarBlocks(st, a, false), pillarBlocks(st, b, false)...)
	for i := range blocks {
		who := nameA
		if i >= 4 {
			who = nameB
		}
		blocks[i].Label = who + " · " + blocks[i].Label
	}
	card := sharecard.Card{
		Title:    st.t("share.compat.title"),
		Subtitle: nameA + " × " + nameB,
		Blocks:   blocks,
		Note:     st.t("share.compat.score", rep.Overall),
		Footer:   st.t("app.name"),
	}
	return card, st.t("share.compat.title") + " · " + nameA + " × " + nameB,
		st.t("share.compat.description", nameA, nameB, rep.Overall)
}

// hexName is "30 离" or "30 Li (Fire)".
func hexName(h *iching.Hexagram, lang i18n.Lang) string {
	return strconv.Itoa(h.Number) + " " + h.Name.In(string(lang))
}

// ichingShare is a cast's card (the primary and resulting hexagrams
// drawn as lines), og:title and og:description.
func ichingShare(st shareText, cast iching.Cast) (sharecard.Card, string, string) {
	prim, next := cast.Primary(), cast.Resulting()
	lines := make([]sharecard.Line, 6)
	for i, l := range cast.Lines {
		lines[i] = sharecard.Line{Yang: l.Yang(), Moving: l.Changing()}
	}
	blocks := []sharecard.Block{{Label: st.t("share.iching.primary"), Lines: lines, Caption: hexName(prim, st.lang)}}
	subtitle := hexName(prim, st.lang)
	desc := st.t("share.iching.description_still", hexName(prim, st.lang))
	if next != nil {
		nl := make([]sharecard.Line, 6)
		for i := range nl {
			nl[i] = sharecard.Line{Yang: next.Yang(i + 1)}
		}
		blocks = append(blocks, sharecard.Block{Label: st.t("share.iching.resulting"), Lines: nl, Caption: hexName(next, st.lang)})
		subtitle += " → " + hexName(next, st.lang)
		desc = st.t("share.iching.description", hexName(prim, st.lang), hexName(next, st.lang))
	}
	card := sharecard.Card{Title: st.t("share.iching.title"), Subtitle: subtitle, Blocks: blocks, Footer: st.t("app.name")}
	return card, st.t("share.iching.title") + " · " + subtitle, desc
}

// tarotShare is a draw's card (the spread and the cards' names), og:title
// and og:description.
func tarotShare(st shareText, d tarot.Draw) (sharecard.Card, string, string) {
	lang := string(st.lang)
	spread := d.Spread.Name.In(lang)
	var blocks []sharecard.Block
	var names []string
	for _, dc := range d.Cards {
		n := dc.Card.Name.In(lang)
		names = append(names, n)
		col := cardInk
		if dc.Card.Suit == "" {
			col = cardBrand
		}
		blk := sharecard.Block{Label: d.Spread.Positions[dc.Position].Name.In(lang)}
		for _, w := range cardWords(n) {
			blk.Glyphs = append(blk.Glyphs, sharecard.Glyph{Text: w, Color: col})
		}
		if dc.Reversed {
			blk.Caption = st.t("share.tarot.reversed")
		}
		blocks = append(blocks, blk)
	}
	card := sharecard.Card{Title: spread, Subtitle: st.t("share.tarot.title"), Blocks: blocks, Footer: st.t("app.name")}
	return card, spread + " · " + st.t("share.tarot.title"), st.t("share.tarot.description", spread, st.list(names))
}

// cardWords splits a long card name into three lines ("Queen", "of",
// "Pentacles"); "The Fool" and a Chinese name stay one line.
func cardWords(name string) []string {
	ws := strings.Fields(name)
	if len(ws) <= 2 {
		return []string{name}
	}
	if len(ws) == 3 {
		return ws
	}
	return []string{ws[0], strings.Join(ws[1:len(ws)-1], " "), ws[len(ws)-1]}
}

// cardQuery is a page's query for its image: the parts the image does
// not show (the question, the language) left out, so a shared page's
// image link carries no more than it needs.
func cardQuery(query string, drop ...string) string {
	vals, err := url.ParseQuery(query)
	if err != nil {
		return query
	}
	for _, k := range append(drop, "lang", "kept") {
		vals.Del(k)
	}
	return vals.Encode()
}

// sharedChartQuery is the chart query a shared saved chart's card is
// drawn from. It stays on the server (the card's link names the share
// token), so it keeps the exact birth; only the person's name is left out
// unless the owner shows it, since the card prints the name.
func sharedChartQuery(req chartinput.Request, name string, showName bool) string {
	if !showName {
		name = ""
	}
	return req.Query(name)
}

// shareMeta sets a page's og: and twitter: tags: image is the card's path
// and query ("/chart/card.png?…"), made absolute and given the page's
// language.
func (s *Site) shareMeta(c *fiber.Ctx, p *views.Page, image, title, desc string) {
	base := strings.TrimRight(s.PublicURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	sep := "?"
	if strings.Contains(image, "?") {
		sep = "&"
	}
	p.OGImage = base + image + sep + "lang=" + url.QueryEscape(string(p.Lang))
	p.OGTitle, p.OGDescription = title, desc
}

// nameIfGiven is the name a chart query carries ("" for none).
func nameIfGiven(raw string) string {
	_, name, err := chartinput.ParseQuery(compatQuery(raw))
	if err != nil {
		return ""
	}
	return name
}
