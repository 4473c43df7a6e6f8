package reading

import (
	"fmt"
	"strings"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

// The prompt of a Zi Wei Dou Shu reading (Request.IsZiwei): BuildPrompt
// writes the reader persona and these facts of Request.Board and
// Request.Horoscope, Chinese terms with English in parentheses.

// ziweiInstruction is the topic line of a Zi Wei Dou Shu reading.
const ziweiInstruction = "Zi Wei Dou Shu (紫微斗数) reading — the 命宫 (Life palace) and its major stars with their brightness " +
	"(or, when it holds no major star, the stars it borrows from the opposite palace, 借对宫), the 身宫 (Body palace), " +
	"the 三方四正 of 命宫 (财帛, 官禄, 迁移), the 夫妻 palace, the four birth-year transformations (生年四化) and the palaces they fall in, " +
	"and, when a horoscope is given, the current 大限 and 流年 with the 流年四化. Answer a follow-up question from the palace it concerns " +
	"(career 官禄, money 财帛, love 夫妻, health 疾厄, home 田宅, travel 迁移, friends 仆役, parents 父母, siblings 兄弟, children 子女, inner life 福德, the year 流年)."

func ziweiLangInstruction(l i18n.Lang) string {
	switch l {
	case i18n.SimplifiedChinese:
		return "write the whole answer in Simplified Chinese (简体中文), using standard Zi Wei Dou Shu terms in Chinese (e.g. 命宫, 主星, 庙旺, 化禄, 大限, 流年)."
	case i18n.TraditionalChinese:
		return "write the whole answer in Traditional Chinese (繁體中文), using standard Zi Wei Dou Shu terms in Traditional characters (e.g. 命宮, 主星, 廟旺, 化祿, 大限, 流年)."
	case i18n.Japanese:
		return "write the whole answer in Japanese (日本語), using the Japanese terms of 紫微斗数 (e.g. 命宮, 主星, 廟旺, 化禄, 大限, 流年) with Japanese character forms."
	case i18n.Korean:
		return "write the whole answer in Korean (한국어), using the Korean terms of 자미두수 (e.g. 명궁, 주성, 묘왕, 화록, 대한, 유년), giving a term's Hanja in parentheses the first time."
	}
	return "write the whole answer in English; you may add the Chinese term in parentheses after a Zi Wei Dou Shu term, e.g. Life palace (命宫), Hua Lu (化禄)."
}

// ziweiPalaceEnglish are the palaces' English names, in PalaceName order.
var ziweiPalaceEnglish = [12]string{"Life", "Siblings", "Spouse", "Children", "Wealth", "Health", "Travel", "Friends", "Career", "Property", "Fortune", "Parents"}

// ziweiMutagenEnglish glosses 禄 权 科 忌, in Mutagen order.
var ziweiMutagenEnglish = [5]string{"", "Lu, prosperity", "Quan, power", "Ke, fame", "Ji, obstacle"}

// ziweiPalaceIndex returns the index in b.Palaces of the palace named n.
func ziweiPalaceIndex(b *ziwei.Board, n ziwei.PalaceName) int {
	for i := range b.Palaces {
		if b.Palaces[i].Name == n {
			return i
		}
	}
	return -1
}

// ziweiBoardOK reports whether b is a computed board: each of the twelve
// palace names once and a five-element class (a zero Board is not).
func ziweiBoardOK(b *ziwei.Board) bool {
	if b == nil || b.Class.Number() < 2 || b.Class.Number() > 6 {
		return false
	}
	var seen [12]bool
	for i := range b.Palaces {
		n := b.Palaces[i].Name
		if int(n) >= len(seen) || seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}

// ziweiFind returns the palace index and the placement of a major or
// minor star on the board; ok is false when it is not there.
func ziweiFind(b *ziwei.Board, id ziwei.StarID) (int, ziwei.Star, bool) {
	for i := range b.Palaces {
		p := &b.Palaces[i]
		for _, ss := range [2][]ziwei.Star{p.Major, p.Minor} {
			for _, s := range ss {
				if s.ID == id {
					return i, s, true
				}
			}
		}
	}
	return -1, ziwei.Star{}, false
}

// ziweiHourFact names the 时辰 of a time index with its clock hours.
func ziweiHourFact(ti int) string {
	switch {
	case ti == 0:
		return "早子 (early 子, 00:00–00:59)"
	case ti == 12:
		return "晚子 (late 子, 23:00–23:59)"
	case ti > 0 && ti < 12:
		return fmt.Sprintf("%s (%02d:00–%02d:59)", ziweiBranchName(ti), 2*ti-1, 2*ti)
	}
	return "unknown"
}

// ziweiBranchName is the branch of a 时辰 index 0..11 (0 = 子).
func ziweiBranchName(ti int) string {
	return []string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"}[ti%12]
}

// ziweiStarFact is a star as the facts write it: 紫微 (Zi Wei) 庙 化权.
func ziweiStarFact(s ziwei.Star) string {
	out := s.ID.Name()
	if en := zwPhrasesEN["star."+s.ID.Key()]; en != "" {
		out += " (" + en + ")"
	}
	if s.Brightness != ziwei.BrightNone {
		out += " " + s.Brightness.String()
	}
	if s.Mutagen != ziwei.MutagenNone {
		out += " 化" + s.Mutagen.String()
	}
	return out
}

func ziweiStarsFact(ss []ziwei.Star) string {
	if len(ss) == 0 {
		return "none"
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = ziweiStarFact(s)
	}
	return strings.Join(out, ", ")
}

// ziweiPalaceRef names a palace by branch and natal role: 辰 (夫妻).
func ziweiPalaceRef(b *ziwei.Board, i int) string {
	p := &b.Palaces[i]
	return p.Branch.String() + " (" + p.Name.String() + ")"
}

// writeZiweiFacts writes the board, and the horoscope when set, as
// "key: value" lines.
func writeZiweiFacts(b *strings.Builder, req Request) {
	bd := req.Board
	if !req.Now.IsZero() {
		fmt.Fprintf(b, "today: %s\n", req.Now.Format("2006-01-02"))
	}
	if !ziweiBoardOK(bd) {
		b.WriteString("board: unavailable\n")
		return
	}
	bi := bd.Birth
	fmt.Fprintf(b, "birth: %04d-%02d-%02d %02d:%02d (civil clock), gender: %s\n", bi.Year, bi.Month, bi.Day, bi.Hour, bi.Minute, bi.Gender)
	leap := ""
	if bd.Lunar.Leap {
		leap = " (leap month)"
	}
	fmt.Fprintf(b, "lunar_date: %d年%s (lunar year %d, month %d%s, day %d); year pillar %s%s\n",
		bd.Lunar.Year, bd.Lunar, bd.Lunar.Year, bd.Lunar.Month, leap, bd.Lunar.Day, bd.YearStem, bd.YearBranch)
	fmt.Fprintf(b, "hour (时辰): %s\n", ziweiHourFact(bd.TimeIndex))
	fmt.Fprintf(b, "five_class (五行局): %s (%s; the first 大限 starts at age %d)\n", bd.Class, bd.Class.NameIn("en"), bd.Class.Number())
	fmt.Fprintf(b, "soul_star (命主): %s; body_star (身主): %s\n", ziweiStarFact(ziwei.Star{ID: bd.SoulStar}), ziweiStarFact(ziwei.Star{ID: bd.BodyStar}))
	si, bi2 := bd.SoulIndex(), bd.BodyIndex()
	fmt.Fprintf(b, "ming_gong (命宫, Life palace): %s%s\n", bd.Palaces[si].Stem, bd.Palaces[si].Branch)
	fmt.Fprintf(b, "shen_gong (身宫, Body palace): %s%s, in the %s (%s) palace\n", bd.Palaces[bi2].Stem, bd.Palaces[bi2].Branch,
		bd.Palaces[bi2].Name, ziweiPalaceEnglish[bd.Palaces[bi2].Name])
	for i := range bd.Palaces {
		if bd.Palaces[i].IsOrigin {
			fmt.Fprintf(b, "origin_palace (来因宫): %s\n", ziweiPalaceRef(bd, i))
		}
	}
	b.WriteString("palaces (from 命宫, anticlockwise; 大限 ages are nominal ages, 虚岁; an empty palace borrows the major stars of the opposite one, 借对宫):\n")
	for n := ziwei.PalaceSoul; n <= ziwei.PalaceParents; n++ {
		writeZiweiPalace(b, bd, ziweiPalaceIndex(bd, n))
	}
	fmt.Fprintf(b, "birth_year_mutagens (生年四化, year stem %s):", bd.YearStem)
	for m := ziwei.Lu; m <= ziwei.Ji; m++ {
		if m > ziwei.Lu {
			b.WriteString(";")
		}
		for i := range bd.Palaces {
			p := &bd.Palaces[i]
			for _, ss := range [2][]ziwei.Star{p.Major, p.Minor} {
				for _, s := range ss {
					if s.Mutagen == m {
						fmt.Fprintf(b, " 化%s (%s) %s in %s", m, ziweiMutagenEnglish[m], s.ID.Name(), ziweiPalaceRef(bd, i))
					}
				}
			}
		}
	}
	b.WriteString("\n")
	if req.Horoscope != nil {
		writeZiweiHoroscope(b, bd, req.Horoscope)
	}
}

// writeZiweiPalace writes one palace line.
func writeZiweiPalace(b *strings.Builder, bd *ziwei.Board, i int) {
	p := &bd.Palaces[i]
	fmt.Fprintf(b, "- %s (%s) %s%s", p.Name, ziweiPalaceEnglish[p.Name], p.Stem, p.Branch)
	if p.IsBody {
		b.WriteString(" [身宫]")
	}
	if p.IsOrigin {
		b.WriteString(" [来因宫]")
	}
	fmt.Fprintf(b, ", 大限 ages %d–%d", p.Decade.Start, p.Decade.End)
	fmt.Fprintf(b, "; major stars: %s", ziweiStarsFact(p.Major))
	if len(p.Major) == 0 {
		o := (i + 6) % 12
		fmt.Fprintf(b, " (empty palace; borrows from %s: %s)", ziweiPalaceRef(bd, o), ziweiStarsFact(bd.Palaces[o].Major))
	}
	fmt.Fprintf(b, "; minor stars: %s", ziweiStarsFact(p.Minor))
	var adj []string
	for _, s := range p.Adjective {
		adj = append(adj, s.ID.Name())
	}
	if len(adj) == 0 {
		adj = append(adj, "none")
	}
	fmt.Fprintf(b, "; adjective stars: %s", strings.Join(adj, ", "))
	fmt.Fprintf(b, "; gods: 长生 %s, 博士 %s, 将前 %s, 岁前 %s\n", p.Changsheng, p.Boshi, p.Jiangqian, p.Suiqian)
}

// ziweiPeriodMutagens writes a period's 四化 with the natal palaces the
// stars sit in.
func ziweiPeriodMutagens(bd *ziwei.Board, per *ziwei.Period) string {
	var out []string
	for k, id := range per.Mutagen {
		s := fmt.Sprintf("化%s %s", ziwei.Mutagen(k+1), id.Name())
		if i, _, ok := ziweiFind(bd, id); ok {
			s += " (natal " + ziweiPalaceRef(bd, i) + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// ziweiPeriodStars lists a period's stars by palace: 流禄 in 巳 (兄弟).
func ziweiPeriodStars(bd *ziwei.Board, per *ziwei.Period) string {
	var out []string
	for i := range per.Stars {
		for _, s := range per.Stars[i] {
			out = append(out, s.ID.Name()+" in "+ziweiPalaceRef(bd, i))
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// writeZiweiHoroscope writes the 大限, 小限 and 流年 of the horoscope.
func writeZiweiHoroscope(b *strings.Builder, bd *ziwei.Board, h *ziwei.Horoscope) {
	y := &h.Yearly
	fmt.Fprintf(b, "horoscope_year: %d (%s%s year), nominal age %d (虚岁)\n", h.Year, y.Stem, y.Branch, h.NominalAge)
	d := &h.Decadal
	switch {
	case d.Index >= 0 && h.InDecade:
		p := &bd.Palaces[d.Index]
		fmt.Fprintf(b, "decade (大限): %s%s palace, natal %s (%s), ages %d–%d; 大限四化: %s\n", p.Stem, p.Branch, p.Name,
			ziweiPalaceEnglish[p.Name], p.Decade.Start, p.Decade.End, ziweiPeriodMutagens(bd, d))
	case d.Index >= 0:
		p := &bd.Palaces[d.Index]
		fmt.Fprintf(b, "decade (大限): 童限 (childhood, before the first 大限), read from the %s%s palace, natal %s (%s); 四化: %s\n",
			p.Stem, p.Branch, p.Name, ziweiPalaceEnglish[p.Name], ziweiPeriodMutagens(bd, d))
	default:
		b.WriteString("decade (大限): none (the age is outside the twelve 大限 of this board)\n")
	}
	if d.Index >= 0 {
		fmt.Fprintf(b, "decade_stars (运星): %s\n", ziweiPeriodStars(bd, d))
	}
	if a := &h.Age; a.Index >= 0 {
		fmt.Fprintf(b, "age (小限): %s%s palace, natal %s (%s)\n", a.Stem, a.Branch, bd.Palaces[a.Index].Name, ziweiPalaceEnglish[bd.Palaces[a.Index].Name])
	}
	fmt.Fprintf(b, "yearly (流年): %s%s, the 流年命宫 is the %s palace, natal %s (%s); 流年四化: %s\n", y.Stem, y.Branch, y.Branch,
		bd.Palaces[y.Index].Name, ziweiPalaceEnglish[bd.Palaces[y.Index].Name], ziweiPeriodMutagens(bd, y))
	fmt.Fprintf(b, "yearly_stars (流耀): %s\n", ziweiPeriodStars(bd, y))
}
