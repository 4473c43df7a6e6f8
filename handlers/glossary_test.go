package handlers_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/internal/testutil"
)

// The glossary explains every term in three languages, one anchor per
// term, and every term a chart links to has its entry there.
func TestGlossaryCoversEveryChartTerm(t *testing.T) {
	app := startAPI(t)
	for _, tc := range []struct{ lang, tenGod, zh string }{
		{"en", "Direct Officer", "正官"},
		{"zh-Hans", "正官", ""},
		{"zh-Hant", "正官", ""},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := app.Get(t, "/glossary?lang="+tc.lang)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if m := rawKey.FindString(res.Body); m != "" || strings.Contains(res.Body, ">glossary.") {
				t.Fatalf("untranslated key on the glossary: %q", m)
			}
			g := testutil.HTML(t, res.Body)
			ids := map[string]bool{}
			g.Find(`[data-testid="glossary-term"]`).Each(func(_ int, s *goquery.Selection) {
				id, _ := s.Attr("id")
				if ids[id] {
					t.Errorf("anchor %q twice", id)
				}
				ids[id] = true
				if strings.TrimSpace(s.Find("dt").Text()) == "" {
					t.Errorf("%s: no name", id)
				}
				if d := strings.TrimSpace(s.Find("dd").Text()); d == "" || strings.HasPrefix(d, "term.") || strings.HasPrefix(d, "chart.") {
					t.Errorf("%s: no explanation (%q)", id, d)
				}
			})
			if len(ids) < 120 {
				t.Fatalf("%d terms in the glossary", len(ids))
			}
			for _, family := range []string{"tengod", "stage", "season", "strength", "palace", "relation", "shensha", "nayin"} {
				if g.Find(`[data-testid="glossary-family"][data-family="`+family+`"]`).Length() != 1 {
					t.Errorf("no %s section", family)
				}
			}
			officer := g.Find(`#tengod-direct_officer`)
			if got := officer.Find("dt").Text(); !strings.Contains(got, tc.tenGod) || !strings.Contains(got, tc.zh) || !strings.Contains(got, "zhèng guān") {
				t.Errorf("正官's entry reads %q", got)
			}
			if strings.TrimSpace(officer.Find("dd").Text()) == "" {
				t.Error("正官 has no explanation")
			}
			if g.Find(`footer a[href="/glossary"]`).Length() != 1 {
				t.Error("the footer has no glossary link")
			}

			// Every term of a chart opens to its explanation and links to
			// an entry that exists.
			for _, q := range []string{"date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&gender=male", vectorQuery, "date=1975-03-09&time=08%3A00&tz=Asia%2FShanghai&gender=male"} {
				d := testutil.HTML(t, app.Get(t, "/chart?"+q+"&lang="+tc.lang).Body)
				links := d.Find(`a[href^="/glossary#"]`)
				if links.Length() < 30 {
					t.Fatalf("%s: %d glossary links on the chart", q, links.Length())
				}
				links.Each(func(_ int, a *goquery.Selection) {
					href, _ := a.Attr("href")
					if !ids[strings.TrimPrefix(href, "/glossary#")] {
						t.Errorf("%s: %s has no glossary entry", q, href)
					}
				})
				for _, sel := range []string{`[data-testid="row-ten-god"] td`, `[data-testid="row-stage"] td`, `[data-testid="row-hidden"] li`, `[data-testid="row-nayin"] td`, `[data-testid="luck"] li`, `[data-testid="liunian-year"]`} {
					d.Find(sel).Each(func(_ int, cell *goquery.Selection) {
						if cell.Find(`[title]`).Length()+cell.Filter(`[title]`).Length() > 0 && cell.Find(`details.term`).Length() == 0 {
							t.Errorf("%s: a term explained only in a title: %s", sel, cell.Text())
						}
					})
				}
				// Each term of these places opens, on a tap, to its
				// explanation and its glossary entry: the hidden stems'
				// roles (本气/中气/余气), the 纳音, and the ten gods of
				// every 大运 (beside its link, not in it) and every 流年.
				for _, tc := range []struct{ sel, anchor string }{
					{`[data-testid="row-hidden"] li`, "hidden-role-"},
					{`[data-testid="row-nayin"] td`, "nayin-"},
					{`[data-testid="luck-pillars"] > li`, "tengod-"},
					{`[data-testid="liunian-year"] td:nth-child(4)`, "tengod-"},
				} {
					cells := d.Find(tc.sel)
					if cells.Length() < 3 {
						t.Errorf("%s: %d of %s", q, cells.Length(), tc.sel)
					}
					cells.Each(func(_ int, cell *goquery.Selection) {
						if strings.TrimSpace(cell.Text()) == "—" {
							return // the unknown hour's dash
						}
						pop := cell.Find(`details.term > summary + .term-pop`)
						if pop.Find(`a[href^="/glossary#`+tc.anchor+`"]`).Length() != 1 || strings.TrimSpace(pop.Find("b").Text()) == "" || len(strings.TrimSpace(pop.Text())) < 20 {
							t.Errorf("%s: %s %q does not open to an explanation of its %s term", q, tc.sel, strings.TrimSpace(cell.Text()), tc.anchor)
						}
					})
				}
				if n := d.Find(`[data-testid="luck-pillar"] details, [data-testid="luck-pillar"] [title]`).Length(); n != 0 {
					t.Errorf("%s: %d disclosures or titles inside a 大运 link", q, n)
				}
				if n := d.Find(`[data-testid="row-ten-god"] details.term > summary + .term-pop a[href^="/glossary#tengod-"]`).Length(); n != 4 {
					t.Errorf("%s: %d ten gods of the grid open to an explanation", q, n)
				}
			}
		})
	}
}

// The strength gauge labels its five bands in words, and a flag that does
// not hold is written as failed (失令), not struck through.
func TestStrengthGaugeLabelsBandsAndFailedFlags(t *testing.T) {
	app := startAPI(t)
	// 1990-06-15: 失令, 失地, 失势; 1975-03-09: 得令, 得地, 得势.
	for _, tc := range []struct{ lang, query, inSeason, band string }{
		{"zh-Hans", "date=1990-06-15&time=08%3A00&tz=Asia%2FShanghai&gender=male", "失令", "极弱"},
		{"zh-Hant", "date=1990-06-15&time=08%3A00&tz=Asia%2FShanghai&gender=male", "失令", "極弱"},
		{"en", "date=1990-06-15&time=08%3A00&tz=Asia%2FShanghai&gender=male", "Not in season (失令)", "Very weak"},
		{"zh-Hans", "date=1975-03-09&time=08%3A00&tz=Asia%2FShanghai&gender=male", "得令", "极弱"},
		{"en", "date=1975-03-09&time=08%3A00&tz=Asia%2FShanghai&gender=male", "In season (得令)", "Very weak"},
	} {
		d := testutil.HTML(t, app.Get(t, "/chart?"+tc.query+"&lang="+tc.lang).Body)
		gauge := testutil.ByTestID(d, "strength")
		if got := strings.TrimSpace(gauge.Find(`[data-flag="flag-in_season"] summary`).Text()); got != tc.inSeason {
			t.Errorf("%s %s: 得令 flag reads %q, want %q", tc.lang, tc.query, got, tc.inSeason)
		}
		html, _ := gauge.Html()
		if strings.Contains(html, "line-through") || gauge.Find("s, del, strike").Length() > 0 {
			t.Errorf("%s %s: a flag is struck through", tc.lang, tc.query)
		}
		bands := testutil.ByTestID(gauge, "strength-band")
		if bands.Length() != 5 || strings.TrimSpace(bands.First().Text()) != tc.band {
			t.Errorf("%s: bands %d, first %q", tc.lang, bands.Length(), bands.First().Text())
		}
		label := strings.TrimSpace(testutil.ByTestID(gauge, "strength-label").Text())
		if cur := bands.Filter(".font-semibold"); cur.Length() != 1 || strings.TrimSpace(cur.Text()) != label {
			t.Errorf("%s %s: the marked band is %q, the label %q", tc.lang, tc.query, cur.Text(), label)
		}
	}
}
