package views

import (
	"strconv"

	"github.com/a-h/templ"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

// ZiweiView is what the Zi Wei board page shows.
type ZiweiView struct {
	Board     *ziwei.Board
	Horoscope *ziwei.Horoscope
	Name      string
	PlaceName string
	ZoneLabel string
	// Query is the board's canonical query (overlay year included), for
	// the reading form; "" on a shared board.
	Query string
	// Base is the board's address without the overlay year or a chosen
	// palace, ending in "?" or "&" so a parameter can follow
	// ("/ziwei?date=…&", "/s/TOKEN/ziwei?").
	Base string
	// Year is the overlay year asked for in the address (0: this year's,
	// not written in links).
	Year int
	// Selected is the chosen palace's index (0 = 寅), -1 for none.
	Selected int
	// ChartURL is the BaZi chart of the same birth; EditURL the birth form.
	ChartURL, EditURL string
	// AstroURL is the Western natal chart of the same birth.
	AstroURL string
	// OverviewURL is the same birth in every system.
	OverviewURL string
	Shared      bool
	SavedID     int64
	ReadingLeft *ReadingAllowance
	// BirthLunarYear is the lunar year of birth: decade N starts in year
	// BirthLunarYear + start age − 1.
	BirthLunarYear int
	Warnings       []string
}

// zwLang is the engine's name language for the page.
func zwLang(p Page) string {
	switch p.Lang {
	case i18n.English:
		return "en"
	case i18n.TraditionalChinese, i18n.Japanese, i18n.Korean:
		return string(p.Lang)
	}
	return "zh-Hans"
}

// zwStar is a star's name in the page's language.
func zwStar(p Page, id ziwei.StarID) string { return id.NameIn(zwLang(p)) }

// zwPalaceKeys are the message keys of the palace roles, by PalaceName.
var zwPalaceKeys = [12]string{"soul", "siblings", "spouse", "children", "wealth", "health", "surface", "friends", "career", "property", "spirit", "parents"}

// ZiweiPalaceKey is the message key of a palace role.
func ZiweiPalaceKey(n ziwei.PalaceName) string { return zwPalaceKeys[n%12] }

var zwBrightKeys = [8]string{"", "miao", "wang", "de", "li", "ping", "bu", "xian"}
var zwMutagenKeys = [5]string{"", "lu", "quan", "ke", "ji"}

// zwGrid places palace i (0 = 寅) on the 4×4 board from sm up: 巳午未申 on
// top, 寅丑子亥 at the bottom, 辰卯 and 酉戌 at the sides. Full class
// names, so Tailwind keeps them.
var zwGrid = [12]string{
	"sm:col-start-1 sm:row-start-4", // 寅
	"sm:col-start-1 sm:row-start-3", // 卯
	"sm:col-start-1 sm:row-start-2", // 辰
	"sm:col-start-1 sm:row-start-1", // 巳
	"sm:col-start-2 sm:row-start-1", // 午
	"sm:col-start-3 sm:row-start-1", // 未
	"sm:col-start-4 sm:row-start-1", // 申
	"sm:col-start-4 sm:row-start-2", // 酉
	"sm:col-start-4 sm:row-start-3", // 戌
	"sm:col-start-4 sm:row-start-4", // 亥
	"sm:col-start-3 sm:row-start-4", // 子
	"sm:col-start-2 sm:row-start-4", // 丑
}

// zwOrder lists the palaces from 命宫 in role order (命 兄 夫 子 …), the
// order of the list a phone shows.
func zwOrder(b *ziwei.Board) [12]int {
	var out [12]int
	s := b.SoulIndex()
	for k := range out {
		out[k] = ((s-k)%12 + 12) % 12
	}
	return out
}

// zwRelated reports whether palace i is in the 三方四正 of palace sel: the
// palace itself, its opposite and its two trines.
func zwRelated(sel, i int) bool {
	if sel < 0 {
		return false
	}
	d := ((i-sel)%12 + 12) % 12
	return d == 0 || d == 4 || d == 6 || d == 8
}

// Attributes built once (spread as { a... }): a class={ … } or a
// data-x={ … } per cell and star would be resolved, and allocated, on
// every render, hundreds of times per board.
var (
	// zwPalaceCells are the palace cells' attributes by palace index and
	// state: 0 plain, 1 chosen, 2 in the chosen palace's 三方四正.
	// zwStarItems are the stars' list items, major and other.
	zwStarItems = func() (out [2][ziwei.NumStars]*classAttr) {
		for k, class := range [2]string{"font-serif", "font-serif text-base font-semibold text-brand dark:text-brand-dark"} {
			for id := range out[k] {
				out[k][id] = &classAttr{items: []templ.KeyValue[string, any]{
					{Key: "class", Value: class},
					{Key: "data-testid", Value: "ziwei-star"},
					{Key: "data-star", Value: ziwei.StarID(id).Key()},
				}}
			}
		}
		return out
	}()
)

// zwPalaceClass is a palace cell's class: chosen, in the chosen palace's
// 三方四正, or plain.
func zwPalaceClass(v ZiweiView, i int) string {
	switch {
	case v.Selected == i:
		return zwPalaceClasses[i][1]
	case zwRelated(v.Selected, i):
		return zwPalaceClasses[i][2]
	}
	return zwPalaceClasses[i][0]
}

// zwPalaceClasses are the cells' classes by index and state, built once.
var zwPalaceClasses = func() (out [12][3]string) {
	for i := range out {
		for st, extra := range [3]string{"", " zw-chosen", " zw-related"} {
			out[i][st] = "zw-palace " + zwGrid[i] + extra
		}
	}
	return out
}()

// zwRange is an age range, "23–32".
func zwRange(a, b int) string { return strconv.Itoa(a) + "–" + strconv.Itoa(b) }

// zwStarAttrs are a star's list item attributes.
func zwStarAttrs(id ziwei.StarID, major bool) *classAttr {
	if int(id) >= ziwei.NumStars {
		id = 0
	}
	return zwStarItems[b2i(major)][id]
}

// zwLink is the board's address with year (0: none) and palace (-1: none).
func zwLink(v ZiweiView, year, palace int) string {
	u := v.Base
	sep := ""
	if year != 0 {
		u += "year=" + strconv.Itoa(year)
		sep = "&"
	}
	if palace >= 0 {
		u += sep + "palace=" + strconv.Itoa(palace)
	}
	if n := len(u); n > 0 && (u[n-1] == '&' || u[n-1] == '?') {
		u = u[:n-1]
	}
	return u
}

// zwDecade is one 大限 of the selector.
type zwDecade struct {
	Start, End, Year, Palace int
	Current                  bool
}

// zwDecades lists the twelve 大限 in age order, with the year each starts.
func zwDecades(v ZiweiView) []zwDecade {
	b := v.Board
	out := make([]zwDecade, 0, 12)
	for i := range b.Palaces {
		d := b.Palaces[i].Decade
		out = append(out, zwDecade{Start: d.Start, End: d.End, Year: v.BirthLunarYear + d.Start - 1, Palace: i,
			Current: v.Horoscope.NominalAge >= d.Start && v.Horoscope.NominalAge <= d.End})
	}
	for i := 1; i < len(out); i++ { // insertion sort: twelve items
		for j := i; j > 0 && out[j].Start < out[j-1].Start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// zwYear is one year of the selected decade.
type zwYear struct {
	Year, Age int
	Current   bool
}

// zwYears lists the years of the decade holding the overlay year (the
// childhood years before the first decade).
func zwYears(v ZiweiView) []zwYear {
	age := v.Horoscope.NominalAge
	start, end := 1, 0
	for _, d := range zwDecades(v) {
		if end == 0 {
			end = d.Start - 1 // 童限: the years before the first decade
		}
		if age >= d.Start && age <= d.End {
			start, end = d.Start, d.End
		}
	}
	if age < 1 || end < start {
		return nil
	}
	out := make([]zwYear, 0, end-start+1)
	for a := start; a <= end; a++ {
		out = append(out, zwYear{Year: v.BirthLunarYear + a - 1, Age: a, Current: a == age})
	}
	return out
}

// zwPeriodMutagen is the 化 a period gives star id ("" for none).
func zwPeriodMutagen(per *ziwei.Period, id ziwei.StarID) ziwei.Mutagen {
	for k, s := range per.Mutagen {
		if s == id && s != 0 {
			return ziwei.Mutagen(k + 1)
		}
	}
	return ziwei.MutagenNone
}

// zwMutagenClass colours a 化 badge: 禄 green, 权 purple, 科 blue, 忌 red.
var zwMutagenClass = [5]string{"", "zw-hua zw-lu", "zw-hua zw-quan", "zw-hua zw-ke", "zw-hua zw-ji"}

// zwRole is the role palace i plays in a period ("" when the period has no
// palace).
func zwRole(p Page, per *ziwei.Period, i int) string {
	if per.Index < 0 {
		return ""
	}
	return zwPalaceName(p, per.PalaceName(i))
}

// zwSolar is the civil date and clock reading charted.
func zwSolar(b *ziwei.Board) string {
	bt := b.Birth
	return strconv.Itoa(bt.Year) + "-" + pad2(bt.Month) + "-" + pad2(bt.Day) + " " + pad2(bt.Hour) + ":" + pad2(bt.Minute)
}

func pad2(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

// zwLunar is the lunar date charted, in the page's language.
func zwLunar(p Page, b *ziwei.Board) string {
	key := "ziwei.lunar"
	if b.Lunar.Leap {
		key = "ziwei.lunar_leap"
	}
	return p.T(key, b.Lunar.Year, b.Lunar.Month, b.Lunar.Day)
}

// zwHourName is the 时辰 charted: early and late 子 are named as such.
func zwHourName(p Page, b *ziwei.Board) string {
	switch b.TimeIndex {
	case 0:
		return p.T("ziwei.hour_early_zi")
	case 12:
		return p.T("ziwei.hour_late_zi")
	}
	return p.T("ziwei.hour", zwBranch(b.TimeIndex))
}

// zwBranch is the Chinese name of the branch of 时辰 index ti.
func zwBranch(ti int) string {
	return [12]string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"}[ti%12]
}

// zwStarLabel is a star's name as the page shows it: Chinese in Chinese,
// the English name with the Chinese after it in English.
func zwStarLabel(p Page, id ziwei.StarID) string {
	if p.Lang != i18n.English {
		return id.NameIn(zwLang(p))
	}
	return titleCase(id.NameIn("en")) + " " + id.Name()
}

func titleCase(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// zwBrightName is a brightness as the board writes it: 庙…陷 in Chinese,
// iztro's +3…−3 scale in English.
func zwBrightName(p Page, b ziwei.Brightness) string { return b.NameIn(zwLang(p)) }

// zwMutagenName is a 化 as its badge writes it: the character (禄 权 科 忌)
// in English too, as English-language Zi Wei software does; the legend
// explains them. Japanese and Korean boards use their own (祿 權 科 忌,
// 록 권 과 기).
func zwMutagenName(p Page, m ziwei.Mutagen) string {
	if p.Lang == i18n.English {
		return m.NameIn("zh-Hans")
	}
	return m.NameIn(zwLang(p))
}

// zwBorrowed names the major stars of the palace opposite i, which an
// empty palace borrows (借对宫).
func zwBorrowed(p Page, b *ziwei.Board, i int) string {
	return zwStarList(p, b.Palaces[(i+6)%12].Major)
}

// zwStarList is stars' names separated by spaces.
func zwStarList(p Page, stars []ziwei.Star) string {
	n := 0
	for _, s := range stars {
		n += len(zwStarLabel(p, s.ID)) + 1
	}
	buf := make([]byte, 0, n)
	for k, s := range stars {
		if k > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, zwStarLabel(p, s.ID)...)
	}
	return string(buf)
}

// zwPeriodStarCount is the number of decade and year stars in palace i.
func zwPeriodStarCount(h *ziwei.Horoscope, i int) int {
	return len(h.Decadal.Stars[i]) + len(h.Yearly.Stars[i])
}

// zwPeriodStars names the decade stars (运…) and year stars (流…) in
// palace i.
func zwPeriodStars(p Page, h *ziwei.Horoscope, i int) string {
	all := make([]ziwei.Star, 0, zwPeriodStarCount(h, i))
	all = append(all, h.Decadal.Stars[i]...)
	all = append(all, h.Yearly.Stars[i]...)
	return zwStarList(p, all)
}

// zwRings names the gods of the four twelve-god rings in a palace.
func zwRings(p Page, pl *ziwei.Palace) string {
	l := zwLang(p)
	return pl.Changsheng.NameIn(l) + " · " + pl.Boshi.NameIn(l) + " · " + pl.Jiangqian.NameIn(l) + " · " + pl.Suiqian.NameIn(l)
}

// zwSanFang is palace sel's 三方四正: itself, its trines and its opposite.
func zwSanFang(sel int) [4]int { return [4]int{sel, (sel + 4) % 12, (sel + 8) % 12, (sel + 6) % 12} }

// zwBranchName is a palace's branch and natal name ("午 命宫").
func zwBranchName(p Page, v ZiweiView, i int) string {
	return v.Board.Palaces[i].Branch.String() + " " + zwPalaceName(p, v.Board.Palaces[i].Name)
}

// zwPalaceName is a palace role's name in the page's language (iztro's
// English names, capitalised).
func zwPalaceName(p Page, n ziwei.PalaceName) string { return titleCase(n.NameIn(zwLang(p))) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
