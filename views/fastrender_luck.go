package views

import (
	"context"
	"io"

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
// gain. Their links carry the whole chart query: each kind is escaped once
// per timeline (numLink), each link writing only its number.

// numLink is the links of one kind in the timeline, which differ only in
// a number (the 大运's or the year's): prefix + number + suffix, escaped
// once per timeline rather than for every link; the whole value when it
// is templ's failed-sanitization marker.
type numLink struct {
	prefix, suffix string
	whole          bool
}

// hrefLink is an href: prefix + rest + number + suffix, or templ's
// failed-sanitization marker when prefix is not local (localHref's rule).
func hrefLink(prefix, rest, suffix string) numLink {
	if localHref(prefix) == templ.FailedSanitizationURL {
		return numLink{prefix: templ.EscapeString(templ.FailedSanitizationURL), whole: true}
	}
	return numLink{prefix: templ.EscapeString(prefix + rest), suffix: templ.EscapeString(suffix)}
}

// textLink is an hx-get value, which templ escapes but does not sanitize
// (htmx only requests this site, selfRequestsOnly).
func textLink(prefix string) numLink { return numLink{prefix: templ.EscapeString(prefix)} }

// link writes l's value for number n (digits, which need no escaping).
func (h *htmlWriter) link(l *numLink, n int) {
	h.raw(l.prefix)
	if !l.whole {
		h.int(n)
		h.raw(l.suffix)
	}
}

// luckLinks are the links of the ten 大运: luckURL and luckFragment.
type luckLinks struct{ href, fragment numLink }

func newLuckLinks(v *ChartView) *luckLinks {
	if v.SelfURL != "" {
		return &luckLinks{hrefLink(v.SelfURL, "?luck=", "#luck"), textLink(v.SelfURL + "?part=luck&luck=")}
	}
	return &luckLinks{hrefLink("/chart?", v.Query+"&luck=", "#luck"), textLink("/chart/luck?" + v.Query + "&luck=")}
}

// monthsLinks are the links of the years of 大运 luck: monthsURL and
// monthsFragment.
func newMonthsLinks(v *ChartView, luck int32) *luckLinks {
	if v.SelfURL != "" {
		return &luckLinks{hrefLink(v.SelfURL, "?luck="+i32(luck)+"&year=", "#liuyue"), textLink(v.SelfURL + "?part=liuyue&year=")}
	}
	return &luckLinks{hrefLink("/chart?", v.Query+"&luck="+i32(luck)+"&year=", "#liuyue"), textLink("/chart/liuyue?" + v.Query + "&year=")}
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

// luckPillarItem is one 大运 of the timeline, as luckPillarItemTempl. links
// are the strip's (newLuckLinks), made here when nil.
type luckPillarItem struct {
	p     Page
	v     *ChartView
	lp    *bazi.LuckPillar
	links *luckLinks
}

func (c luckPillarItem) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p, v, lp, links := c.p, c.v, c.lp, c.links
	if links == nil {
		links = newLuckLinks(v)
	}
	current, selected := luckCurrent(*v, lp.Index), luckSelected(*v, lp.Index)
	h.raw(`<li class="min-w-0 text-center" id="dayun-`)
	h.int(int(lp.Index))
	h.raw(`"><a href="`)
	h.link(&links.href, int(lp.Index))
	h.raw(`" hx-get="`)
	h.link(&links.fragment, int(lp.Index))
	h.raw(`" hx-target="#liunian" hx-swap="innerHTML" hx-push-url="`)
	h.link(&links.href, int(lp.Index))
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
	h.int(int(lp.Index))
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
	h.raw(`</span></span> `)
	if ko := ganZhiHangul(p, lp.GanZhi); ko != "" {
		h.raw(`<span class="block text-[11px] text-stone-600 dark:text-stone-300 sm:text-xs">`)
		h.text(ko)
		h.raw(`</span> `)
	}
	h.raw(`<span class="block text-[11px] text-stone-500 sm:text-xs">`)
	h.int(int(lp.StartYear))
	h.raw("–")
	h.int(int(lp.EndYear))
	h.raw(`</span></a><div class="mt-1 break-words text-[11px] sm:text-xs" data-testid="luck-ten-god">`)
	h.luckTenGod(p, lp.TenGod)
	h.raw(`</div></li>`)
	return h.done()
}

// luckTenGod writes a ten god of the timeline as termLabelTempl does with
// no Chinese beside it: the translated name, opening to its explanation.
func (h *htmlWriter) luckTenGod(p Page, g bazi.TenGod) {
	h.termLabel(p, "tengod", g.Key(), "", "")
}

// liuNianRow is one year (流年) of the selected 大运, as liuNianRowTempl.
// links are the table's (newMonthsLinks), made here when nil.
type liuNianRow struct {
	p     Page
	v     *ChartView
	lp    *bazi.LuckPillar
	y     *bazi.LiuNian
	links *luckLinks
}

func (c liuNianRow) Render(_ context.Context, w io.Writer) error {
	h := newHTMLWriter(w)
	p, v, y, links := c.p, c.v, c.y, c.links
	if links == nil {
		links = newMonthsLinks(v, c.lp.Index)
	}
	year := int(y.Year)
	h.raw(`<tr class="`)
	if int(y.Year) == v.Chart.Luck.Current.LiuNianYear {
		h.raw(liuNianCurrentClass)
	} else {
		h.raw(liuNianRowClass)
	}
	h.raw(`" data-testid="liunian-year" data-year="`)
	h.int(year)
	h.raw(`"><td class="py-1 pr-1 sm:pr-2">`)
	h.int(year)
	h.raw(`</td><td class="py-1 pr-1 sm:pr-2">`)
	h.int(int(y.Age))
	h.raw(`</td><td class="whitespace-nowrap py-1 pr-1 font-serif text-base sm:pr-2"><span class="`)
	h.raw(elementTextOnly.of(y.GanZhi.Stem().Element().Key()))
	h.raw(`">`)
	h.text(y.GanZhi.Stem().String())
	h.raw(`</span><span class="`)
	h.raw(elementTextOnly.of(y.GanZhi.Branch().Element().Key()))
	h.raw(`">`)
	h.text(y.GanZhi.Branch().String())
	h.raw(`</span> `)
	if ko := ganZhiHangul(p, y.GanZhi); ko != "" {
		h.raw(`<span class="font-sans text-xs text-stone-600 dark:text-stone-300">`)
		h.text(ko)
		h.raw(`</span>`)
	}
	h.raw(`</td><td class="py-1 pr-1 sm:pr-2">`)
	h.luckTenGod(p, y.TenGod)
	h.raw(`</td><td class="whitespace-nowrap py-1 pr-1 font-serif sm:pr-2">`)
	if y.HasXiaoYun {
		h.text(y.XiaoYun.String())
	}
	h.raw(`</td><td class="py-1 text-right"><a href="`)
	h.link(&links.href, year)
	h.raw(`" hx-get="`)
	h.link(&links.fragment, year)
	h.raw(`" hx-target="#liuyue" hx-push-url="`)
	h.link(&links.href, year)
	h.raw(`" class="link whitespace-nowrap text-xs" data-testid="open-liuyue">`)
	h.text(p.T("chart.luck.months"))
	h.raw(`</a></td></tr>`)
	// The year's interactions, on a row of their own below it, so the
	// table keeps its six narrow columns on a phone.
	var buf [bazi.MaxInteractions]bazi.Interaction
	if list := y.Interactions(buf[:0]); len(list) > 0 {
		h.raw(`<tr data-testid="liunian-interactions" data-year="`)
		h.int(year)
		h.raw(`"><td colspan="6" class="pb-1.5">`)
		for i := range list {
			c := interactionChip(p, &list[i])
			if i == 0 {
				h.raw(`<ul class="` + chipListClass + `" data-testid="interactions">`)
			}
			h.chip(&c)
		}
		h.raw(`</ul></td></tr>`)
	}
	return h.done()
}
