package reading

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

// Follow-up questions: the built-in reader classifies the question
// (classifyQuestion) and answers it from the chart's facts: the years, the
// 大运 and the ten gods involved.

// builtinQuestion is what a follow-up question asks, as the built-in reader
// understands it.
type builtinQuestion struct {
	topic  string // career, relationships, wealth, health, luck, year, or "" (general)
	years  bool   // asks which years, or when
	change bool   // asks about a change (of job, of home)
	year   int    // a named Gregorian year (今年, next year… resolved); 0 when none
	pillar int    // a named natal pillar (bazi.PosYear…); -1 when none
	gz     bazi.GanZhi
	hasGZ  bool // a named 干支 such as 甲子
}

// builtinFollowKeywords maps a topic to words that point to it, in any
// language, in the order they are tried.
var builtinFollowKeywords = []struct {
	topic string
	words []string
}{
	{"career", []string{"career", "job", "work", "business", "boss", "profession", "promotion", "employer", "interview",
		"工作", "事业", "事業", "职业", "職業", "升职", "升職", "升迁", "升遷", "老板", "老闆", "创业", "創業", "跳槽", "转行", "轉行",
		"辞职", "辭職", "离职", "離職", "上司", "公司", "面试", "面試",
		"仕事", "転職", "就職", "昇進", "会社", "起業", "退職", "面接",
		"직업", "직장", "일은", "일이", "커리어", "사업", "승진", "이직", "취업", "회사", "창업", "퇴사", "면접"}},
	{"relationships", []string{"love", "relationship", "partner", "marriage", "marry", "spouse", "wife", "husband", "dating",
		"romance", "girlfriend", "boyfriend", "meet someone", "single",
		"感情", "婚", "恋", "戀", "爱情", "愛情", "桃花", "配偶", "对象", "對象", "伴侣", "伴侶", "男朋友", "女朋友", "姻缘", "姻緣",
		"恋愛", "出会い", "彼氏", "彼女", "パートナー", "夫婦",
		"연애", "사랑", "결혼", "배우자", "인연", "남자친구", "여자친구", "애인", "궁합"}},
	{"wealth", []string{"money", "wealth", "finance", "rich", "income", "invest", "salary",
		"财", "財", "钱", "錢", "收入", "投资", "投資", "理财", "理財",
		"お金", "金運", "給料", "投資",
		"재물", "재운", "돈", "수입", "투자", "금전", "월급"}},
	{"health", []string{"health", "body", "sleep", "stress", "energy", "illness", "sick",
		"健康", "身体", "身體", "睡眠", "压力", "壓力", "病",
		"体調", "ストレス",
		"건강", "몸", "수면", "스트레스", "질병"}},
	{"luck", []string{"luck pillar", "decade", "大运", "大運", "대운"}},
	{"year", []string{"this year", "next year", "year", "今年", "流年", "明年", "运势", "運勢", "luck",
		"年運", "運勢", "来年", "올해", "내년", "세운", "운세"}},
}

var (
	builtinYearsWords = []string{"which year", "what year", "when", "years", "timing", "哪年", "哪一年", "哪些年", "哪几年",
		"哪幾年", "何年", "什么时候", "什麼時候", "何时", "何時", "几时", "幾時", "年份", "时机", "時機",
		"いつ", "何年", "時期", "언제", "몇 년", "어느 해", "시기"}
	builtinChangeWords = []string{"change", "switch", "quit", "move", "leave", "new job", "换", "換", "跳槽", "转行", "轉行",
		"辞职", "辭職", "离职", "離職", "搬",
		"転職", "引っ越", "辞め", "이직", "이사", "그만"}
	// Relative years, the longest first so "year after next" is not read
	// as "next year".
	builtinRelativeYears = []struct {
		words []string
		delta int
	}{
		{[]string{"year after next", "后年", "後年", "再来年", "내후년"}, 2},
		{[]string{"next year", "明年", "来年", "來年", "내년"}, 1},
		{[]string{"last year", "去年", "昨年", "작년"}, -1},
		{[]string{"this year", "今年", "本年", "올해", "금년"}, 0},
	}
	builtinPillarWords = []struct {
		pos   int
		words []string
	}{
		{bazi.PosYear, []string{"year pillar", "年柱", "연주", "년주"}},
		{bazi.PosMonth, []string{"month pillar", "月柱", "월주"}},
		{bazi.PosDay, []string{"day pillar", "日柱", "일주"}},
		{bazi.PosHour, []string{"hour pillar", "时柱", "時柱", "시주"}},
	}
	builtinYearRe = regexp.MustCompile(`(?:^|[^0-9])((?:18|19|20|21)[0-9]{2})(?:[^0-9]|$)`)
)

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// classifyQuestion reads a question; thisYear is the current 流年 year,
// for the relative years.
func classifyQuestion(q string, thisYear int) builtinQuestion {
	lq := strings.ToLower(q)
	bq := builtinQuestion{pillar: -1}
	for _, k := range builtinFollowKeywords {
		if containsAny(lq, k.words) {
			bq.topic = k.topic
			break
		}
	}
	bq.years = containsAny(lq, builtinYearsWords)
	bq.change = containsAny(lq, builtinChangeWords)
	if m := builtinYearRe.FindStringSubmatch(lq); m != nil {
		bq.year, _ = strconv.Atoi(m[1])
	} else {
	rel:
		for _, r := range builtinRelativeYears {
			for _, word := range r.words {
				i := strings.Index(lq, word)
				// "以后年份" (the years after) is not 后年.
				if i < 0 || (r.delta == 2 && i > 0 && strings.ContainsAny(lastRune(lq[:i]), "以之最往然")) {
					continue
				}
				bq.year = thisYear + r.delta
				break rel
			}
		}
	}
	for _, p := range builtinPillarWords {
		if containsAny(lq, p.words) {
			bq.pillar = p.pos
			break
		}
	}
	bq.gz, bq.hasGZ = namedGanZhi(q)
	if bq.topic == "" && bq.year != 0 {
		bq.topic = "year"
	}
	return bq
}

func lastRune(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return ""
	}
	return string(r[len(r)-1])
}

// namedGanZhi finds a 干支 (a stem followed by a branch of the same
// polarity) in q, skipping words where 己 means "self" (自己, 知己…).
func namedGanZhi(q string) (bazi.GanZhi, bool) {
	rs := []rune(q)
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == '己' && i > 0 && strings.ContainsRune("自知异異利克", rs[i-1]) {
			continue
		}
		if g, ok := bazi.ParseGanZhi(string(rs[i : i+2])); ok {
			return g, true
		}
	}
	return 0, false
}

// builtinFollowTopic is the topic of a question (used by the pair's follow-ups).
func builtinFollowTopic(q string) string { return classifyQuestion(q, 0).topic }

// Characters found in Traditional but not in Simplified Chinese questions.
const builtinTraditionalOnly = "麼們個說會與為運業財錢戀愛職換歲後體還幾時這問對過開學長見點樣覺親結緣壓響適應該將從發變動實現勢嗎來離轉職婦夫親際"

// questionLang is the language to answer q in: the question's own when it
// is plainly written in another language than the page's, else the page's.
func questionLang(q string, page i18n.Lang) i18n.Lang {
	han, kana, hangul, latin := 0, 0, 0, 0
	trad := false
	for _, r := range q {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			if strings.ContainsRune(builtinTraditionalOnly, r) {
				trad = true
			}
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case r < unicode.MaxASCII && unicode.IsLetter(r):
			latin++
		}
	}
	switch {
	case hangul > 0:
		return i18n.Korean
	case kana > 0:
		return i18n.Japanese
	case han > 0 && (page == i18n.English || page == i18n.Korean):
		// Han without kana or Hangul is Chinese, except on a Japanese
		// page, where a question of kanji alone (今年の… without kana is
		// rare, 仕事運 is not) is read as Japanese.
		if trad {
			return i18n.TraditionalChinese
		}
		return i18n.SimplifiedChinese
	case han == 0 && latin >= 3 && page != i18n.English:
		return i18n.English
	}
	return page
}

// followUp writes a short answer to q from the chart's facts.
func (w *builtinWriter) followUp(q string) {
	f, c := w.f, w.f.c
	bq := classifyQuestion(q, f.luck.year)
	w.para(w.t("fu.open"))
	base := w.t("fu.dm", c.DayMaster.Char, w.el(f.dmEl), w.t("str."+c.Strength.Label), w.els(c.Favourable.Elements))
	switch {
	case bq.hasGZ:
		w.para(base)
		w.answerGanZhi(bq)
	case bq.pillar >= 0:
		w.para(base)
		w.answerPillar(bq.pillar)
	case bq.year != 0:
		w.para(base)
		w.answerYear(bq.year, bq.topic)
	case bq.topic == "luck":
		w.para(base)
		w.answerLuck()
	case bq.years && (bq.topic == "" || bq.topic == "year"):
		bq.topic = ""
		w.answerTopic(base, bq)
	case bq.topic == "year":
		w.para(base)
		w.answerYear(f.luck.year, "")
	case bq.topic != "" || bq.years:
		w.answerTopic(base, bq)
	default:
		w.para(base, w.t("str.mean."+c.Strength.Label))
		w.answerYear(f.luck.year, "")
		w.answerTopic("", bq)
	}
	w.para(w.t("fu.note"))
}

// luckPhrase says which 大运 a year falls in.
func (w *builtinWriter) luckPhrase(y int) string {
	if lp := w.f.luckAt(y); lp != nil {
		return w.t("fy.in", w.gz(lp.GanZhi), lp.StartYear, lp.EndYear)
	}
	if y < w.f.luck.firstYear {
		return w.t("fy.in.pre")
	}
	return w.t("fy.in.after")
}

// answerYear writes a year's pillar, ten god, 大运, relations with the
// natal pillars and its verdict, and what it means for topic.
func (w *builtinWriter) answerYear(y int, topic string) {
	f := w.f
	gz := yearGanZhi(y)
	god := bazi.TenGodOf(f.dm, gz.Stem())
	parts := []string{w.t("fy.line", y, w.gz(gz), gz.Stem().String(), w.god(god), w.t("theme."+god.Key()))}
	lp := f.luckAt(y)
	switch {
	case lp != nil:
		parts = append(parts, w.t("fy.luck", w.gz(lp.GanZhi), lp.StartYear, lp.EndYear, w.god(lp.TenGod)))
	case y < f.luck.firstYear:
		parts = append(parts, w.t("fy.luck.pre", f.luck.firstYear))
	default:
		parts = append(parts, w.t("fy.luck.after"))
	}
	w.para(parts...)
	if touches := w.yearTouchesOf(gz, lp); len(touches) > 0 {
		w.para(w.t("fy.touch"))
		w.list(touches)
	} else {
		w.para(w.t("fy.quiet"))
	}
	parts = []string{w.t("fy.v." + f.periodVerdict(gz))}
	dayBr := f.c.Pillars.Day.GanZhi.Branch()
	switch topic {
	case "career":
		parts = append(parts, w.t("fy.car."+strconv.Itoa(tenGodGroup(god))))
	case "relationships":
		if tenGodGroup(god) == f.spouseGroup() {
			parts = append(parts, w.t("love.year.star", y, w.god(god)))
		}
		if rel := builtinBranchRel(gz.Branch(), dayBr); rel == "he" || rel == "chong" || rel == "sanhe" {
			parts = append(parts, w.t("love.year."+rel, y, gz.Branch().String(), dayBr.String()))
		} else if tenGodGroup(god) != f.spouseGroup() {
			parts = append(parts, w.t("love.year.quiet", y))
		}
	case "wealth":
		parts = append(parts, w.t("w.year", y, w.t("w.luck."+strconv.Itoa(tenGodGroup(god)))))
	case "health":
		parts = append(parts, w.healthYear(gz), w.t("hl.disclaimer"))
	default:
		parts = append(parts, w.spouseNote(god))
	}
	w.para(parts...)
}

// healthYear says how a year bears on the element balance.
func (w *builtinWriter) healthYear(gz bazi.GanZhi) string {
	switch w.f.periodVerdict(gz) {
	case "clash":
		return w.t("fy.hl.clash")
	case "hard":
		return w.t("fy.hl.hard")
	}
	return w.t("fy.hl.ok")
}

// answerPillar writes a natal pillar: its stem's and branch's ten gods, its
// hidden stems, its links with the other pillars and with this year.
func (w *builtinWriter) answerPillar(pos int) {
	f := w.f
	d := f.c.Pillars.At(pos)
	if d == nil {
		w.para(w.t("fp.nohour"))
		return
	}
	var parts []string
	if pos == bazi.PosDay {
		parts = append(parts, w.t("fp.day", d.Name, d.Stem, d.Branch, w.god(d.BranchTenGod)))
	} else {
		parts = append(parts, w.t("fp.line", w.pillar(pos), d.Name, d.Stem, w.god(d.TenGod), d.Branch, w.god(d.BranchTenGod), w.t("area."+strconv.Itoa(pos))))
	}
	var hidden []string
	for _, h := range d.HiddenStems {
		hidden = append(hidden, h.Stem.String()+" "+w.god(h.TenGod))
	}
	if len(hidden) > 0 {
		parts = append(parts, w.t("fp.hidden", strings.Join(hidden, w.t("sep"))))
	}
	w.para(parts...)
	var rels []string
	key := bazi.PillarKey(pos)
	for _, r := range w.sortedRelations() {
		if slices.Contains(r.Members(), key) && len(rels) < 3 {
			rels = append(rels, w.relItem(r))
		}
	}
	if len(rels) > 0 {
		w.para(w.t("fp.rel"))
		w.list(rels)
	} else {
		w.para(w.t("fp.norel"))
	}
	l := f.luck
	yb, b := l.yearGZ.Branch(), d.GanZhi.Branch()
	parts = []string{w.t("year.line", l.year, w.gz(l.yearGZ))}
	if rel := builtinBranchRel(yb, b); rel != "" && w.has("yr."+rel) {
		parts = append(parts, w.t("yr."+rel, yb.String(), w.pillar(pos), b.String(), w.t("area."+strconv.Itoa(pos))))
	} else {
		parts = append(parts, w.t("fp.year.quiet", w.pillar(pos)))
	}
	w.para(parts...)
}

// answerGanZhi answers about a named 干支: a natal pillar, a 大运, or the
// next year of that pillar.
func (w *builtinWriter) answerGanZhi(bq builtinQuestion) {
	f := w.f
	for _, p := range f.pos {
		if f.c.Pillars.At(p).GanZhi == bq.gz {
			w.answerPillar(p)
			return
		}
	}
	for i := range f.c.Luck.Pillars {
		if lp := &f.c.Luck.Pillars[i]; lp.GanZhi == bq.gz {
			w.luckPillar(lp)
			return
		}
	}
	y := f.luck.year + ((int(bq.gz)-int(yearGanZhi(f.luck.year)))%60+60)%60
	w.answerYear(y, bq.topic)
}

// luckPillar writes one 大运: its years, ten god and verdict.
func (w *builtinWriter) luckPillar(lp *bazi.LuckPillar) {
	parts := []string{w.t("fl.pillar", w.gz(lp.GanZhi), lp.StartYear, lp.EndYear, lp.StartAge, lp.EndAge, w.god(lp.TenGod), w.t("theme."+lp.TenGod.Key())),
		w.elsVerdict("luck.els", lp.GanZhi)}
	if l := w.f.luck; l.phase == 1 && int(lp.StartYear) == l.startYear {
		parts = append(parts, w.t("fl.now"))
	}
	w.para(parts...)
}

// answerLuck writes the current 大运 and the next one.
func (w *builtinWriter) answerLuck() {
	f := w.f
	l := f.luck
	switch l.phase {
	case 1:
		cur := f.luckAt(l.startYear)
		w.luckPillar(cur)
		if next := f.luckAt(l.endYear + 1); next != nil {
			w.luckPillar(next)
		}
	case 0:
		w.para(w.t("luck.pre", l.firstYear, l.firstAge))
		w.luckPillar(&f.c.Luck.Pillars[0])
	default:
		w.para(w.t("luck.after"))
	}
}

// yearPick is a year chosen to answer a question, with why.
type yearPick struct {
	year    int
	gz      bazi.GanZhi
	god     bazi.TenGod
	score   int
	reasons []string
}

// builtinYearsAhead is the window of years a question about "which years"
// looks at, starting with the current 流年.
const builtinYearsAhead = 10

// pickYears scores the years of the window for a topic by the reader's
// rules and returns the best (at most three, at least two where the
// topic's ten gods come round, which they do every ten years), by year.
func (w *builtinWriter) pickYears(bq builtinQuestion) []yearPick {
	f := w.f
	dayBr := f.c.Pillars.Day.GanZhi.Branch()
	monthBr := f.c.Pillars.Month.GanZhi.Branch()
	var all []yearPick
	for y := f.luck.year; y < f.luck.year+builtinYearsAhead; y++ {
		gz := yearGanZhi(y)
		god := bazi.TenGodOf(f.dm, gz.Stem())
		grp := tenGodGroup(god)
		v := f.periodVerdict(gz)
		p := yearPick{year: y, gz: gz, god: god}
		verdictScore := map[string]int{"good": 2, "hard": -2, "clash": -1}[v]
		showVerdict := true
		switch bq.topic {
		case "career":
			p.score = [numGroups]int{0, 2, 1, 3, 2}[grp]
			if p.score == 0 {
				continue
			}
			switch rel := builtinBranchRel(gz.Branch(), monthBr); {
			case rel == "chong" && bq.change:
				p.score += 2
				p.reasons = append(p.reasons, w.t("fy.why.monthchong", gz.Branch().String(), monthBr.String()))
			case rel == "he" || rel == "sanhe":
				p.score++
				p.reasons = append(p.reasons, w.t("fy.why.monthhe", gz.Branch().String(), monthBr.String()))
			}
			if bq.change && (grp == grpOutput || god == bazi.QiSha) {
				p.score++
			}
		case "relationships":
			if grp == f.spouseGroup() {
				p.score += 2
				if god == bazi.ZhengCai || god == bazi.ZhengGuan {
					p.score++
				}
				p.reasons = append(p.reasons, w.t("fy.why.spouse"))
			}
			switch builtinBranchRel(gz.Branch(), dayBr) {
			case "he":
				p.score += 3
				p.reasons = append(p.reasons, w.t("fy.why.dayhe", gz.Branch().String(), dayBr.String()))
			case "sanhe":
				p.score += 2
				p.reasons = append(p.reasons, w.t("fy.why.daysanhe", gz.Branch().String(), dayBr.String()))
			case "chong":
				p.score++
				p.reasons = append(p.reasons, w.t("fy.why.daychong", gz.Branch().String(), dayBr.String()))
				showVerdict = false // the clash is the reason already
			}
			if p.score == 0 {
				continue
			}
			if v == "clash" {
				verdictScore = 0
			}
		case "wealth":
			switch grp {
			case grpWealth:
				p.score = 3
			case grpOutput:
				p.score = 1
				if f.strongSide() {
					p.score++
				}
				p.reasons = append(p.reasons, w.t("fy.why.output"))
			case grpPeers:
				if f.group[grpWealth] == 0 {
					continue
				}
				p.score = -1
				p.reasons = append(p.reasons, w.t("fy.why.peers"))
			default:
				continue
			}
		case "health":
			// Years to pace oneself: clashes and elements the chart has too much of.
			verdictScore = 0
			if v == "clash" {
				p.score += 3
			}
			if v == "hard" {
				p.score += 2
			}
			for _, e := range []bazi.Element{gz.Stem().Element(), gz.Branch().Element()} {
				if pc := f.c.Elements.Percent.Get(e); pc >= 30 {
					p.score++
					p.reasons = append(p.reasons, w.t("fy.why.excess", w.el(e), pc))
					break
				}
			}
			if biStemClash(gz.Stem(), f.dm) {
				p.score++
				p.reasons = append(p.reasons, w.t("fy.why.stemchong", gz.Stem().String(), f.dm.String()))
			}
			if p.score == 0 {
				continue
			}
		default:
			p.score = map[string]int{"good": 3, "mixed": 1, "neutral": 0, "hard": -2, "clash": -2}[v]
			verdictScore = 0
		}
		p.score += verdictScore
		if showVerdict {
			p.reasons = append(p.reasons, w.t("fy.v."+v))
		}
		all = append(all, p)
	}
	slices.SortStableFunc(all, func(a, b yearPick) int { return b.score - a.score })
	if len(all) > 3 {
		all = all[:3]
	}
	slices.SortFunc(all, func(a, b yearPick) int { return a.year - b.year })
	return all
}

// answerTopic writes the topic's facts from the natal chart, then the
// coming years that bear on it, each with its pillar, ten god and 大运.
func (w *builtinWriter) answerTopic(base string, bq builtinQuestion) {
	f, c := w.f, w.f.c
	topic := bq.topic
	switch topic {
	case "career":
		m := &c.Pillars.Month
		w.para(base, w.t("car.month", m.Name, w.god(m.TenGod), w.god(m.BranchTenGod)), w.t("car.grp."+strconv.Itoa(tenGodGroup(m.BranchTenGod))))
	case "relationships":
		key := "love.star.female"
		if f.male {
			key = "love.star.male"
		}
		d := &c.Pillars.Day
		w.para(base, w.t(key), w.t("love.palace", d.Branch, w.god(d.BranchTenGod)), w.t("palace."+strconv.Itoa(tenGodGroup(d.BranchTenGod))))
	case "wealth":
		w.para(base, w.t("fu.wealth", f.group[grpWealth]), w.t("w.luck."+strconv.Itoa(tenGodGroup(f.luck.pillarGod))))
	case "health":
		var shares []string
		for e := bazi.Element(0); e < 5; e++ {
			shares = append(shares, w.t("share", w.el(e), c.Elements.Percent.Get(e)))
		}
		w.para(base, w.t("hl.balance", strings.Join(shares, w.t("sep"))), w.t("hl.dm."+f.dmEl.Key()))
	default:
		topic = "general"
		if base != "" {
			w.para(base)
		}
	}
	picks := w.pickYears(bq)
	from, to := f.luck.year, f.luck.year+builtinYearsAhead-1
	intro := "fy.years." + topic
	if topic == "career" && !bq.change {
		intro += ".stay"
	}
	if len(picks) == 0 {
		w.para(w.t("fy.years.none", from, to))
	} else {
		w.para(w.t(intro, from, to))
		var items []string
		for _, p := range picks {
			item := w.t("fy.item", p.year, w.gz(p.gz), w.god(p.god), w.luckPhrase(p.year), w.t("theme."+p.god.Key()))
			items = append(items, w.sentences(append([]string{item}, p.reasons...)...))
		}
		w.list(items)
	}
	if topic == "health" {
		w.para(w.t("hl.disclaimer"))
	}
}
