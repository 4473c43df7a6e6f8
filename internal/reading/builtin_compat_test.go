package reading

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// TestBuiltinPairReadingInterprets: over many pairs, the pair reading says
// how the day masters meet (合, 生, 克 or the same element), what the spouse
// palaces do (六合, 半合, 冲, 刑, 害), which elements one brings the other and
// when both people's luck runs together, each where it applies, and names
// no part's score (the page's table shows those).
func TestBuiltinPairReadingInterprets(t *testing.T) {
	var charts []*bazi.Chart
	for i, d := range builtinManyDates() {
		charts = append(charts, builtinChart(t, d[0], d[1], []string{"male", "female"}[i%2]))
	}
	seen := map[string]int{}
	bold := regexp.MustCompile(`\*\*(\d+)\*\*`)
	for i, a := range charts {
		for _, b := range charts[i+1:] {
			rep := bazi.Compatibility(a, b)
			for _, lang := range []i18n.Lang{i18n.English, i18n.SimplifiedChinese} {
				req := Request{Chart: a, Partner: b, Lang: lang, Now: builtinNow, Name: "Li", PartnerName: "Wang"}
				s := builtinText(t, req)
				w := newBuiltinWriter(req)
				id := fmt.Sprintf("%s+%s %s", a.Pillars.Day.Name, b.Pillars.Day.Name, lang)
				must := func(kind string, subs ...string) {
					t.Helper()
					seen[kind]++
					for _, sub := range subs {
						if !strings.Contains(s, sub) {
							t.Errorf("%s: %s: missing %q in:\n%s", id, kind, sub, s)
						}
					}
				}
				en := lang == i18n.English
				pick := func(e, z string) string {
					if en {
						return e
					}
					return z
				}
				// Day masters.
				da, db := a.DayMaster.Stem, b.DayMaster.Stem
				ea, eb := da.Element(), db.Element()
				switch {
				case biStemHe(da, db):
					must("dm he", w.stemHeChars(da, db))
				case ea.Generates() == eb:
					must("dm generates", "Li"+pick("'s "+da.String()+" ("+w.el(ea)+") generates Wang's "+db.String(), "的日主"+da.String()+"（"+w.el(ea)+"）生Wang的日主"+db.String()))
				case eb.Generates() == ea:
					must("dm generated", "Wang"+pick("'s "+db.String()+" ("+w.el(eb)+") generates Li's "+da.String(), "的日主"+db.String()+"（"+w.el(eb)+"）生Li的日主"+da.String()))
				case ea == eb:
					must("dm same", pick("share the element", "同属"))
				default:
					must("dm controls", pick("controls", "克"))
				}
				// The partner star, in each person's own gender.
				for _, side := range []struct {
					c    *bazi.Chart
					name string
					god  bazi.TenGod
				}{{a, "Li", bazi.TenGodOf(da, db)}, {b, "Wang", bazi.TenGodOf(db, da)}} {
					male := side.c.Options.Gender == bazi.Male
					right, wrong := w.t("cp.spouse.female", side.name), w.t("cp.spouse.male", side.name)
					if male {
						right, wrong = wrong, right
					}
					if strings.Contains(s, wrong) {
						t.Errorf("%s: %s is given the other gender's partner star", id, side.name)
					}
					if grp := tenGodGroup(side.god); (male && grp == grpWealth) || (!male && grp == grpOfficer) {
						must("partner star", right)
					}
				}
				// Spouse palaces.
				x, y := a.Pillars.Day.GanZhi.Branch(), b.Pillars.Day.GanZhi.Branch()
				pair := x.String() + y.String()
				must("palaces", x.String(), y.String())
				rels := map[string]bool{"六合": biBranchHe(x, y), "半合": biBranchSanHe(x, y), pick("冲", "冲"): biBranchClash(x, y), "刑": biBranchXing(x, y), "害": biBranchHai(x, y)}
				for _, r := range []string{"六合", "半合", "冲", "刑", "害"} {
					if rels[r] {
						must("palace "+r, pair+r)
					} else if strings.Contains(s, pair+r) {
						t.Errorf("%s: palaces %s called %s", id, pair, r)
					}
				}
				// Complementary elements: A's abundance that B favours.
				for e := bazi.Element(0); e < 5; e++ {
					if a.Elements.Percent.Get(e) >= builtinRichShare && slices.Contains(b.Favourable.Elements, e) && !slices.Contains(b.Favourable.Avoid, e) {
						must("fills", pick("Li's chart is rich in "+w.el(e), "Li命中"+w.el(e)+"旺"))
					}
				}
				// Shared luck timing.
				for _, r := range rep.BothFavourable {
					must("luck together", fmt.Sprint(r.From))
				}
				if len(rep.BothFavourable) == 0 {
					must("luck apart", pick("never favourable at the same time", "没有同时有利"))
				}
				// No score table restated: the overall score is the only bold number.
				if ms := bold.FindAllStringSubmatch(s, -1); len(ms) != 1 || ms[0][1] != fmt.Sprint(rep.Overall) {
					t.Errorf("%s: bold numbers %v, want only the overall %d", id, ms, rep.Overall)
				}
				for _, bad := range []string{"weight", "Score", "得分", "权重"} {
					if strings.Contains(s, bad) {
						t.Errorf("%s: %q restates the score table", id, bad)
					}
				}
			}
		}
	}
	for _, kind := range []string{"dm he", "dm controls", "dm same", "partner star", "palace 六合", "palace 冲", "fills", "luck together"} {
		if seen[kind] == 0 {
			t.Errorf("no pair exercised %q", kind)
		}
	}
	t.Logf("exercised: %v", seen)
}
