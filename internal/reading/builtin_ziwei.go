package reading

import (
	"strconv"
	"strings"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

// The built-in Zi Wei Dou Shu reader (Request.IsZiwei): a reading of the
// board's 命宫, 身宫, 财帛, 官禄 and 夫妻 palaces and its 生年四化, plus
// the year's overlay when Request.Horoscope is set, and answers to
// follow-up questions from the palace they concern. The phrases are in
// builtin_ziwei_en.go, builtin_ziwei_zhhans.go and builtin_ziwei_zhhant.go,
// one per fact with fmt-style slots; the rules of builtinWriter hold
// (no map ranged over, no clock).

// builtinZiweiPhrases[lang] is the Zi Wei phrase table of one language.
var builtinZiweiPhrases = map[i18n.Lang]map[string]string{
	i18n.English:            zwPhrasesEN,
	i18n.SimplifiedChinese:  zwPhrasesZhHans,
	i18n.TraditionalChinese: zwPhrasesZhHant,
	i18n.Japanese:           zwPhrasesJa,
	i18n.Korean:             zwPhrasesKo,
}

// ziweiThemes are the palaces with a text of their own for each major
// star; the others are read through the star's core meaning.
var ziweiThemes = [...]ziwei.PalaceName{ziwei.PalaceSoul, ziwei.PalaceWealth, ziwei.PalaceCareer, ziwei.PalaceSpouse}

// zwKey is the key of a palace in the phrase tables and the glossary:
// soul, siblings, spouse, … (the engine's English names).
func zwKey(n ziwei.PalaceName) string { return n.NameIn("en") }

// zwBrightKeys are the keys of the brightness levels, in Brightness order.
var zwBrightKeys = [8]string{"", "miao", "wang", "de", "li", "ping", "bu", "xian"}

// zwMutagenKeys are the keys of 禄 权 科 忌, in Mutagen order.
var zwMutagenKeys = [5]string{"", "lu", "quan", "ke", "ji"}

// ziweiTheme reports whether palace n has star texts of its own.
func ziweiTheme(n ziwei.PalaceName) bool {
	for _, t := range ziweiThemes {
		if t == n {
			return true
		}
	}
	return false
}

// zwOpposite is the index of the palace across the board.
func zwOpposite(i int) int { return (i + 6) % 12 }

// zwStarName is a star's name in the writer's language (pinyin in English).
func (w *builtinWriter) zwStarName(id ziwei.StarID) string { return w.t("star." + id.Key()) }

// zwStar shows a star with its brightness and birth-year 四化:
// "**Zi Wei** (紫微, Temple 庙)" / "**紫微**（庙）".
func (w *builtinWriter) zwStar(s ziwei.Star) string {
	var q []string
	if s.Brightness != ziwei.BrightNone {
		q = append(q, w.t("br."+zwBrightKeys[s.Brightness]))
	}
	if s.Mutagen != ziwei.MutagenNone {
		q = append(q, w.t("mut.short."+zwMutagenKeys[s.Mutagen]))
	}
	if len(q) == 0 {
		return w.t("starn", w.zwStarName(s.ID), w.zwHanzi(s.ID))
	}
	return w.t("starq", w.zwStarName(s.ID), w.zwHanzi(s.ID), strings.Join(q, w.t("qsep")))
}

// zwHanzi is a star's name in Chinese characters beside its name in the
// reading: traditional for Korean (the Hanja of 사주 and 자미두수 books),
// simplified otherwise.
func (w *builtinWriter) zwHanzi(id ziwei.StarID) string {
	if w.lang == i18n.Korean {
		return id.NameIn("zh-Hant")
	}
	return id.Name()
}

func (w *builtinWriter) zwStars(ss []ziwei.Star) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = w.zwStar(s)
	}
	return w.and(out)
}

// zwPal is a palace's name: "Wealth palace (财帛)" / "财帛宫".
func (w *builtinWriter) zwPal(n ziwei.PalaceName) string { return w.t("pal." + zwKey(n)) }

// zwGZ is a palace's stem and branch.
func zwGZ(p *ziwei.Palace) string { return p.Stem.String() + p.Branch.String() }

// zwMajors returns the major stars that speak for palace i: its own, or
// the opposite palace's when it has none (borrowed true).
func zwMajors(b *ziwei.Board, i int) (stars []ziwei.Star, from int, borrowed bool) {
	if p := &b.Palaces[i]; len(p.Major) > 0 {
		return p.Major, i, false
	}
	o := zwOpposite(i)
	return b.Palaces[o].Major, o, true
}

// zwBright is the sentence on a star's brightness: the star's own for
// 庙 旺 and for 不 陷, a general one for 得 利 平.
func (w *builtinWriter) zwBright(s ziwei.Star) string {
	switch s.Brightness {
	case ziwei.Miao, ziwei.Wang:
		return w.t("bright." + s.ID.Key())
	case ziwei.Bu, ziwei.Xian:
		return w.t("dim." + s.ID.Key())
	case ziwei.De, ziwei.Li, ziwei.Ping:
		return w.t("br.mid", w.zwStarName(s.ID), w.t("br."+zwBrightKeys[s.Brightness]))
	}
	return ""
}

// zwLunar is the lunar birth date.
func (w *builtinWriter) zwLunar(b *ziwei.Board) string {
	zh := b.Lunar.String()
	if w.lang == i18n.TraditionalChinese {
		zh = strings.NewReplacer("闰", "閏", "腊", "臘").Replace(zh)
	}
	leap := ""
	if b.Lunar.Leap {
		leap = w.t("leap")
	}
	return w.t("lunar", b.Lunar.Year, b.Lunar.Month, b.Lunar.Day, leap, zh)
}

// zwHour is the 时辰 with its clock hours.
func (w *builtinWriter) zwHour(ti int) string {
	switch {
	case ti == 0:
		return w.t("hour.early")
	case ti >= 12:
		return w.t("hour.late")
	}
	return w.t("hour", ziweiBranchName(ti), 2*ti-1, 2*ti)
}

// zwPalaceStars writes palace i's position and the texts of its major
// stars (borrowed from the opposite palace when it has none): the
// theme's own text for 命宫 财帛 官禄 夫妻, else the star's core meaning.
func (w *builtinWriter) zwPalaceStars(b *ziwei.Board, i int) {
	p := &b.Palaces[i]
	at := w.t("at", w.zwPal(p.Name), p.Branch.String(), zwGZ(p))
	stars, from, borrowed := zwMajors(b, i)
	switch {
	case !borrowed:
		w.para(at, w.t("holds", w.zwStars(stars)))
	case len(stars) == 0:
		w.para(at, w.t("empty.both"))
		return
	default:
		o := &b.Palaces[from]
		note := w.t("borrow.note")
		if p.Name == ziwei.PalaceSoul {
			note = w.t("borrow.soul")
		}
		w.para(at, w.t("borrow", w.zwPal(o.Name), o.Branch.String(), w.zwStars(stars)), note)
	}
	for _, s := range stars {
		if ziweiTheme(p.Name) {
			w.para(w.t(zwKey(p.Name)+"."+s.ID.Key()), w.zwBright(s))
		} else {
			w.para(w.t("fz.star", w.zwStarName(s.ID), w.t("core."+s.ID.Key())), w.zwBright(s))
		}
	}
}

// zwMinors lists the minor stars of palace i with their meaning.
func (w *builtinWriter) zwMinors(b *ziwei.Board, i int) {
	p := &b.Palaces[i]
	if len(p.Minor) == 0 {
		return
	}
	w.para(w.t("minor.intro"))
	items := make([]string, len(p.Minor))
	for k, s := range p.Minor {
		items[k] = w.t("minor.item", w.zwStar(s), w.t("core."+s.ID.Key()))
	}
	w.list(items)
}

// zwFlowers names the romance stars (桃花) of palace i, "" when none.
func (w *builtinWriter) zwFlowers(b *ziwei.Board, i int) string {
	var names []string
	for _, s := range b.Palaces[i].Adjective {
		if s.Kind == ziwei.KindFlower {
			names = append(names, w.t("starn", w.zwStarName(s.ID), w.zwHanzi(s.ID)))
		}
	}
	return w.and(names)
}

// ziweiReading writes the reading of a board, and of the year when h is
// not nil.
func (w *builtinWriter) ziweiReading(b *ziwei.Board, h *ziwei.Horoscope) {
	w.label()
	w.heading(w.t("title"))
	w.para(w.t("birth", w.zwLunar(b), w.zwHour(b.TimeIndex), w.t("cls."+strconv.Itoa(b.Class.Number())), b.Class.Number()),
		w.t("birth.class"))
	w.para(w.t("soulbody", w.zwStar(ziwei.Star{ID: b.SoulStar}), w.t("core."+b.SoulStar.Key()),
		w.zwStar(ziwei.Star{ID: b.BodyStar}), w.t("core."+b.BodyStar.Key())))

	si := b.SoulIndex()
	w.heading(w.t("soul.h"))
	w.zwPalaceStars(b, si)
	w.zwMinors(b, si)
	w.zwSanFang(b, si)

	w.zwBody(b)

	for _, n := range []ziwei.PalaceName{ziwei.PalaceWealth, ziwei.PalaceCareer, ziwei.PalaceSpouse} {
		i := ziweiPalaceIndex(b, n)
		w.heading(w.t(zwKey(n) + ".h"))
		w.zwPalaceStars(b, i)
		w.zwMinors(b, i)
		switch n {
		case ziwei.PalaceSpouse:
			var parts []string
			if f := w.zwFlowers(b, i); f != "" {
				parts = append(parts, w.t("spouse.flower", f))
			}
			w.para(append(parts, w.t("spouse.note"))...)
		default:
			w.para(w.t(zwKey(n) + ".note"))
		}
	}

	w.zwMutagens(b)
	if h != nil {
		w.zwYear(b, h, true)
	}
	w.heading(w.t("close.h"))
	w.para(w.t("close.all"))
}

// zwSanFang writes the 三方四正 of palace i: the palaces four either side
// and the one opposite, with their major stars.
func (w *builtinWriter) zwSanFang(b *ziwei.Board, i int) {
	var items []string
	for _, j := range [3]int{(i + 8) % 12, (i + 4) % 12, zwOpposite(i)} {
		p := &b.Palaces[j]
		stars, from, borrowed := zwMajors(b, j)
		switch {
		case !borrowed:
			items = append(items, w.t("sf.item", w.zwPal(p.Name), w.zwStars(stars)))
		case len(stars) == 0:
			items = append(items, w.t("sf.item", w.zwPal(p.Name), w.t("sf.none")))
		default:
			items = append(items, w.t("sf.item.borrow", w.zwPal(p.Name), w.zwStars(stars), w.zwPal(b.Palaces[from].Name)))
		}
	}
	w.para(w.t("sf.intro"))
	w.list(items)
	w.para(w.t("sf.note"))
}

// zwBody writes the 身宫: where it falls and what its stars add.
func (w *builtinWriter) zwBody(b *ziwei.Board) {
	i := b.BodyIndex()
	p := &b.Palaces[i]
	w.heading(w.t("body.h"))
	parts := []string{w.t("body.at", w.zwPal(p.Name), p.Branch.String(), zwGZ(p)), w.t("body.in." + zwKey(p.Name))}
	stars, from, borrowed := zwMajors(b, i)
	switch {
	case len(stars) == 0:
	case borrowed:
		parts = append(parts, w.t("body.borrow", w.zwStars(stars), w.zwPal(b.Palaces[from].Name)))
	default:
		parts = append(parts, w.t("body.stars", w.zwStars(stars)))
	}
	w.para(parts...)
	if p.Name == ziwei.PalaceSoul {
		return // its stars were read above
	}
	var items []string
	for _, s := range stars {
		items = append(items, w.t("body.item", w.zwStarName(s.ID), w.t("core."+s.ID.Key())))
	}
	w.list(items)
}

// zwMutagenAt finds the star taking birth-year mutagen m.
func zwMutagenAt(b *ziwei.Board, m ziwei.Mutagen) (int, ziwei.Star, bool) {
	for i := range b.Palaces {
		p := &b.Palaces[i]
		for _, ss := range [2][]ziwei.Star{p.Major, p.Minor} {
			for _, s := range ss {
				if s.Mutagen == m {
					return i, s, true
				}
			}
		}
	}
	return -1, ziwei.Star{}, false
}

// zwMutagens writes the 生年四化: each transformed star, its palace and
// what the transformation means there.
func (w *builtinWriter) zwMutagens(b *ziwei.Board) {
	w.heading(w.t("mut.h"))
	w.para(w.t("mut.intro", b.YearStem.String()))
	var items []string
	for m := ziwei.Lu; m <= ziwei.Ji; m++ {
		i, s, ok := zwMutagenAt(b, m)
		if !ok {
			continue
		}
		n := b.Palaces[i].Name
		s.Mutagen = ziwei.MutagenNone // named by the item itself
		items = append(items, w.t("mut.item", w.t("mut.name."+zwMutagenKeys[m]), w.zwStar(s), w.zwPal(n),
			w.t("mut."+zwMutagenKeys[m]+"."+zwKey(n))))
	}
	w.list(items)
	w.para(w.t("mut.close"))
}

// zwPeriodMutagens lists a period's 四化 with the natal palace of each
// star and what it stirs there, as list items.
func (w *builtinWriter) zwPeriodMutagens(b *ziwei.Board, per *ziwei.Period) []string {
	var items []string
	for k, id := range per.Mutagen {
		m := zwMutagenKeys[k+1]
		i, s, ok := ziweiFind(b, id)
		if !ok {
			continue
		}
		s.Mutagen = ziwei.MutagenNone // the birth year's, not the period's
		n := b.Palaces[i].Name
		items = append(items, w.t("yr.mut.item", w.t("mut.name."+m), w.zwStar(s), w.zwPal(n), w.t("ymut."+m, w.t("area."+zwKey(n)))))
	}
	return items
}

// zwDecade says which 大限 the horoscope's age falls in.
func (w *builtinWriter) zwDecade(b *ziwei.Board, h *ziwei.Horoscope) string {
	d := &h.Decadal
	switch {
	case h.NominalAge < 1:
		return w.t("dec.before", h.Year)
	case d.Index < 0:
		return w.t("dec.none", h.NominalAge)
	case h.Childhood:
		p := &b.Palaces[d.Index]
		return w.t("dec.child", h.NominalAge, w.zwPal(p.Name), w.t("area."+zwKey(p.Name)))
	}
	p := &b.Palaces[d.Index]
	return w.t("dec.in", w.zwPal(p.Name), p.Branch.String(), p.Decade.Start, p.Decade.End, w.t("area."+zwKey(p.Name)))
}

// zwMajorsLine is the sentence naming the major stars of palace i, or
// the borrowed ones.
func (w *builtinWriter) zwMajorsLine(b *ziwei.Board, i int) string {
	stars, from, borrowed := zwMajors(b, i)
	switch {
	case len(stars) == 0:
		return ""
	case borrowed:
		return w.t("stars.borrow", w.zwStars(stars), w.zwPal(b.Palaces[from].Name))
	}
	return w.t("stars", w.zwStars(stars))
}

// zwYear writes the year's overlay: the 大限, the 流年 palace and the
// 流年四化; under a heading in a reading, after a bold lead-in in an
// answer.
func (w *builtinWriter) zwYear(b *ziwei.Board, h *ziwei.Horoscope, heading bool) {
	y := &h.Yearly
	gz := y.Stem.String() + y.Branch.String()
	var parts []string
	if heading {
		w.heading(w.t("yr.h", h.Year, gz))
	} else {
		parts = append(parts, w.t("yr.lead", h.Year, gz))
	}
	parts = append(parts, w.zwDecade(b, h))
	if d := &h.Decadal; d.Index >= 0 && h.NominalAge >= 1 {
		parts = append(parts, w.zwMajorsLine(b, d.Index))
	}
	w.para(parts...)
	if h.NominalAge < 1 {
		return
	}
	p := &b.Palaces[y.Index]
	parts = []string{w.t("yr.pal", y.Branch.String(), w.zwPal(p.Name), w.t("area."+zwKey(p.Name))), w.zwMajorsLine(b, y.Index)}
	if a := &h.Age; a.Index >= 0 {
		parts = append(parts, w.t("age.pal", w.zwPal(b.Palaces[a.Index].Name)))
	}
	w.para(parts...)
	w.para(w.t("yr.mut.intro", y.Stem.String()))
	w.list(w.zwPeriodMutagens(b, y))
	w.para(w.t("yr.note"))
}

// Follow-up questions on a Zi Wei reading.

// ziweiQuestionKeywords map words to the palace they ask about, in the
// order they are tried, before and after the general topics of
// classifyQuestion (see ziweiQuestionPalace). English words match whole
// words; Chinese ones anywhere.
var (
	ziweiPalaceWords = []struct {
		pal   ziwei.PalaceName
		words []string
	}{
		{ziwei.PalaceSoul, []string{"命宫", "命宮", "life palace", "soul palace", "명궁"}},
		{ziwei.PalaceSiblings, []string{"兄弟宫", "兄弟宮", "siblings palace", "형제궁"}},
		{ziwei.PalaceSpouse, []string{"夫妻宫", "夫妻宮", "spouse palace", "부처궁"}},
		{ziwei.PalaceChildren, []string{"子女宫", "子女宮", "children palace", "자녀궁"}},
		{ziwei.PalaceWealth, []string{"财帛", "財帛", "wealth palace", "재백"}},
		{ziwei.PalaceHealth, []string{"疾厄", "health palace", "질액"}},
		{ziwei.PalaceSurface, []string{"迁移宫", "遷移宮", "travel palace", "천이궁"}},
		{ziwei.PalaceFriends, []string{"仆役", "僕役", "交友宫", "交友宮", "friends palace", "奴僕", "노복", "교우궁"}},
		{ziwei.PalaceCareer, []string{"官禄", "官祿", "事业宫", "事業宮", "career palace", "관록"}},
		{ziwei.PalaceProperty, []string{"田宅", "property palace", "전택"}},
		{ziwei.PalaceSpirit, []string{"福德", "fortune palace", "spirit palace", "福徳", "복덕"}},
		{ziwei.PalaceParents, []string{"父母宫", "父母宮", "parents palace", "부모궁"}},
	}
	// Family first: "my relationship with my parents" is about the parents.
	ziweiFamilyWords = []struct {
		pal   ziwei.PalaceName
		words []string
	}{
		{ziwei.PalaceParents, []string{"parent", "parents", "mother", "father", "mum", "mom", "dad", "family",
			"父母", "父亲", "父親", "母亲", "母親", "爸", "妈", "媽", "长辈", "長輩", "家人",
			"両親", "家族", "부모", "아버지", "어머니", "엄마", "아빠", "가족"}},
		{ziwei.PalaceSiblings, []string{"sibling", "siblings", "brother", "brothers", "sister", "sisters",
			"兄弟", "姐妹", "哥哥", "姐姐", "弟弟", "妹妹",
			"兄", "姉", "형제", "자매", "언니", "오빠", "누나", "동생"}},
		{ziwei.PalaceChildren, []string{"child", "children", "kid", "kids", "son", "sons", "daughter", "daughters", "pregnancy", "baby",
			"孩子", "子女", "儿子", "兒子", "女儿", "女兒", "小孩", "生育", "怀孕", "懷孕",
			"子ども", "子供", "息子", "娘", "妊娠", "자녀", "아이", "아들", "딸", "임신"}},
	}
	ziweiOtherWords = []struct {
		pal   ziwei.PalaceName
		words []string
	}{
		{ziwei.PalaceFriends, []string{"friend", "friends", "friendship", "colleague", "colleagues", "coworker", "coworkers", "network", "team",
			"朋友", "同事", "人际", "人際", "交友", "合伙", "合夥",
			"友人", "友達", "同僚", "人間関係", "친구", "동료", "인간관계"}},
		{ziwei.PalaceProperty, []string{"home", "house", "property", "real estate", "apartment",
			"房子", "房产", "房產", "买房", "買房", "置业", "置業", "家宅", "住宅", "家庭",
			"住まい", "不動産", "マイホーム", "집", "부동산", "주택"}},
		{ziwei.PalaceSurface, []string{"travel", "abroad", "overseas", "relocate", "relocation", "emigrate", "emigration", "trip",
			"出国", "出國", "旅行", "旅游", "旅遊", "外地", "移民", "出差", "远行", "遠行", "迁移", "遷移",
			"海外", "移住", "引っ越", "여행", "해외", "이민", "출장", "이사"}},
		{ziwei.PalaceSpirit, []string{"happy", "happiness", "mind", "mood", "peace", "spirit", "spiritual", "inner", "anxiety", "anxious",
			"福气", "福氣", "心情", "精神", "快乐", "快樂", "内心", "內心", "焦虑", "焦慮", "心态", "心態",
			"気持ち", "幸せ", "不安", "마음", "행복", "불안", "정신"}},
	}
	ziweiDecadeWords = []string{"大限", "ten-year", "ten year", "十年", "대한", "10년"}
)

// ziweiHasWord reports whether lq holds word: anywhere for Chinese, as a
// whole word (not inside a longer one) for Latin letters.
func ziweiHasWord(lq, word string) bool {
	if word == "" || word[0] >= 0x80 {
		return strings.Contains(lq, word)
	}
	for from := 0; ; {
		i := strings.Index(lq[from:], word)
		if i < 0 {
			return false
		}
		i += from
		before := i == 0 || !zwLetter(lq[i-1])
		end := i + len(word)
		after := end == len(lq) || !zwLetter(lq[end])
		if before && after {
			return true
		}
		from = i + 1
	}
}

func zwLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func ziweiHasAny(lq string, words []string) bool {
	for _, w := range words {
		if ziweiHasWord(lq, w) {
			return true
		}
	}
	return false
}

// ziweiAsk is what a follow-up question on a Zi Wei reading asks.
type ziweiAsk struct {
	kind string           // "palace", "year", "decade" or "" (general)
	pal  ziwei.PalaceName // the palace, for "palace"
	year int              // a named year (今年, next year… resolved); 0 when none
}

// ziweiQuestion reads a question: a palace named outright, family, then
// the topics of classifyQuestion (career → 官禄, money → 财帛, love →
// 夫妻, health → 疾厄), friends, home, travel, inner life, and last the
// year (流年) or the decade (大限). thisYear resolves "next year".
func ziweiQuestion(q string, thisYear int) ziweiAsk {
	lq := strings.ToLower(q)
	bq := classifyQuestion(q, thisYear)
	a := ziweiAsk{year: bq.year}
	palace := func(p ziwei.PalaceName) ziweiAsk { a.kind, a.pal = "palace", p; return a }
	for _, k := range ziweiPalaceWords {
		if ziweiHasAny(lq, k.words) {
			return palace(k.pal)
		}
	}
	for _, k := range ziweiFamilyWords {
		if ziweiHasAny(lq, k.words) {
			return palace(k.pal)
		}
	}
	switch bq.topic {
	case "career":
		return palace(ziwei.PalaceCareer)
	case "relationships":
		return palace(ziwei.PalaceSpouse)
	case "wealth":
		return palace(ziwei.PalaceWealth)
	case "health":
		return palace(ziwei.PalaceHealth)
	}
	for _, k := range ziweiOtherWords {
		if ziweiHasAny(lq, k.words) {
			return palace(k.pal)
		}
	}
	switch {
	case bq.topic == "luck" || ziweiHasAny(lq, ziweiDecadeWords):
		a.kind = "decade"
	case bq.topic == "year" || bq.year != 0:
		a.kind = "year"
	}
	return a
}

// ziweiYear is the year a follow-up is read against: the one named in
// the question, else the horoscope's, else Request.Now's; 0 when none.
func ziweiYear(req *Request, named int) int {
	switch {
	case named != 0:
		return named
	case req.Horoscope != nil:
		return req.Horoscope.Year
	case !req.Now.IsZero():
		return req.Now.Year()
	}
	return 0
}

// ziweiHoroscopeOf returns the horoscope of year y: the request's when it
// is that year, else computed from the board.
func ziweiHoroscopeOf(req *Request, y int) *ziwei.Horoscope {
	if req.Horoscope != nil && req.Horoscope.Year == y {
		return req.Horoscope
	}
	h := req.Board.Horoscope(y)
	return &h
}

// ziweiFollowUp writes a short answer to q from the board's facts.
func (w *builtinWriter) ziweiFollowUp(req *Request, q string) {
	b := req.Board
	thisYear := ziweiYear(req, 0)
	a := ziweiQuestion(q, thisYear)
	w.para(w.t("fu.open"))
	base := w.zwSoulLine(b)
	y := ziweiYear(req, a.year)
	switch a.kind {
	case "palace":
		w.para(base)
		i := ziweiPalaceIndex(b, a.pal)
		w.para(w.t("fz.pal", w.zwPal(a.pal), w.t("area."+zwKey(a.pal))))
		w.zwPalaceStars(b, i)
		w.zwMinors(b, i)
		if a.pal == ziwei.PalaceSpouse {
			if f := w.zwFlowers(b, i); f != "" {
				w.para(w.t("spouse.flower", f))
			}
		}
		if m := w.zwBirthMutagensIn(b, i); m != "" {
			w.para(m)
		}
		if y != 0 {
			w.zwYearOnPalace(b, ziweiHoroscopeOf(req, y), i)
		}
		if a.pal == ziwei.PalaceHealth {
			w.para(w.t("fz.health"))
		}
	case "year":
		w.para(base)
		if y == 0 {
			w.para(w.t("fz.noyear"))
			break
		}
		w.zwYear(b, ziweiHoroscopeOf(req, y), false)
	case "decade":
		w.para(base)
		w.zwDecadeAnswer(b, req, y)
	default:
		si := b.SoulIndex()
		stars, _, _ := zwMajors(b, si)
		var parts []string
		for _, s := range stars {
			parts = append(parts, w.t("soul."+s.ID.Key()))
		}
		w.para(append([]string{base}, parts...)...)
		if y != 0 {
			h := ziweiHoroscopeOf(req, y)
			if h.NominalAge >= 1 {
				p := &b.Palaces[h.Yearly.Index]
				w.para(w.t("yr.lead", h.Year, h.Yearly.Stem.String()+h.Yearly.Branch.String()), w.t("yr.pal", h.Yearly.Branch.String(), w.zwPal(p.Name), w.t("area."+zwKey(p.Name))))
			}
		}
		w.para(w.t("fz.general"))
	}
	w.para(w.t("fu.note"))
}

// zwSoulLine is the one-sentence summary of 命宫 that opens an answer.
func (w *builtinWriter) zwSoulLine(b *ziwei.Board) string {
	si := b.SoulIndex()
	stars, from, borrowed := zwMajors(b, si)
	switch {
	case len(stars) == 0:
		return w.t("fu.soul.empty", b.Palaces[si].Branch.String())
	case borrowed:
		return w.t("fu.soul.borrow", b.Palaces[si].Branch.String(), w.zwStars(stars), w.zwPal(b.Palaces[from].Name))
	}
	return w.t("fu.soul", b.Palaces[si].Branch.String(), w.zwStars(stars))
}

// zwBirthMutagensIn is the sentence on the birth-year 四化 in palace i,
// "" when none.
func (w *builtinWriter) zwBirthMutagensIn(b *ziwei.Board, i int) string {
	p := &b.Palaces[i]
	var parts []string
	for _, ss := range [2][]ziwei.Star{p.Major, p.Minor} {
		for _, s := range ss {
			if s.Mutagen != ziwei.MutagenNone {
				m := zwMutagenKeys[s.Mutagen]
				parts = append(parts, w.t("fz.mut", w.t("mut.name."+m), w.zwStarName(s.ID), w.t("mut."+m+"."+zwKey(p.Name))))
			}
		}
	}
	return w.sentences(parts...)
}

// zwYearOnPalace says how year h touches palace i: the 大限 running
// through it, the 流年 palace on it, the 流年四化 landing in it.
func (w *builtinWriter) zwYearOnPalace(b *ziwei.Board, h *ziwei.Horoscope, i int) {
	if h.NominalAge < 1 {
		w.para(w.t("dec.before", h.Year))
		return
	}
	var parts []string
	if d := &h.Decadal; d.Index == i && h.InDecade {
		parts = append(parts, w.t("fz.dec.pal", b.Palaces[i].Decade.Start, b.Palaces[i].Decade.End))
	}
	if h.Yearly.Index == i {
		parts = append(parts, w.t("fz.year.pal", h.Year))
	}
	for k, id := range h.Yearly.Mutagen {
		if j, _, ok := ziweiFind(b, id); ok && j == i {
			m := zwMutagenKeys[k+1]
			parts = append(parts, w.t("fz.year.mut", h.Year, w.t("mut.name."+m), w.zwStarName(id), w.t("ymut."+m, w.t("area."+zwKey(b.Palaces[i].Name)))))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, w.t("fz.year.quiet", h.Year))
	}
	w.para(parts...)
}

// zwDecadeAnswer writes the 大限 of year y and the next one.
func (w *builtinWriter) zwDecadeAnswer(b *ziwei.Board, req *Request, y int) {
	if y == 0 {
		w.para(w.t("fz.noyear"))
		return
	}
	h := ziweiHoroscopeOf(req, y)
	parts := []string{w.zwDecade(b, h)}
	d := &h.Decadal
	if d.Index >= 0 && h.NominalAge >= 1 {
		parts = append(parts, w.zwMajorsLine(b, d.Index))
		if h.InDecade {
			var mut []string
			for k, id := range d.Mutagen {
				mut = append(mut, w.t("mutshort", w.t("mut.short."+zwMutagenKeys[k+1]), w.zwStarName(id)))
			}
			parts = append(parts, w.t("dec.mut", d.Stem.String(), w.and(mut)))
		}
	}
	w.para(parts...)
	// The next decade: the palace whose range starts after this age.
	next, age := -1, h.NominalAge
	for i := range b.Palaces {
		p := &b.Palaces[i]
		if p.Decade.Start > age && (next < 0 || p.Decade.Start < b.Palaces[next].Decade.Start) {
			next = i
		}
	}
	if next >= 0 {
		p := &b.Palaces[next]
		w.para(w.t("fz.dec.next", p.Decade.Start, w.zwPal(p.Name), p.Branch.String(), w.t("area."+zwKey(p.Name))), w.zwMajorsLine(b, next))
	}
}
