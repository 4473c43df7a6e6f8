package views

import (
	"context"
	"html"
	"io"
	"strings"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
)

// The chart page renders hundreds of small values; these helpers keep that
// cheap. templ writes a text expression { s } through fmt.Sprint and a class
// expression class={ … } through a map of class names, a few allocations
// each; the forms below write the same bytes without them.

// esc is text written HTML-escaped, exactly as { s } would write it. Use it
// as @esc(s): templ calls its Render directly, so it costs no allocation.
type esc string

// Render writes s escaped as html.EscapeString does.
func (s esc) Render(_ context.Context, w io.Writer) error { return writeEscaped(w, string(s)) }

// writeEscaped writes s escaped as html.EscapeString does.
func writeEscaped(w io.Writer, s string) error {
	sw, ok := w.(io.StringWriter)
	if !ok {
		_, err := io.WriteString(w, html.EscapeString(s))
		return err
	}
	return escapeTo(sw, s)
}

// escapeTo writes s escaped to sw, the runs between escaped bytes as they are.
func escapeTo(sw io.StringWriter, s string) error {
	rest := s
	for i := 0; i < len(rest); i++ {
		if !mustEscape[rest[i]] {
			continue
		}
		if i > 0 {
			if _, err := sw.WriteString(rest[:i]); err != nil {
				return err
			}
		}
		if _, err := sw.WriteString(escapes[rest[i]]); err != nil {
			return err
		}
		rest, i = rest[i+1:], -1
	}
	if rest == "" {
		return nil
	}
	_, err := sw.WriteString(rest)
	return err
}

// escapes are html.EscapeString's replacements, by byte.
var escapes = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// mustEscape marks the bytes that escapes replaces.
var mustEscape = [256]bool{'&': true, '\'': true, '<': true, '>': true, '"': true}

// classAttr is a class attribute built once, spread into an element as
// { c... } where the class depends on a value (class={ … } would rebuild
// the string on every render).
type classAttr struct{ items []templ.KeyValue[string, any] }

// Items implements templ.Attributer.
func (c *classAttr) Items() []templ.KeyValue[string, any] { return c.items }

func newClassAttr(class string) *classAttr {
	return &classAttr{items: []templ.KeyValue[string, any]{{Key: "class", Value: class}}}
}

// elementClasses is a class list per five-element key: base followed by
// the element's own classes, built once, as a string and as an attribute.
type elementClasses struct {
	class [5]string
	attrs [5]*classAttr
}

func newElementClasses(base string, of func(key string) string) *elementClasses {
	e := &elementClasses{}
	for i, key := range [5]string{"wood", "fire", "earth", "metal", "water"} {
		e.class[i] = of(key)
		if base != "" {
			e.class[i] = base + " " + e.class[i]
		}
		e.attrs[i] = newClassAttr(e.class[i])
	}
	return e
}

// index is the element key's slot (water for anything else, as
// elementTextClass does).
func (e *elementClasses) index(key string) int {
	switch key {
	case "wood":
		return 0
	case "fire":
		return 1
	case "earth":
		return 2
	case "metal":
		return 3
	}
	return 4
}

// of is the class list of an element key.
func (e *elementClasses) of(key string) string { return e.class[e.index(key)] }

// attr is the class attribute of an element key, to spread: { c.attr(key)... }.
func (e *elementClasses) attr(key string) *classAttr { return e.attrs[e.index(key)] }

var (
	pillarCharClasses = newElementClasses("block font-serif text-4xl font-bold sm:text-5xl", elementTextClass)
	hiddenStemClasses = newElementClasses("font-serif text-lg font-semibold", elementTextClass)
	elementTextOnly   = newElementClasses("", elementTextClass)
	elementFillOnly   = newElementClasses("", elementFillClass)
	favourableChips   = newElementClasses("ml-1 rounded px-2 py-0.5 font-medium", elementChipClass)
	relationChips     = newElementClasses("ml-1 rounded px-1.5 text-xs", elementChipClass)
)

// classSpan is <span class="…" attr="value">text</span>, written directly.
// The class must be one of this package's constant class lists (it is
// written as is); the attribute value and the text are escaped. It serves
// the spans whose class depends on a value, hundreds per chart page.
type classSpan struct{ class, attr, value, text string }

// span is <span class="class">text</span>.
func span(class, text string) classSpan { return classSpan{class: class, text: text} }

// spanWith is <span class="class" attr="value">text</span>.
func spanWith(class, attr, value, text string) classSpan {
	return classSpan{class: class, attr: attr, value: value, text: text}
}

// Render implements templ.Component.
func (s classSpan) Render(ctx context.Context, w io.Writer) error {
	if _, err := io.WriteString(w, `<span class="`); err != nil {
		return err
	}
	if _, err := io.WriteString(w, s.class); err != nil {
		return err
	}
	if s.attr != "" {
		if _, err := io.WriteString(w, `" `); err != nil {
			return err
		}
		if _, err := io.WriteString(w, s.attr); err != nil {
			return err
		}
		if _, err := io.WriteString(w, `="`); err != nil {
			return err
		}
		if err := esc(s.value).Render(ctx, w); err != nil {
			return err
		}
	}
	if _, err := io.WriteString(w, `">`); err != nil {
		return err
	}
	if err := esc(s.text).Render(ctx, w); err != nil {
		return err
	}
	_, err := io.WriteString(w, "</span>")
	return err
}

// tr is the translated text of key, written as { p.T(key) } would.
func tr(p Page, key string) esc { return esc(p.T(key)) }

// term is a term's translated name, written as { termName(p, family, key) } would.
func term(p Page, family, key string) esc { return esc(termName(p, family, key)) }

// starNameClass colours a 神煞's name by its nature.
func starNameClass(nature string) string {
	switch nature {
	case "auspicious":
		return "font-medium text-wood dark:text-wood-dark"
	case "inauspicious":
		return "font-medium text-fire dark:text-fire-dark"
	}
	return "font-medium"
}

// space is the one space templ writes after an element followed by a line
// break. It writes none after a component call, so @space follows a
// @span(…) that stands where such an element stood.
const space = esc(" ")

var navClassAttrs = [2]*classAttr{newClassAttr(navClass(false)), newClassAttr(navClass(true))}

// navClassAttr is navClass as an attribute to spread.
func navClassAttr(active bool) *classAttr {
	if active {
		return navClassAttrs[1]
	}
	return navClassAttrs[0]
}

// pillarTestIDs are the pillar grid's data-testid values, "<prefix>-<pillar>".
var pillarTestIDs = func() map[string][4]string {
	m := map[string][4]string{}
	for _, prefix := range []string{"stem", "branch", "hidden", "nayin", "stage", "kongwang"} {
		var ids [4]string
		for pos := range ids {
			ids[pos] = prefix + "-" + pillarKey(pos)
		}
		m[prefix] = ids
	}
	return m
}()

// pillarTestID is prefix + "-" + pillarKey(pos), from the table when it has it.
func pillarTestID(prefix string, pos int) string {
	if ids, ok := pillarTestIDs[prefix]; ok && pos >= 0 && pos < len(ids) {
		return ids[pos]
	}
	return prefix + "-" + pillarKey(pos)
}

// monthsLink is a 流年 row's link to the months of its year:
//
//	<a href="{yearURL}" hx-get="{yearFragment}" hx-target="#liuyue" class="link text-xs" data-testid="open-liuyue">{label}</a>
//
// written piece by piece, so that the two long URLs (ten rows a page) are
// neither built nor escaped as whole strings.
type monthsLink struct{ self, query, luck, year, label string }

func newMonthsLink(v ChartView, luck int32, year, label string) monthsLink {
	return monthsLink{self: v.SelfURL, query: v.Query, luck: i32(luck), year: year, label: label}
}

// Render implements templ.Component.
func (l monthsLink) Render(ctx context.Context, w io.Writer) error {
	var err error
	raw := func(s string) {
		if err == nil {
			_, err = io.WriteString(w, s)
		}
	}
	text := func(s string) {
		if err == nil {
			err = esc(s).Render(ctx, w)
		}
	}
	raw(`<a href="`)
	if l.self != "" {
		text(sanitizedHref(l.self))
		raw("?luck=")
	} else {
		raw("/chart?")
		text(l.query)
		raw("&amp;luck=")
	}
	text(l.luck)
	raw("&amp;year=")
	text(l.year)
	raw(`#liuyue" hx-get="`)
	if l.self != "" {
		text(sanitizedHref(l.self))
		raw("?part=liuyue&amp;year=")
	} else {
		raw("/chart/liuyue?")
		text(l.query)
		raw("&amp;year=")
	}
	text(l.year)
	raw(`" hx-target="#liuyue" class="link text-xs" data-testid="open-liuyue">`)
	text(l.label)
	raw("</a>")
	return err
}

// gauge holds the strength gauge's constant bands (x and width on a
// 300-unit scale), formatted once rather than on every render.
var gauge = struct {
	veryWeakW, weakX, weakW, balancedX, balancedW, strongX, strongW, veryStrongX, veryStrongW string
}{
	veryWeakW:   barWidth(bazi.VeryWeakBelow, 300),
	weakX:       barWidth(bazi.VeryWeakBelow, 300),
	weakW:       barWidth(bazi.WeakBelow-bazi.VeryWeakBelow, 300),
	balancedX:   barWidth(bazi.WeakBelow, 300),
	balancedW:   barWidth(bazi.BalancedUpTo-bazi.WeakBelow, 300),
	strongX:     barWidth(bazi.BalancedUpTo, 300),
	strongW:     barWidth(bazi.StrongUpTo-bazi.BalancedUpTo, 300),
	veryStrongX: barWidth(bazi.StrongUpTo, 300),
	veryStrongW: barWidth(100-bazi.StrongUpTo, 300),
}

// elementsDesc is the text alternative of the elements chart, for each
// element "<name> <share>% (<count>).", as one component rather than three
// text expressions an element.
type elementsDesc struct {
	p Page
	e bazi.ElementBalance
}

func newElementsDesc(p Page, e bazi.ElementBalance) elementsDesc { return elementsDesc{p: p, e: e} }

// Render implements templ.Component.
func (d elementsDesc) Render(ctx context.Context, w io.Writer) error {
	for _, el := range elementOrder {
		for _, part := range [...]string{termName(d.p, "element", el.Key()), " ", pct(d.e.Percent.Get(el)), "% (", itoa(d.e.Counts.Get(el)), ")."} {
			if err := esc(part).Render(ctx, w); err != nil {
				return err
			}
		}
	}
	return nil
}

// htmlWriter writes raw markup and escaped text to a templ buffer, keeping
// the first error; the components below build elements with it whose
// attributes depend on a value (templ's { … } attribute boxes every value
// and escapes it into a new string).
type htmlWriter struct {
	w   io.Writer
	sw  io.StringWriter // w, when it writes strings without a copy to bytes
	err error
}

func newHTMLWriter(w io.Writer) htmlWriter {
	sw, _ := w.(io.StringWriter)
	return htmlWriter{w: w, sw: sw}
}

// raw writes s as is: markup of this package, never a value.
func (h *htmlWriter) raw(s string) {
	if h.err != nil {
		return
	}
	if h.sw != nil {
		_, h.err = h.sw.WriteString(s)
		return
	}
	_, h.err = io.WriteString(h.w, s)
}

// href writes a link target escaped. The targets are the app's own paths;
// anything else (a scheme such as javascript:, or //host) is written as
// templ writes a URL that fails its sanitizing, so a bug upstream cannot
// turn into a script link.
func (h *htmlWriter) href(s string) {
	h.text(sanitizedHref(s))
}

// sanitizedHref is s when it is local (see href), else templ's marker.
func sanitizedHref(s string) string {
	if localURL(s) {
		return s
	}
	return string(templ.FailedSanitizationURL)
}

// localURL reports whether s is a path on this site, a query or a fragment.
func localURL(s string) bool {
	switch {
	case strings.HasPrefix(s, "//"), strings.HasPrefix(s, `/\`):
		return false
	case strings.HasPrefix(s, "/"), strings.HasPrefix(s, "?"), strings.HasPrefix(s, "#"):
		return true
	}
	return false
}

// text writes s escaped, as templ writes { s } and attribute values.
func (h *htmlWriter) text(s string) {
	if h.err != nil {
		return
	}
	if h.sw != nil {
		h.err = escapeTo(h.sw, s)
		return
	}
	h.err = writeEscaped(h.w, s)
}

// termTexts is a term's name, description and pinyin.
func termTexts(p Page, family, key string) (name, desc, pinyin string) {
	if p.Terms != nil {
		t := p.Terms.Get(family, key)
		return t.Name, t.Desc, t.Pinyin
	}
	return termName(p, family, key), termDesc(p, family, key), termPinyin(p, family, key)
}

// termLabel is a term with its explanation as the title: the translated
// name, and in English the Chinese and its pinyin before it.
//
//	<span title="{desc}"><span lang="zh-Hans" class="font-serif">{zh}</span> <span class="text-stone-500"><i class="hidden sm:inline">{pinyin} · </i>{name}</span></span>
//	<span title="{desc}">{name}</span>
type termLabel struct {
	english                bool
	zh, pinyin, name, desc string
}

// tenGodLabel shows a ten god.
func tenGodLabel(p Page, g bazi.TenGod) termLabel {
	name, desc, _ := termTexts(p, "tengod", g.Key())
	l := termLabel{english: isEnglish(p), name: name, desc: desc}
	if l.english {
		l.zh, l.pinyin = g.String(), g.Pinyin()
	}
	return l
}

// stageLabel shows a life stage (长生 … 养).
func stageLabel(p Page, s bazi.LifeStage) termLabel {
	name, desc, pinyin := termTexts(p, "stage", s.Key())
	l := termLabel{english: isEnglish(p), name: name, desc: desc}
	if l.english {
		l.zh, l.pinyin = s.String(), pinyin
	}
	return l
}

// Render implements templ.Component.
func (l termLabel) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<span title="`)
	h.text(l.desc)
	if l.english {
		h.raw(`"><span lang="zh-Hans" class="font-serif">`)
		h.text(l.zh)
		h.raw(`</span> <span class="text-stone-500"><i class="hidden sm:inline">`)
		h.text(l.pinyin)
		h.raw(` · </i>`)
		h.text(l.name)
		h.raw(`</span></span>`)
		return h.err
	}
	h.raw(`">`)
	h.text(l.name)
	h.raw(`</span>`)
	return h.err
}

// unknownCell stands for a value of the unknown hour:
//
//	<span class="text-stone-400" title="{chart.hour_unknown}">—</span>
type unknownCell struct{ title string }

func newUnknownCell(p Page) unknownCell { return unknownCell{title: p.T("chart.hour_unknown")} }

// Render implements templ.Component.
func (u unknownCell) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<span class="text-stone-400" title="`)
	h.text(u.title)
	h.raw(`">—</span>`)
	return h.err
}

// markup is an opening or closing tag of this package's own, written as is
// (never a value): it lets a template open an element whose attributes are
// built once, e.g. @liuNianRow{…} … @markup("</tr>").
type markup string

// Render implements templ.Component.
func (m markup) Render(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, string(m))
	return err
}

// luckPillarLink is a 大运 of the luck timeline, a link that loads its years:
//
//	<a href="{luckURL}" hx-get="{luckFragment}" hx-target="#liunian" hx-swap="innerHTML" class="…" data-testid="luck-pillar" data-index="{index}" [aria-current="true"]>
//	<span class="block text-xs text-stone-500">{age}</span> <span class="block font-serif text-2xl font-bold">{stem}{branch}</span> <span class="block text-xs">{ten god}</span> <span class="block text-xs text-stone-500">{start}–{end}</span></a>
type luckPillarLink struct {
	self, query, index, age, tenGod, years string
	stem, branch                           classSpan
	current                                bool
}

func newLuckPillarLink(p Page, v ChartView, lp *bazi.LuckPillar) luckPillarLink {
	return luckPillarLink{
		self:    v.SelfURL,
		query:   v.Query,
		index:   i32(lp.Index),
		age:     phrase(p, "chart.luck.age", i32(lp.StartAge)),
		tenGod:  termName(p, "tengod", lp.TenGod.Key()),
		years:   i32(lp.StartYear) + "–" + i32(lp.EndYear),
		stem:    span(elementTextOnly.of(lp.GanZhi.Stem().Element().Key()), lp.GanZhi.Stem().String()),
		branch:  span(elementTextOnly.of(lp.GanZhi.Branch().Element().Key()), lp.GanZhi.Branch().String()),
		current: luckCurrent(v, lp.Index),
	}
}

// Render implements templ.Component.
func (l luckPillarLink) Render(ctx context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<a href="`)
	if l.self != "" {
		h.href(l.self)
		h.raw("?luck=")
	} else {
		h.raw("/chart?")
		h.text(l.query)
		h.raw("&amp;luck=")
	}
	h.text(l.index)
	h.raw(`#luck" hx-get="`)
	if l.self != "" {
		h.href(l.self)
		h.raw("?part=luck&amp;luck=")
	} else {
		h.raw("/chart/luck?")
		h.text(l.query)
		h.raw("&amp;luck=")
	}
	h.text(l.index)
	if l.current {
		h.raw(`" hx-target="#liunian" hx-swap="innerHTML" class="block w-24 rounded-lg border px-2 py-2 text-center transition-colors hover:border-brand dark:hover:border-brand-dark border-brand bg-brand-light ring-2 ring-brand dark:border-brand-dark dark:bg-brand/20 dark:ring-brand-dark" data-testid="luck-pillar" data-index="`)
		h.text(l.index)
		h.raw(`" aria-current="true">`)
	} else {
		h.raw(`" hx-target="#liunian" hx-swap="innerHTML" class="block w-24 rounded-lg border px-2 py-2 text-center transition-colors hover:border-brand dark:hover:border-brand-dark border-stone-200 dark:border-stone-700" data-testid="luck-pillar" data-index="`)
		h.text(l.index)
		h.raw(`">`)
	}
	h.raw(`<span class="block text-xs text-stone-500">`)
	h.text(l.age)
	h.raw(`</span> <span class="block font-serif text-2xl font-bold">`)
	if h.err == nil {
		h.err = l.stem.Render(ctx, w)
	}
	if h.err == nil {
		h.err = l.branch.Render(ctx, w)
	}
	h.raw(`</span> <span class="block text-xs">`)
	h.text(l.tenGod)
	h.raw(`</span> <span class="block text-xs text-stone-500">`)
	h.text(l.years)
	h.raw(`</span></a>`)
	return h.err
}

// liuNianRow is the opening tag of a 流年 row; the template closes it with
// @markup("</tr>").
type liuNianRow struct {
	current bool
	year    string
}

// Render implements templ.Component.
func (r liuNianRow) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	if r.current {
		h.raw(`<tr class="border-t border-stone-100 dark:border-stone-800 bg-brand-light font-semibold dark:bg-brand/20" data-testid="liunian-year" data-year="`)
	} else {
		h.raw(`<tr class="border-t border-stone-100 dark:border-stone-800" data-testid="liunian-year" data-year="`)
	}
	h.text(r.year)
	h.raw(`">`)
	return h.err
}

// elementRow is one element's row of the elements chart:
//
//	<g data-element="{key}"><text x="0" y="{y+18}" class="…">{name}</text> <rect … y="{y+6}" …></rect> <rect … y="{y+6}" width="{bar}" … class="{fill}"></rect> <text x="240" y="{y+18}" class="…">{pct}% · {count}</text></g>
type elementRow struct {
	key, name, bar, pct, count string
	row                        int
}

func newElementRow(p Page, e bazi.ElementBalance, i int, el bazi.Element) elementRow {
	return elementRow{
		key:   el.Key(),
		name:  termName(p, "element", el.Key()),
		bar:   barWidth(e.Percent.Get(el), 170),
		pct:   pct(e.Percent.Get(el)),
		count: itoa(e.Counts.Get(el)),
		row:   i,
	}
}

// Render implements templ.Component.
func (r elementRow) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	textY, barY := itoa(r.row*28+18), itoa(r.row*28+6)
	h.raw(`<g data-element="`)
	h.text(r.key)
	h.raw(`"><text x="0" y="`)
	h.text(textY)
	h.raw(`" class="fill-current text-[12px]">`)
	h.text(r.name)
	h.raw(`</text> <rect x="62" y="`)
	h.text(barY)
	h.raw(`" width="170" height="16" rx="3" class="fill-stone-200 dark:fill-stone-800"></rect> <rect x="62" y="`)
	h.text(barY)
	h.raw(`" width="`)
	h.text(r.bar)
	h.raw(`" height="16" rx="3" class="`)
	h.text(elementFillOnly.of(r.key))
	h.raw(`"></rect> <text x="240" y="`)
	h.text(textY)
	h.raw(`" class="fill-current text-[11px]">`)
	h.text(r.pct)
	h.raw(`% · `)
	h.text(r.count)
	h.raw(`</text></g>`)
	return h.err
}

// gaugeBands are the strength gauge's five constant bands, followed by the
// space that separates them from the marker.
var gaugeBands = markup(func() string {
	band := func(x, width, class string) string {
		return `<rect x="` + html.EscapeString(x) + `" y="8" width="` + html.EscapeString(width) + `" height="12" class="` + class + `"></rect> `
	}
	return band("0", gauge.veryWeakW, "fill-water/40") +
		band(gauge.weakX, gauge.weakW, "fill-water/20") +
		band(gauge.balancedX, gauge.balancedW, "fill-stone-300 dark:fill-stone-700") +
		band(gauge.strongX, gauge.strongW, "fill-fire/20") +
		band(gauge.veryStrongX, gauge.veryStrongW, "fill-fire/40")
}())

// flagItem is one of the strength gauge's flags (得令, 得地, 得势):
//
//	<li class="…" title="{chart.flag.<key>.desc}">{chart.flag.<key>}</li>
type flagItem struct {
	on          bool
	title, text string
}

// flagKeys are the flags' message keys, name and description.
var flagKeys = map[string][2]string{
	"in_season": {"chart.flag.in_season", "chart.flag.in_season.desc"},
	"rooted":    {"chart.flag.rooted", "chart.flag.rooted.desc"},
	"supported": {"chart.flag.supported", "chart.flag.supported.desc"},
}

func flag(p Page, key string, on bool) flagItem {
	keys, ok := flagKeys[key]
	if !ok {
		keys = [2]string{"chart.flag." + key, "chart.flag." + key + ".desc"}
	}
	return flagItem{on: on, title: p.T(keys[1]), text: p.T(keys[0])}
}

// Render implements templ.Component.
func (f flagItem) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	if f.on {
		h.raw(`<li class="rounded-full px-2 py-0.5 bg-wood-light text-wood dark:bg-wood/20 dark:text-wood-dark" title="`)
	} else {
		h.raw(`<li class="rounded-full px-2 py-0.5 bg-stone-100 text-stone-500 line-through dark:bg-stone-800" title="`)
	}
	h.text(f.title)
	h.raw(`">`)
	h.text(f.text)
	h.raw(`</li>`)
	return h.err
}

// palaceCard is one of 胎元, 胎息, 命宫 and 身宫:
//
//	<div class="…" data-testid="palace-{key}"><dt class="…" title="{desc}">{name}</dt><dd class="…">{palace} <span class="…">{nayin}</span></dd></div>
type palaceCard struct {
	key, name, desc, palace, nayin string
	known                          bool
	unknown                        unknownCell
}

func palace(p Page, key string, pl *bazi.Palace) palaceCard {
	name, desc, _ := termTexts(p, "palace", key)
	c := palaceCard{key: key, name: name, desc: desc}
	if pl != nil {
		c.known, c.palace, c.nayin = true, pl.Name, termName(p, "nayin", nayinIndex(pl.NaYin))
	} else {
		c.unknown = newUnknownCell(p)
	}
	return c
}

// Render implements templ.Component.
func (c palaceCard) Render(ctx context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<div class="rounded-lg bg-stone-100 p-3 text-center dark:bg-stone-800" data-testid="palace-`)
	h.text(c.key)
	h.raw(`"><dt class="text-xs text-stone-500" title="`)
	h.text(c.desc)
	h.raw(`">`)
	h.text(c.name)
	h.raw(`</dt><dd class="mt-1 font-serif text-2xl font-bold">`)
	if c.known {
		h.text(c.palace)
		h.raw(` <span class="block font-sans text-xs font-normal text-stone-500">`)
		h.text(c.nayin)
		h.raw(`</span>`)
	} else if h.err == nil {
		h.err = c.unknown.Render(ctx, w)
	}
	h.raw(`</dd></div>`)
	return h.err
}

// termRefSpans is a solar term and when it falls:
//
//	<span class="font-medium">{name}</span> [<span lang="zh-Hans" class="…">{zh}</span> ]<span class="text-stone-500">{local time}</span>
type termRefSpans struct{ name, zh, local string }

func termRef(p Page, r bazi.TermRef) termRefSpans {
	t := termRefSpans{name: termName(p, "solarterm", r.Term.Key()), local: wallString(r.Local)}
	if isEnglish(p) {
		t.zh = r.Term.String()
	}
	return t
}

// Render implements templ.Component.
func (t termRefSpans) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<span class="font-medium">`)
	h.text(t.name)
	h.raw(`</span> `)
	if t.zh != "" {
		h.raw(`<span lang="zh-Hans" class="font-serif text-stone-500">`)
		h.text(t.zh)
		h.raw(`</span> `)
	}
	h.raw(`<span class="text-stone-500">`)
	h.text(t.local)
	h.raw(`</span>`)
	return h.err
}

// starItem is one 神煞 of the stars panel, with where it sits and the rule
// that placed it:
//
//	<li data-testid="star" data-key="{key}"><details class="…"><summary class="…"><span class="{nature}">{name}</span> [<span lang="zh-Hans" class="…">{zh}</span> <i class="…">{pinyin}</i> ]<span class="…">{pillar}</span></summary><p class="…">{desc}</p><p class="…">{chart.rule}: {rule}</p></details></li>
type starItem struct {
	key, class, name, zh, pinyin, pillar, desc, ruleLabel, rule string
	english                                                     bool
}

func newStarItem(p Page, s bazi.ShenSha) starItem {
	name, desc, pinyin := termTexts(p, "shensha", s.Key())
	it := starItem{
		key:       s.Key(),
		class:     starNameClass(s.Nature()),
		name:      name,
		pillar:    termName(p, "pillar", s.Pillar()),
		desc:      desc,
		ruleLabel: p.T("chart.rule"),
		rule:      s.Rule(),
		english:   isEnglish(p),
	}
	if it.english {
		it.zh, it.pinyin = s.Name(), pinyin
	}
	return it
}

// Render implements templ.Component.
func (s starItem) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<li data-testid="star" data-key="`)
	h.text(s.key)
	h.raw(`"><details class="rounded-lg bg-stone-50 px-3 py-2 dark:bg-stone-800/60"><summary class="cursor-pointer list-none"><span class="`)
	h.raw(s.class)
	h.raw(`">`)
	h.text(s.name)
	h.raw(`</span> `)
	if s.english {
		h.raw(`<span lang="zh-Hans" class="ml-1 font-serif text-stone-500">`)
		h.text(s.zh)
		h.raw(`</span> <i class="ml-1 text-xs text-stone-500">`)
		h.text(s.pinyin)
		h.raw(`</i> `)
	}
	h.raw(`<span class="ml-2 text-xs text-stone-500">`)
	h.text(s.pillar)
	h.raw(`</span></summary><p class="mt-1 text-stone-600 dark:text-stone-400">`)
	h.text(s.desc)
	h.raw(`</p><p class="mt-1 font-mono text-xs text-stone-500">`)
	h.text(s.ruleLabel)
	h.raw(`: `)
	h.text(s.rule)
	h.raw(`</p></details></li>`)
	return h.err
}

// relationEntry is one relation of the relations panel (合, 冲, 刑 …), the
// same bytes the template wrote (note the space before each pillar):
//
//	<li data-testid="relation" data-type="{type}"><details class="…"><summary class="…"><span class="…">{chars}</span> <span class="ml-2">{name}</span> [<span lang="zh-Hans" class="…">{zh}</span> ][<span class="text-stone-500">· {subtype}</span> ][{element chip} ]<span class="…"> {pillar}[ ·  {pillar}…]</span></summary><p class="…">{desc}</p></details></li>
type relationEntry struct {
	p       Page
	r       bazi.Relation
	english bool
}

func relationItem(p Page, r bazi.Relation) relationEntry {
	return relationEntry{p: p, r: r, english: isEnglish(p)}
}

// Render implements templ.Component.
func (e relationEntry) Render(ctx context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p, r := e.p, e.r
	typ := r.Type()
	name, desc, _ := termTexts(p, "relation", typ)
	h.raw(`<li data-testid="relation" data-type="`)
	h.text(typ)
	h.raw(`"><details class="group rounded-lg bg-stone-50 px-3 py-2 dark:bg-stone-800/60"><summary class="cursor-pointer list-none"><span class="font-serif text-base font-semibold">`)
	h.text(r.Chars())
	h.raw(`</span> <span class="ml-2">`)
	h.text(name)
	h.raw(`</span> `)
	if e.english {
		h.raw(`<span lang="zh-Hans" class="ml-1 font-serif text-stone-500">`)
		h.text(r.Name())
		h.raw(`</span> `)
	}
	if sub := r.Subtype(); sub != "" {
		h.raw(`<span class="text-stone-500">· `)
		h.text(termName(p, "relation.sub", sub))
		h.raw(`</span> `)
	}
	if el, ok := r.Element(); ok {
		if h.err == nil {
			h.err = span(relationChips.of(el.Key()), termName(p, "element", el.Key())).Render(ctx, w)
		}
		h.raw(" ")
	}
	h.raw(`<span class="ml-2 text-xs text-stone-500">`)
	for i, m := range r.Members() {
		if i > 0 {
			h.raw(" · ")
		}
		h.raw(" ")
		h.text(termName(p, "pillar", m))
	}
	h.raw(`</span></summary><p class="mt-1 text-stone-600 dark:text-stone-400">`)
	h.text(desc)
	h.raw(`</p></details></li>`)
	return h.err
}

// pillarRow names a row of the pillar grid whose cells carry a data-testid.
type pillarRow int

const (
	stemRow pillarRow = iota
	branchRow
	hiddenRow
	nayinRow
	stageRow
	kongwangRow
	numPillarRows
)

// pillarCellOpen are the rows' opening cell tags, by row and pillar:
// <td class="…" data-testid="<row>-<pillar>">.
var pillarCellOpen = func() (open [numPillarRows][4]string) {
	rows := [numPillarRows]struct{ prefix, class string }{
		stemRow:     {"stem", "break-words p-1 sm:p-2"},
		branchRow:   {"branch", "break-words p-1 sm:p-2"},
		hiddenRow:   {"hidden", "break-words p-1 sm:p-2 align-top text-sm"},
		nayinRow:    {"nayin", "break-words p-1 sm:p-2 text-sm"},
		stageRow:    {"stage", "break-words p-1 sm:p-2 text-sm"},
		kongwangRow: {"kongwang", "break-words p-1 sm:p-2 text-sm"},
	}
	for r, row := range rows {
		for pos := range open[r] {
			open[r][pos] = `<td class="` + row.class + `" data-testid="` + html.EscapeString(pillarTestID(row.prefix, pos)) + `">`
		}
	}
	return open
}()

// pillarCell is one cell of a pillar grid row that has a data-testid, the
// same bytes the row's template wrote: the pillar's value, or the unknown
// hour's dash.
type pillarCell struct {
	p   Page
	d   *bazi.PillarDetail // nil for the unknown hour
	row pillarRow
	pos int
}

// Render implements templ.Component.
func (c pillarCell) Render(ctx context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p := c.p
	h.raw(pillarCellOpen[c.row][c.pos])
	d := c.d
	if d == nil {
		if h.err == nil {
			h.err = newUnknownCell(p).Render(ctx, w)
		}
		h.raw("</td>")
		return h.err
	}
	english := isEnglish(p)
	sub := func(c classSpan) {
		if h.err == nil {
			h.err = c.Render(ctx, w)
		}
	}
	switch c.row {
	case stemRow, branchRow:
		char, element, polarity, pinyin := d.Stem, d.StemElement, d.StemPolarity, d.StemPinyin
		if c.row == branchRow {
			char, element, polarity, pinyin = d.Branch, d.BranchElement, d.BranchPolarity, d.BranchPinyin
		}
		elementName := termName(p, "element", element)
		sub(spanWith(pillarCharClasses.of(element), "title", elementName, char))
		h.raw(` <span class="block text-xs text-stone-500">`)
		if english {
			h.text(pinyin)
			h.raw(" · ")
		}
		h.text(phrase(p, "term.polarity_element", termName(p, "polarity", polarity), elementName))
		if c.row == branchRow {
			h.raw(" · ")
			h.text(termName(p, "animal", lower(d.Animal)))
			h.raw("</span>")
			break
		}
		h.raw("</span> ")
		if c.pos == bazi.PosDay {
			h.raw(`<span class="mt-1 inline-block rounded-full bg-brand px-2 py-0.5 text-xs font-semibold text-white dark:bg-brand-dark dark:text-stone-950" data-testid="day-master">`)
			h.text(p.T("term.daymaster"))
			h.raw("</span>")
		}
	case hiddenRow:
		h.raw(`<ul class="space-y-1">`)
		for _, hs := range d.HiddenStems {
			h.raw(`<li title="`)
			h.text(termName(p, "hidden.role", hs.Role.String()))
			h.raw(`">`)
			sub(spanWith(hiddenStemClasses.of(hs.Element), "data-testid", "hidden-stem", hs.Stem.String()))
			h.raw(` <span class="block text-xs leading-tight">`)
			if h.err == nil {
				h.err = tenGodLabel(p, hs.TenGod).Render(ctx, w)
			}
			h.raw("</span></li>")
		}
		h.raw("</ul>")
	case nayinRow:
		name, _, pinyin := termTexts(p, "nayin", nayinIndex(d.NaYin))
		sub(span(elementTextOnly.of(d.NaYinElement), name))
		h.raw(" ")
		if english {
			h.raw(`<span class="block text-xs text-stone-500"><span lang="zh-Hans">`)
			h.text(d.NaYin.String())
			h.raw(`</span> <i>`)
			h.text(pinyin)
			h.raw(`</i></span>`)
		}
	case stageRow:
		if h.err == nil {
			h.err = stageLabel(p, d.Stage).Render(ctx, w)
		}
	case kongwangRow:
		h.raw(`<span class="font-serif">`)
		h.text(d.KongWang.Void)
		h.raw("</span> ")
		if d.KongWang.VoidByDay || d.KongWang.VoidByYear {
			h.raw(`<span class="ml-1 rounded bg-stone-200 px-1 text-xs dark:bg-stone-700" title="`)
			h.text(p.T("chart.void_here"))
			h.raw(`">`)
			h.text(p.T("chart.void"))
			h.raw("</span>")
		}
	}
	h.raw("</td>")
	return h.err
}

// langLink is an entry of the language switcher: the current language as
// a span, the others as links.
//
//	<span class="…" aria-current="true" lang="{lang}" title="{label}">…</span>
//	<a href="{url}" class="…" lang="{lang}" hreflang="{lang}" title="{label}"><span class="sm:hidden" aria-hidden="true">{short}</span><span class="sr-only sm:not-sr-only">{label}</span></a>
type langLink struct{ l LangLink }

// Render implements templ.Component.
func (k langLink) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	l := k.l
	if l.Current {
		h.raw(`<span class="whitespace-nowrap rounded px-1.5 py-1 font-semibold sm:px-2" aria-current="true" lang="`)
	} else {
		h.raw(`<a href="`)
		h.href(l.URL)
		h.raw(`" class="whitespace-nowrap rounded px-1.5 py-1 text-stone-600 hover:bg-stone-100 dark:text-stone-300 dark:hover:bg-stone-800 sm:px-2" lang="`)
		h.text(string(l.Lang))
		h.raw(`" hreflang="`)
	}
	h.text(string(l.Lang))
	h.raw(`" title="`)
	h.text(l.Label)
	h.raw(`"><span class="sm:hidden" aria-hidden="true">`)
	h.text(shortLang(l.Lang))
	h.raw(`</span><span class="sr-only sm:not-sr-only">`)
	h.text(l.Label)
	if l.Current {
		h.raw(`</span></span>`)
	} else {
		h.raw(`</span></a>`)
	}
	return h.err
}

// anchor is <a href="{href}"{attrs}>{text}</a>: href, a URL the handler
// built, and text escaped; attrs are the template's own constant
// attributes, each after a space. It writes the links of the chart page
// whose URL is long and different on every chart.
type anchor struct{ href, attrs, text string }

func link(href, attrs, text string) anchor { return anchor{href: href, attrs: attrs, text: text} }

// Render implements templ.Component.
func (a anchor) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	h.raw(`<a href="`)
	h.href(a.href)
	h.raw(`"`)
	h.raw(a.attrs)
	h.raw(`>`)
	h.text(a.text)
	h.raw(`</a>`)
	return h.err
}
