package views

import (
	"context"
	"io"
	"strconv"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/bazi"
)

// The luck timeline is the page's second hot part: ten 大运 links and ten
// 流年 rows, each with two URLs that carry the whole chart query, which
// templ builds, boxes and escapes attribute by attribute. They are written
// here as Go components, held byte-identical to the same markup in plain
// templ (luckPillarItemTempl and liuNianRowTempl in chart_grid_ref.templ)
// by TestLuckTimelineMatchesTempl and FuzzLuckTimeline;
// BenchmarkLuckTimelineFast against BenchmarkLuckTimelineTempl shows the
// gain.

// linkTo writes an href value: prefix + rest escaped, or templ's
// failed-sanitization marker when prefix is not local (localHref's rule).
func (h *htmlWriter) linkTo(prefix string, rest ...string) {
	if localHref(prefix) == templ.FailedSanitizationURL {
		h.text(string(templ.FailedSanitizationURL))
		return
	}
	h.texts(prefix, rest...)
}

// texts writes s and rest escaped, one after the other (an hx-get value,
// which templ escapes but does not sanitize: htmx only requests this site,
// selfRequestsOnly).
func (h *htmlWriter) texts(s string, rest ...string) {
	h.text(s)
	for _, r := range rest {
		h.text(r)
	}
}

// luckLink writes luckURL's or luckFragment's value without building it.
func (h *htmlWriter) luckLink(v *ChartView, idx int32, fragment bool) {
	n := i32(idx)
	switch {
	case v.SelfURL != "" && fragment:
		h.texts(v.SelfURL, "?part=luck&luck=", n)
	case v.SelfURL != "":
		h.linkTo(v.SelfURL, "?luck=", n, "#luck")
	case fragment:
		h.texts("/chart/luck?", v.Query, "&luck=", n)
	default:
		h.linkTo("/chart?", v.Query, "&luck=", n, "#luck")
	}
}

// monthsLink writes monthsURL's or monthsFragment's value.
func (h *htmlWriter) monthsLink(v *ChartView, luck int32, year string, fragment bool) {
	switch {
	case v.SelfURL != "" && fragment:
		h.texts(v.SelfURL, "?part=liuyue&year=", year)
	case v.SelfURL != "":
		h.linkTo(v.SelfURL, "?luck=", i32(luck), "&year=", year, "#liuyue")
	case fragment:
		h.texts("/chart/liuyue?", v.Query, "&year=", year)
	default:
		h.linkTo("/chart?", v.Query, "&luck=", i32(luck), "&year=", year, "#liuyue")
	}
}

// A 大运's look: the one whose years are shown (selected) has a dark
// frame, the one running now (current) a tinted ground and a "now" tag,
// so the two differ when they are different pillars.
const (
	luckItemClass                = `block rounded-lg border-2 px-0.5 py-1.5 sm:px-2 sm:py-2 text-center transition-colors hover:border-brand dark:hover:border-brand-dark border-stone-200 dark:border-stone-700`
	luckItemCurrentClass         = `block rounded-lg border-2 px-0.5 py-1.5 sm:px-2 sm:py-2 text-center transition-colors hover:border-brand dark:hover:border-brand-dark border-brand/40 bg-brand-light dark:border-brand-dark/40 dark:bg-brand/20`
	luckItemSelectedClass        = `block rounded-lg border-2 px-0.5 py-1.5 sm:px-2 sm:py-2 text-center transition-colors hover:border-brand dark:hover:border-brand-dark border-stone-900 shadow-md dark:border-stone-100`
	luckItemCurrentSelectedClass = `block rounded-lg border-2 px-0.5 py-1.5 sm:px-2 sm:py-2 text-center transition-colors hover:border-brand dark:hover:border-brand-dark border-stone-900 bg-brand-light shadow-md dark:border-stone-100 dark:bg-brand/20`
	liuNianRowClass              = `border-t border-stone-100 dark:border-stone-800`
	liuNianCurrentClass          = `border-t border-stone-100 dark:border-stone-800 bg-brand-light font-semibold dark:bg-brand/20`
)

// luckPillarItem is one 大运 of the timeline, as luckPillarItemTempl.
type luckPillarItem struct {
	p  Page
	v  *ChartView
	lp *bazi.LuckPillar
}

func (c luckPillarItem) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p, v, lp := c.p, c.v, c.lp
	current, selected := luckCurrent(*v, lp.Index), luckSelected(*v, lp.Index)
	h.raw(`<li class="min-w-0 text-center" id="dayun-`)
	h.raw(i32(lp.Index))
	h.raw(`"><a href="`)
	h.luckLink(v, lp.Index, false)
	h.raw(`" hx-get="`)
	h.luckLink(v, lp.Index, true)
	h.raw(`" hx-target="#liunian" hx-swap="innerHTML" hx-push-url="`)
	h.luckLink(v, lp.Index, false)
	h.raw(`" class="`)
	switch {
	case current && selected:
		h.raw(luckItemCurrentSelectedClass)
	case current:
		h.raw(luckItemCurrentClass)
	case selected:
		h.raw(luckItemSelectedClass)
	default:
		h.raw(luckItemClass)
	}
	h.raw(`" data-testid="luck-pillar" data-index="`)
	h.raw(i32(lp.Index))
	if current {
		h.raw(`" aria-current="true`)
	}
	if selected {
		h.raw(`" data-selected="true`)
	}
	h.raw(`"><span class="block text-[11px] text-stone-500 sm:text-xs">`)
	h.text(phrase(p, "chart.luck.age", i32(lp.StartAge)))
	h.raw(`</span> `)
	if current {
		h.raw(`<span class="block text-[11px] font-semibold text-brand dark:text-brand-dark sm:text-xs" data-testid="luck-now">`)
		h.text(p.T("chart.luck.now"))
		h.raw(`</span> `)
	}
	h.raw(`<span class="block font-serif text-xl font-bold sm:text-2xl"><span class="`)
	h.raw(elementTextOnly.of(lp.GanZhi.Stem().Element().Key()))
	h.raw(`">`)
	h.text(lp.GanZhi.Stem().String())
	h.raw(`</span><span class="`)
	h.raw(elementTextOnly.of(lp.GanZhi.Branch().Element().Key()))
	h.raw(`">`)
	h.text(lp.GanZhi.Branch().String())
	h.raw(`</span></span> <span class="block text-[11px] text-stone-500 sm:text-xs">`)
	h.raw(i32(lp.StartYear))
	h.raw("–")
	h.raw(i32(lp.EndYear))
	h.raw(`</span></a><div class="mt-1 break-words text-[11px] sm:text-xs" data-testid="luck-ten-god">`)
	h.luckTenGod(p, lp.TenGod)
	h.raw(`</div></li>`)
	return h.err
}

// luckTenGod writes a ten god of the timeline as termLabelTempl does with
// no Chinese beside it: the translated name, opening to its explanation.
func (h *htmlWriter) luckTenGod(p Page, g bazi.TenGod) {
	name, desc, _ := termTexts(p, "tengod", g.Key())
	h.termLabel(p, "tengod", g.Key(), name, desc, "", "")
}

// liuNianRow is one year (流年) of the selected 大运, as liuNianRowTempl.
type liuNianRow struct {
	p  Page
	v  *ChartView
	lp *bazi.LuckPillar
	y  *bazi.LiuNian
}

func (c liuNianRow) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p, v, y := c.p, c.v, c.y
	year := strconv.Itoa(int(y.Year))
	h.raw(`<tr class="`)
	if int(y.Year) == v.Chart.Luck.Current.LiuNianYear {
		h.raw(liuNianCurrentClass)
	} else {
		h.raw(liuNianRowClass)
	}
	h.raw(`" data-testid="liunian-year" data-year="`)
	h.raw(year)
	h.raw(`"><td class="py-1 pr-1 sm:pr-2">`)
	h.raw(year)
	h.raw(`</td><td class="py-1 pr-1 sm:pr-2">`)
	h.raw(i16(y.Age))
	h.raw(`</td><td class="whitespace-nowrap py-1 pr-1 font-serif text-base sm:pr-2"><span class="`)
	h.raw(elementTextOnly.of(y.GanZhi.Stem().Element().Key()))
	h.raw(`">`)
	h.text(y.GanZhi.Stem().String())
	h.raw(`</span><span class="`)
	h.raw(elementTextOnly.of(y.GanZhi.Branch().Element().Key()))
	h.raw(`">`)
	h.text(y.GanZhi.Branch().String())
	h.raw(`</span></td><td class="py-1 pr-1 sm:pr-2">`)
	h.luckTenGod(p, y.TenGod)
	h.raw(`</td><td class="whitespace-nowrap py-1 pr-1 font-serif sm:pr-2">`)
	if y.HasXiaoYun {
		h.text(y.XiaoYun.String())
	}
	h.raw(`</td><td class="py-1 text-right"><a href="`)
	h.monthsLink(v, c.lp.Index, year, false)
	h.raw(`" hx-get="`)
	h.monthsLink(v, c.lp.Index, year, true)
	h.raw(`" hx-target="#liuyue" hx-push-url="`)
	h.monthsLink(v, c.lp.Index, year, false)
	h.raw(`" class="link whitespace-nowrap text-xs" data-testid="open-liuyue">`)
	h.text(p.T("chart.luck.months"))
	h.raw(`</a></td></tr>`)
	return h.err
}
