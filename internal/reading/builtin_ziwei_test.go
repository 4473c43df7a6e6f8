package reading

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/ziwei"
)

func zwBoard(t testing.TB, y, m, d, h int, g bazi.Gender) *ziwei.Board {
	t.Helper()
	b, err := ziwei.Compute(ziwei.Birth{Year: y, Month: m, Day: d, Hour: h, Gender: g}, ziwei.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zwTestBoard is the board of 2000-08-16 寅时, female: 命宫 午 with 紫微
// (庙), 命主 破军, 身宫 戌 in 官禄, 木三局, year stem 庚.
func zwTestBoard(t testing.TB) *ziwei.Board { return zwBoard(t, 2000, 8, 16, 3, bazi.Female) }

func zwRequest(b *ziwei.Board, h *ziwei.Horoscope, lang i18n.Lang) Request {
	return Request{Topic: TopicZiwei, Board: b, Horoscope: h, Lang: lang, Now: builtinNow}
}

// zwW is a writer of the Zi Wei tables in lang, for building expected text.
func zwW(lang i18n.Lang) *builtinWriter {
	return newBuiltinWriter(Request{Topic: TopicZiwei, Board: &ziwei.Board{}, Lang: lang})
}

// zwSection returns the text of the section under heading h ("" when absent).
func zwSection(s, h string) string {
	i := strings.Index(s, "## "+h+"\n")
	if i < 0 {
		return ""
	}
	rest := s[i+3+len(h):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestZiweiTestBoard(t *testing.T) {
	b := zwTestBoard(t)
	p := &b.Palaces[b.SoulIndex()]
	if b.Soul.String() != "午" || b.SoulStar != ziwei.StarPojunMaj || len(p.Major) != 1 || p.Major[0].ID != ziwei.StarZiweiMaj || p.Major[0].Brightness != ziwei.Miao {
		t.Fatalf("test board changed: 命宫 %s, 命主 %s, stars %+v", b.Soul, b.SoulStar, p.Major)
	}
}

// TestZiweiBuiltinAllLanguages: the reading of the test board, in every
// language, with and without the year's overlay, names the 命宫 star
// with its brightness in the 命宫 section, 命主 破军, the stars of 财帛
// 官禄 夫妻 in their sections and the four 化 with their palaces.
func TestZiweiBuiltinAllLanguages(t *testing.T) {
	b := zwTestBoard(t)
	h := b.Horoscope(2026)
	for _, lang := range i18n.Langs {
		for _, hp := range []*ziwei.Horoscope{nil, &h} {
			id := fmt.Sprintf("%s/horoscope=%v", lang, hp != nil)
			s := builtinText(t, zwRequest(b, hp, lang))
			w := zwW(lang)
			if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Errorf("%s: missing phrase or bad verb:\n%s", id, s)
			}
			if !strings.HasPrefix(s, builtinPhrases[lang]["label"]+"\n\n## "+w.t("title")+"\n") {
				t.Errorf("%s: not labelled and titled: %.120q", id, s)
			}
			if lang == i18n.English {
				if n := len(strings.Fields(s)); n < 600 {
					t.Errorf("%s: %d words", id, n)
				}
			} else if n := builtinLetterCount(s); n < 1000 {
				t.Errorf("%s: %d characters", id, n)
			}
			soul := zwSection(s, w.t("soul.h"))
			ziweiStar := w.zwStar(b.Palaces[b.SoulIndex()].Major[0])
			for _, want := range []string{ziweiStar, w.t("soul.ziweiMaj"), w.t("bright.ziweiMaj"), w.t("at", w.zwPal(ziwei.PalaceSoul), "午", "壬午")} {
				if !strings.Contains(soul, want) {
					t.Errorf("%s: 命宫 section lacks %q:\n%s", id, want, soul)
				}
			}
			if lang == i18n.English && !strings.Contains(ziweiStar, "**Zi Wei** (紫微, Temple 庙)") ||
				lang.CJK() && !strings.Contains(ziweiStar, "**"+ziwei.StarZiweiMaj.NameIn(string(lang))+"**（"+ziwei.Miao.NameIn(string(lang))+"）") ||
				lang == i18n.Korean && !strings.Contains(ziweiStar, "**자미**(紫微, 묘(廟))") ||
				lang == i18n.Korean && w.zwHanzi(ziwei.StarPojunMaj) != "破軍" { // Korean Hanja are traditional
				t.Errorf("%s: 紫微 shown as %q", id, ziweiStar)
			}
			if !strings.Contains(s, w.t("starn", w.zwStarName(ziwei.StarPojunMaj), w.zwHanzi(ziwei.StarPojunMaj))) {
				t.Errorf("%s: 命主 破军 not named", id)
			}
			for _, c := range []struct {
				pal   ziwei.PalaceName
				stars []ziwei.StarID
			}{
				{ziwei.PalaceWealth, []ziwei.StarID{ziwei.StarWuquMaj, ziwei.StarTianxiangMaj}},
				{ziwei.PalaceCareer, []ziwei.StarID{ziwei.StarLianzhenMaj, ziwei.StarTianfuMaj}},
				{ziwei.PalaceSpouse, []ziwei.StarID{ziwei.StarQishaMaj}},
			} {
				sec := zwSection(s, w.t(zwKey(c.pal)+".h"))
				for _, st := range c.stars {
					if !strings.Contains(sec, w.t(zwKey(c.pal)+"."+st.Key())) {
						t.Errorf("%s: %s section lacks the text of %s", id, c.pal, st)
					}
				}
			}
			mut := zwSection(s, w.t("mut.h"))
			for _, c := range []struct {
				m   string
				pal ziwei.PalaceName
			}{{"lu", ziwei.PalaceChildren}, {"quan", ziwei.PalaceWealth}, {"ke", ziwei.PalaceFriends}, {"ji", ziwei.PalaceHealth}} {
				if !strings.Contains(mut, w.t("mut."+c.m+"."+zwKey(c.pal))) || !strings.Contains(mut, w.zwPal(c.pal)) {
					t.Errorf("%s: 化%s in %s missing:\n%s", id, c.m, c.pal, mut)
				}
			}
			body := zwSection(s, w.t("body.h"))
			if !strings.Contains(body, w.t("body.in.career")) {
				t.Errorf("%s: 身宫 in 官禄 not read:\n%s", id, body)
			}
			year := w.t("yr.h", 2026, "丙午")
			if got := strings.Contains(s, "## "+year+"\n"); got != (hp != nil) {
				t.Errorf("%s: year section present = %v", id, got)
			}
			if hp != nil {
				sec := zwSection(s, year)
				for _, want := range []string{
					w.t("ymut.ji", w.t("area.career")),                                          // 流年化忌 廉贞 in 官禄
					w.t("ymut.lu", w.t("area.health")),                                          // 流年化禄 天同 in 疾厄
					w.t("dec.in", w.zwPal(ziwei.PalaceSpouse), "辰", 23, 32, w.t("area.spouse")), // 大限 in 夫妻
					w.t("area.soul"), // 流年命宫 午 = natal 命宫
				} {
					if !strings.Contains(sec, want) {
						t.Errorf("%s: year section lacks %q:\n%s", id, want, sec)
					}
				}
			}
		}
	}
}

// zwEmptySoulBoard finds a board whose 命宫 has no major star.
func zwEmptySoulBoard(t testing.TB) *ziwei.Board {
	for d := 1; d <= 28; d++ {
		for h := 1; h < 24; h += 2 {
			b := zwBoard(t, 1988, 3, d, h, bazi.Male)
			if len(b.Palaces[b.SoulIndex()].Major) == 0 {
				return b
			}
		}
	}
	t.Fatal("no board with an empty 命宫")
	return nil
}

// TestZiweiBuiltinBorrowsOpposite: an empty 命宫 borrows the opposite
// palace's major stars, says so, and reads them.
func TestZiweiBuiltinBorrowsOpposite(t *testing.T) {
	b := zwEmptySoulBoard(t)
	o := &b.Palaces[zwOpposite(b.SoulIndex())]
	if len(o.Major) == 0 {
		t.Fatal("the opposite palace is empty too")
	}
	for _, lang := range i18n.Langs {
		s := builtinText(t, zwRequest(b, nil, lang))
		w := zwW(lang)
		soul := zwSection(s, w.t("soul.h"))
		want := []string{w.t("borrow", w.zwPal(o.Name), o.Branch.String(), w.zwStars(o.Major)), w.t("borrow.soul")}
		for _, st := range o.Major {
			want = append(want, w.t("soul."+st.ID.Key()))
		}
		for _, x := range want {
			if !strings.Contains(soul, x) {
				t.Errorf("%s: 命宫 section lacks %q:\n%s", lang, x, soul)
			}
		}
		if strings.Contains(soul, w.t("holds", w.zwStars(o.Major))) {
			t.Errorf("%s: an empty 命宫 is said to hold its borrowed stars", lang)
		}
		q := map[i18n.Lang]string{i18n.English: "hello", i18n.SimplifiedChinese: "你好", i18n.TraditionalChinese: "你好",
			i18n.Japanese: "こんにちは", i18n.Korean: "안녕하세요"}[lang]
		a := builtinText(t, Request{Board: b, Lang: lang, Question: q, Now: builtinNow})
		if !strings.Contains(a, w.t("fu.soul.borrow", b.Soul.String(), w.zwStars(o.Major), w.zwPal(o.Name))) {
			t.Errorf("%s: the follow-up does not say 命宫 borrows:\n%s", lang, a)
		}
	}
}

func TestZiweiBuiltinDeterministic(t *testing.T) {
	for _, lang := range i18n.Langs {
		h := zwTestBoard(t).Horoscope(2026)
		a := builtinText(t, zwRequest(zwTestBoard(t), &h, lang))
		h2 := zwTestBoard(t).Horoscope(2026)
		if b := builtinText(t, zwRequest(zwTestBoard(t), &h2, lang)); a != b {
			t.Fatalf("%s: two runs differ", lang)
		}
		h3 := zwTestBoard(t).Horoscope(2030)
		if builtinText(t, zwRequest(zwTestBoard(t), &h3, lang)) == a {
			t.Errorf("%s: another year gives the same text", lang)
		}
		// Request.Now does not change the reading (only the overlay does).
		req := zwRequest(zwTestBoard(t), &h, lang)
		req.Now = req.Now.AddDate(3, 0, 0)
		if builtinText(t, req) != a {
			t.Errorf("%s: the reading depends on Request.Now", lang)
		}
	}
}

func TestZiweiBuiltinNeedsABoard(t *testing.T) {
	p := &Builtin{}
	if _, err := p.Text(Request{Topic: TopicZiwei, Lang: i18n.English}); !errors.Is(err, ErrNoChart) {
		t.Errorf("ziwei without a board: %v", err)
	}
	// A chart does not stand in for the board.
	if _, err := p.Text(Request{Topic: TopicZiwei, Chart: builtinChart(t, "1990-05-17", "14:30", "male"), Lang: i18n.English}); !errors.Is(err, ErrNoChart) {
		t.Errorf("ziwei with a chart but no board: %v", err)
	}
	// A board alone is enough, whatever the topic says.
	s, err := p.Text(Request{Board: zwTestBoard(t), Lang: i18n.English})
	if err != nil || !strings.Contains(s, phrasesEN["label"]) {
		t.Errorf("board without chart: %v", err)
	}
	if _, err := p.Text(Request{Board: &ziwei.Board{}, Lang: i18n.English}); !errors.Is(err, ErrNoChart) {
		t.Errorf("a zero board: %v", err)
	}
	if sys, _ := BuildPrompt(Request{Board: &ziwei.Board{}, Lang: i18n.English}); !strings.Contains(sys, "board: unavailable") {
		t.Error("the prompt of a zero board does not say it is unavailable")
	}
	if _, err := p.Text(Request{Topic: TopicOverall, Lang: i18n.English}); !errors.Is(err, ErrNoChart) {
		t.Errorf("nothing set: %v", err)
	}
	var got strings.Builder
	if _, err := p.Stream(context.Background(), zwRequest(zwTestBoard(t), nil, i18n.SimplifiedChinese), func(x string) error {
		got.WriteString(x)
		return nil
	}); err != nil || got.String() != builtinText(t, zwRequest(zwTestBoard(t), nil, i18n.SimplifiedChinese)) {
		t.Errorf("stream: %v", err)
	}
}

func TestZiweiPhraseTablesAgree(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		tab := builtinZiweiPhrases[lang]
		for k := range zwPhrasesEN {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for k := range tab {
			if _, ok := zwPhrasesEN[k]; !ok {
				t.Errorf("%s has %q, English does not", lang, k)
			}
		}
	}
	for _, lang := range i18n.Langs {
		if builtinZiweiPhrases[lang]["label"] != builtinPhrases[lang]["label"] {
			t.Errorf("%s: the Zi Wei reading opens with another label than the BaZi one", lang)
		}
	}
}

// zwMajorMinor enumerates the engine's 14 major and 14 minor stars.
func zwMajorMinor(t *testing.T) (major, minor []ziwei.StarID) {
	for s := ziwei.StarID(1); int(s) < ziwei.NumStars; s++ {
		switch {
		case s.Kind() == ziwei.KindMajor:
			major = append(major, s)
		case strings.HasSuffix(s.Key(), "Min"):
			minor = append(minor, s)
		}
	}
	if len(major) != 14 || len(minor) != 14 {
		t.Fatalf("found %d major and %d minor stars, want 14 and 14", len(major), len(minor))
	}
	return major, minor
}

// zwSweep computes boards over every month and 时辰 of a few years, both
// genders.
func zwSweep(t *testing.T, years []int) []*ziwei.Board {
	var out []*ziwei.Board
	for _, y := range years {
		for m := 1; m <= 12; m++ {
			for h := 0; h < 24; h += 2 {
				for _, g := range []bazi.Gender{bazi.Female, bazi.Male} {
					d := 1 + (m*7+h)%28
					out = append(out, zwBoard(t, y, m, d, h, g))
				}
			}
		}
	}
	return out
}

// TestZiweiBuiltinConsistency: every star, palace, brightness, mutagen,
// five-element class and 身宫 position the engine can produce has its
// phrases in every language, the Chinese star names are the engine's, and
// many boards, years and questions give text with no missing phrase.
func TestZiweiBuiltinConsistency(t *testing.T) {
	major, minor := zwMajorMinor(t)
	need := map[string]bool{}
	for _, s := range major {
		for _, p := range []string{"star.", "core.", "soul.", "wealth.", "career.", "spouse.", "bright.", "dim."} {
			need[p+s.Key()] = true
		}
	}
	for _, s := range minor {
		need["star."+s.Key()] = true
		need["core."+s.Key()] = true
	}
	for n := ziwei.PalaceSoul; n <= ziwei.PalaceParents; n++ {
		if zwKey(n) == "" {
			t.Fatalf("palace %d has no key", n)
		}
		need["pal."+zwKey(n)] = true
		need["area."+zwKey(n)] = true
		for m := ziwei.Lu; m <= ziwei.Ji; m++ {
			need["mut."+zwMutagenKeys[m]+"."+zwKey(n)] = true
		}
	}
	if ziwei.PalaceName(12).NameIn("en") != "" {
		t.Error("the engine has more than twelve palaces")
	}
	for br := ziwei.Miao; br <= ziwei.Xian; br++ {
		need["br."+zwBrightKeys[br]] = true
	}
	if (ziwei.Xian + 1).NameIn("en") != "" {
		t.Error("the engine has more brightness levels than 庙…陷")
	}
	for m := ziwei.Lu; m <= ziwei.Ji; m++ {
		need["mut.short."+zwMutagenKeys[m]] = true
		need["mut.name."+zwMutagenKeys[m]] = true
		need["ymut."+zwMutagenKeys[m]] = true
	}
	if (ziwei.Ji + 1).NameIn("en") != "" {
		t.Error("the engine has more mutagens than 禄权科忌")
	}
	boards := zwSweep(t, []int{1950, 1977, 1988, 2000, 2023})
	for _, b := range boards {
		need["cls."+fmt.Sprint(b.Class.Number())] = true
		need["body.in."+zwKey(b.Palaces[b.BodyIndex()].Name)] = true
		for i := range b.Palaces {
			for _, s := range b.Palaces[i].Adjective {
				if s.Kind == ziwei.KindFlower {
					need["star."+s.ID.Key()] = true
				}
			}
		}
	}
	for _, lang := range i18n.Langs {
		tab := builtinZiweiPhrases[lang]
		for k := range need {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		if lang != i18n.English {
			for _, s := range append(append([]ziwei.StarID{}, major...), minor...) {
				if got, want := tab["star."+s.Key()], s.NameIn(string(lang)); got != want {
					t.Errorf("%s star.%s = %q, engine says %q", lang, s.Key(), got, want)
				}
			}
			for n := ziwei.PalaceSoul; n <= ziwei.PalaceParents; n++ {
				if got := tab["pal."+zwKey(n)]; !strings.HasPrefix(got, n.NameIn(string(lang))) {
					t.Errorf("%s pal.%s = %q, engine says %q", lang, zwKey(n), got, n.NameIn(string(lang)))
				}
			}
		}
	}

	questions := []string{"career?", "我的财运如何？", "感情呢", "健康怎樣？", "my parents", "兄弟姐妹", "孩子", "home", "travel abroad",
		"朋友", "心情", "命宫", "next year?", "2031年如何", "大限", "anything else?"}
	for k, b := range boards {
		if k%7 != 0 {
			continue
		}
		lang := i18n.Langs[k%3]
		for _, y := range []int{0, b.Birth.Year - 1, b.Birth.Year + 3, 2026, b.Birth.Year + 130} {
			req := zwRequest(b, nil, lang)
			if y != 0 {
				h := b.Horoscope(y)
				req.Horoscope = &h
			}
			texts := []string{builtinText(t, req)}
			for _, q := range questions {
				req.Question = q
				texts = append(texts, builtinText(t, req))
			}
			for _, s := range texts {
				if strings.Contains(s, "[[") || strings.Contains(s, "%!") || strings.Contains(s, "****") {
					t.Fatalf("%v %s year %d: missing phrase, bad verb or empty bold:\n%s", b.Birth, lang, y, s)
				}
			}
		}
	}
}

// TestZiweiTraditionalHasNoSimplified: the zh-Hant table and the texts
// built from it use traditional characters.
func TestZiweiTraditionalHasNoSimplified(t *testing.T) {
	check := func(id, s string) {
		t.Helper()
		for _, r := range s {
			if strings.ContainsRune(builtinSimplifiedOnly+"庙权禄阴军杀贞机门辅钺罗铃马鸾宫迁仆虚岁", r) {
				i := strings.IndexRune(s, r)
				t.Errorf("%s: simplified %q in …%s…", id, r, s[max(0, i-30):min(len(s), i+30)])
				return
			}
		}
	}
	for k, v := range zwPhrasesZhHant {
		check("phrase "+k, v)
	}
	b := zwTestBoard(t)
	h := b.Horoscope(2026)
	req := zwRequest(b, &h, i18n.TraditionalChinese)
	check("reading", builtinText(t, req))
	for _, q := range []string{"我的事業如何？", "財運？", "父母", "今年怎樣？", "隨便聊聊"} {
		req.Question = q
		check(q, builtinText(t, req))
	}
}

func TestZiweiQuestion(t *testing.T) {
	cases := []struct {
		q    string
		kind string
		pal  ziwei.PalaceName
		year int
	}{
		{"How is my career looking?", "palace", ziwei.PalaceCareer, 0},
		{"我的工作怎么样？", "palace", ziwei.PalaceCareer, 0},
		{"What about money?", "palace", ziwei.PalaceWealth, 0},
		{"財運如何", "palace", ziwei.PalaceWealth, 0},
		{"Will I find love?", "palace", ziwei.PalaceSpouse, 0},
		{"我的男朋友", "palace", ziwei.PalaceSpouse, 0},
		{"婚姻呢？", "palace", ziwei.PalaceSpouse, 0},
		{"Anything about my health?", "palace", ziwei.PalaceHealth, 0},
		{"How are things with my parents?", "palace", ziwei.PalaceParents, 0},
		{"我和妈妈的关系", "palace", ziwei.PalaceParents, 0},
		{"my brother and sister", "palace", ziwei.PalaceSiblings, 0},
		{"兄弟姐妹", "palace", ziwei.PalaceSiblings, 0},
		{"Will I have children?", "palace", ziwei.PalaceChildren, 0},
		{"孩子的学业", "palace", ziwei.PalaceChildren, 0},
		{"Should I buy a house?", "palace", ziwei.PalaceProperty, 0},
		{"买房好吗", "palace", ziwei.PalaceProperty, 0},
		{"Should I move abroad?", "palace", ziwei.PalaceSurface, 0},
		{"出國發展", "palace", ziwei.PalaceSurface, 0},
		{"How are my friends?", "palace", ziwei.PalaceFriends, 0},
		{"朋友多吗", "palace", ziwei.PalaceFriends, 0},
		{"How can I find peace of mind?", "palace", ziwei.PalaceSpirit, 0},
		{"最近心情不好", "palace", ziwei.PalaceSpirit, 0},
		{"我的命宫", "palace", ziwei.PalaceSoul, 0},
		{"福德宫代表什么", "palace", ziwei.PalaceSpirit, 0},
		{"What about next year?", "year", 0, 2027},
		{"今年运势如何？", "year", 0, 2026},
		{"2031年呢", "year", 0, 2031},
		{"How is my career next year?", "palace", ziwei.PalaceCareer, 2027},
		{"我的大限", "decade", 0, 0},
		{"this decade?", "decade", 0, 0},
		{"A person I know, for some reason", "", 0, 0},
		{"Tell me more", "", 0, 0},
	}
	for _, tc := range cases {
		got := ziweiQuestion(tc.q, 2026)
		want := ziweiAsk{kind: tc.kind, pal: tc.pal, year: tc.year}
		if got != want {
			t.Errorf("%q: got %+v, want %+v", tc.q, got, want)
		}
	}
}

// TestZiweiFollowUpAnswersFromThePalace: the answer reads the palace the
// question is about, in the question's language setting, with the year.
func TestZiweiFollowUpAnswersFromThePalace(t *testing.T) {
	b := zwTestBoard(t)
	h := b.Horoscope(2026)
	full := map[i18n.Lang]int{}
	for _, lang := range i18n.Langs {
		full[lang] = len(builtinText(t, zwRequest(b, &h, lang)))
	}
	cases := []struct {
		lang  i18n.Lang // the page's
		q     string
		want  i18n.Lang // the answer's
		pal   ziwei.PalaceName
		stars []ziwei.StarID
	}{
		{i18n.English, "How is my career?", i18n.English, ziwei.PalaceCareer, []ziwei.StarID{ziwei.StarLianzhenMaj, ziwei.StarTianfuMaj}},
		{i18n.SimplifiedChinese, "我的财运如何？", i18n.SimplifiedChinese, ziwei.PalaceWealth, []ziwei.StarID{ziwei.StarWuquMaj, ziwei.StarTianxiangMaj}},
		{i18n.TraditionalChinese, "感情呢？", i18n.TraditionalChinese, ziwei.PalaceSpouse, []ziwei.StarID{ziwei.StarQishaMaj}},
		{i18n.English, "健康方面要注意什么？", i18n.SimplifiedChinese, ziwei.PalaceHealth, []ziwei.StarID{ziwei.StarTiantongMaj, ziwei.StarJumenMaj}},
		{i18n.SimplifiedChinese, "How are my parents?", i18n.English, ziwei.PalaceParents, []ziwei.StarID{ziwei.StarTiantongMaj, ziwei.StarJumenMaj}},
		{i18n.English, "my siblings?", i18n.English, ziwei.PalaceSiblings, []ziwei.StarID{ziwei.StarTianjiMaj}},
		{i18n.TraditionalChinese, "孩子們好嗎", i18n.TraditionalChinese, ziwei.PalaceChildren, []ziwei.StarID{ziwei.StarTaiyangMaj, ziwei.StarTianliangMaj}},
		{i18n.English, "Should I buy a home?", i18n.English, ziwei.PalaceProperty, []ziwei.StarID{ziwei.StarTaiyangMaj, ziwei.StarTianliangMaj}},
		{i18n.SimplifiedChinese, "适合出国吗", i18n.SimplifiedChinese, ziwei.PalaceSurface, []ziwei.StarID{ziwei.StarTanlangMaj}},
		{i18n.English, "What about my friends?", i18n.English, ziwei.PalaceFriends, []ziwei.StarID{ziwei.StarTaiyinMaj}},
		{i18n.SimplifiedChinese, "内心如何平静", i18n.SimplifiedChinese, ziwei.PalaceSpirit, []ziwei.StarID{ziwei.StarPojunMaj}},
	}
	for _, tc := range cases {
		req := zwRequest(b, &h, tc.lang)
		req.Question = tc.q
		req.History = []Message{{Role: "assistant", Content: "earlier reading"}}
		a := builtinText(t, req)
		w := zwW(tc.want)
		i := ziweiPalaceIndex(b, tc.pal)
		p := &b.Palaces[i]
		if !strings.HasPrefix(a, w.t("fu.open")) || !strings.Contains(a, w.t("fu.note")) {
			t.Errorf("%q: not answered in %s with the honest note:\n%s", tc.q, tc.want, a)
		}
		for _, want := range []string{w.t("at", w.zwPal(tc.pal), p.Branch.String(), zwGZ(p)), w.t("fz.pal", w.zwPal(tc.pal), w.t("area."+zwKey(tc.pal)))} {
			if !strings.Contains(a, want) {
				t.Errorf("%q: answer lacks %q:\n%s", tc.q, want, a)
			}
		}
		for _, st := range tc.stars {
			if !strings.Contains(a, w.zwStarName(st)) {
				t.Errorf("%q: answer does not name %s", tc.q, st)
			}
		}
		// Only that palace is read.
		for n := ziwei.PalaceSoul; n <= ziwei.PalaceParents; n++ {
			q := &b.Palaces[ziweiPalaceIndex(b, n)]
			if n != tc.pal && strings.Contains(a, w.t("at", w.zwPal(n), q.Branch.String(), zwGZ(q))) {
				t.Errorf("%q: answer also reads %s", tc.q, n)
			}
		}
		if len(p.Major) == 0 && !strings.Contains(a, w.t("borrow.note")) {
			t.Errorf("%q: the empty %s does not say it borrows", tc.q, tc.pal)
		}
		if tc.pal == ziwei.PalaceHealth && !strings.Contains(a, w.t("fz.health")) {
			t.Errorf("%q: no health disclaimer", tc.q)
		}
		if len(a)*2 > full[tc.want] {
			t.Errorf("%q: the answer is not short (%d vs %d bytes)", tc.q, len(a), full[tc.want])
		}
		if a != builtinText(t, req) {
			t.Errorf("%q: not deterministic", tc.q)
		}
	}

	ask := func(lang i18n.Lang, q string) string {
		req := zwRequest(b, &h, lang)
		req.Question = q
		return builtinText(t, req)
	}
	en := zwW(i18n.English)
	// The year's 化忌 on 廉贞 lands in 官禄: a career question says so.
	if a := ask(i18n.English, "career?"); !strings.Contains(a, en.t("fz.year.mut", 2026, en.t("mut.name.ji"), en.zwStarName(ziwei.StarLianzhenMaj), en.t("ymut.ji", en.t("area.career")))) {
		t.Errorf("career answer misses the year's 化忌:\n%s", a)
	}
	// Next year's overlay is computed from the board.
	h27 := b.Horoscope(2027)
	if a := ask(i18n.English, "What about next year?"); !strings.Contains(a, en.t("yr.lead", 2027, "丁未")) ||
		!strings.Contains(a, en.t("yr.pal", "未", en.zwPal(ziwei.PalaceParents), en.t("area.parents"))) || h27.Yearly.Branch.String() != "未" {
		t.Errorf("next-year answer:\n%s", a)
	}
	zh := zwW(i18n.SimplifiedChinese)
	if a := ask(i18n.SimplifiedChinese, "今年运势如何？"); !strings.Contains(a, zh.t("yr.lead", 2026, "丙午")) || strings.Contains(a, "\n## ") {
		t.Errorf("this-year answer:\n%s", a)
	}
	if a := ask(i18n.SimplifiedChinese, "我的大限如何"); !strings.Contains(a, zh.t("dec.in", zh.zwPal(ziwei.PalaceSpouse), "辰", 23, 32, zh.t("area.spouse"))) ||
		!strings.Contains(a, zh.t("fz.dec.next", 33, zh.zwPal(ziwei.PalaceChildren), "卯", zh.t("area.children"))) {
		t.Errorf("decade answer:\n%s", a)
	}
	// Without a horoscope or a clock, a year question says how to get one.
	req := Request{Board: b, Lang: i18n.English, Question: "this year?"}
	if a := builtinText(t, req); !strings.Contains(a, en.t("fz.noyear")) {
		t.Errorf("no-year answer:\n%s", a)
	}
}

// Japanese and Korean follow-ups find the palace they ask about.
func TestZiweiFollowUpPalacesInJapaneseAndKorean(t *testing.T) {
	for q, want := range map[string]ziwei.PalaceName{
		"両親との関係は？":     ziwei.PalaceParents,
		"友達運はどうですか":    ziwei.PalaceFriends,
		"부모님과의 관계는요?":  ziwei.PalaceParents,
		"이사해도 될까요?":    ziwei.PalaceSurface,
		"관록궁을 설명해 주세요": ziwei.PalaceCareer,
	} {
		if a := ziweiQuestion(q, 2026); a.kind != "palace" || a.pal != want {
			t.Errorf("%q: %+v, want palace %v", q, a, want)
		}
	}
}
