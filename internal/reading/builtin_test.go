package reading

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/i18n"
)

var builtinNow = time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)

func builtinChart(t testing.TB, date, tm, gender string) *bazi.Chart {
	t.Helper()
	in, err := bazi.Request{Date: date, Time: tm, TZ: "Asia/Shanghai", Gender: gender}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := bazi.Compute(in, builtinNow)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// builtinCharts are real charts of different shapes: strong and weak day
// masters, both genders, summer and winter, one without the hour.
func builtinCharts(t testing.TB) map[string]*bazi.Chart {
	return map[string]*bazi.Chart{
		"1990-05-17 male":    builtinChart(t, "1990-05-17", "14:30", "male"),
		"1985-12-03 female":  builtinChart(t, "1985-12-03", "08:10", "female"),
		"1978-08-20 female":  builtinChart(t, "1978-08-20", "23:30", "female"),
		"2001-02-10 male":    builtinChart(t, "2001-02-10", "06:00", "male"),
		"1964-03-09 no hour": builtinChart(t, "1964-03-09", "", "female"),
		"2025-09-01 child":   builtinChart(t, "2025-09-01", "12:00", "male"),
		"1900-01-15 past":    builtinChart(t, "1900-01-15", "04:00", "male"),
	}
}

func builtinSortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

func builtinText(t testing.TB, req Request) string {
	t.Helper()
	s, err := (&Builtin{}).Text(req)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func builtinHanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// builtinLetterCount counts the letters of a CJK text: Han, kana and
// Hangul syllables (a Japanese text spells much in kana, a Korean one in
// Hangul).
func builtinLetterCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
			n++
		}
	}
	return n
}

func TestBuiltinNames(t *testing.T) {
	p := NewBuiltin()
	if p.Name() != "builtin" || p.Model() != "builtin-v1" {
		t.Fatalf("got %q %q", p.Name(), p.Model())
	}
	if _, err := p.Stream(context.Background(), Request{Topic: TopicOverall}, func(string) error { return nil }); !errors.Is(err, ErrNoChart) {
		t.Fatalf("no chart: err = %v", err)
	}
}

func TestBuiltinPhraseTablesAgree(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.SimplifiedChinese, i18n.TraditionalChinese} {
		tab := builtinPhrases[lang]
		for k := range phrasesEN {
			if strings.TrimSpace(tab[k]) == "" {
				t.Errorf("%s lacks %q", lang, k)
			}
		}
		for k := range tab {
			if _, ok := phrasesEN[k]; !ok {
				t.Errorf("%s has %q, English does not", lang, k)
			}
		}
	}
}

// TestBuiltinAllTopicsAllLanguages: every topic in every language is a
// substantial text that names the day master and the favourable elements,
// is labelled, and has no missing phrase or bad format verb.
func TestBuiltinAllTopicsAllLanguages(t *testing.T) {
	charts := builtinCharts(t)
	for _, name := range builtinSortedKeys(charts) {
		c := charts[name]
		for _, lang := range i18n.Langs {
			for _, topic := range Topics {
				req := Request{Chart: c, Topic: topic, Lang: lang, Now: builtinNow}
				s := builtinText(t, req)
				id := name + "/" + string(lang) + "/" + string(topic)
				if strings.Contains(s, "[[") || strings.Contains(s, "%!") {
					t.Errorf("%s: missing phrase or bad verb:\n%s", id, s)
				}
				label := map[i18n.Lang]string{i18n.English: "*Written by BaZi Master's built-in reader.*",
					i18n.SimplifiedChinese: "*由八字大师内置解读生成。*", i18n.TraditionalChinese: "*由八字大師內建解讀生成。*",
					i18n.Japanese: "*BaZi Masterの内蔵リーダーによる鑑定です。*", i18n.Korean: "*BaZi Master 내장 리더가 작성한 풀이입니다.*"}[lang]
				if !strings.HasPrefix(s, label+"\n") {
					t.Errorf("%s: not labelled: %.80q", id, s)
				}
				if lang == i18n.English {
					if n := len(strings.Fields(s)); n < 300 {
						t.Errorf("%s: %d words, want ≥ 300", id, n)
					}
				} else if n := builtinLetterCount(s); n < 500 {
					t.Errorf("%s: %d characters, want ≥ 500", id, n)
				}
				if !strings.Contains(s, "**"+c.DayMaster.Char+"**") {
					t.Errorf("%s: day master %s not named", id, c.DayMaster.Char)
				}
				for _, e := range c.Favourable.Elements {
					if !strings.Contains(s, builtinPhrases[lang]["el."+e.Key()]) {
						t.Errorf("%s: favourable %s not named", id, e.Key())
					}
				}
				fav := newBuiltinWriter(req).els(c.Favourable.Elements)
				if !strings.Contains(s, "**"+fav+"**") {
					t.Errorf("%s: favourable list %q missing", id, fav)
				}
				if !strings.Contains(s, "## "+builtinPhrases[lang]["title."+string(topic)]) {
					t.Errorf("%s: no topic title", id)
				}
			}
		}
	}
}

func TestBuiltinDeterministic(t *testing.T) {
	c := builtinChart(t, "1985-12-03", "08:10", "female")
	for _, lang := range i18n.Langs {
		seen := map[string]Topic{}
		for _, topic := range Topics {
			req := Request{Chart: c, Topic: topic, Lang: lang, Now: builtinNow}
			a := builtinText(t, req)
			// A fresh chart computed again must give the same text too.
			req.Chart = builtinChart(t, "1985-12-03", "08:10", "female")
			if b := builtinText(t, req); a != b {
				t.Fatalf("%s/%s: two runs differ", lang, topic)
			}
			if prev, dup := seen[a]; dup {
				t.Errorf("%s: topics %s and %s give the same text", lang, prev, topic)
			}
			seen[a] = topic
		}
	}
	// Topic-specific sections.
	sections := map[Topic]string{TopicCareer: "car.h", TopicRelationships: "love.h", TopicWealth: "w.h", TopicHealth: "hl.h", TopicYear: "ym.h", TopicOverall: "tg.h"}
	for topic, key := range sections {
		s := builtinText(t, Request{Chart: c, Topic: topic, Lang: i18n.English, Now: builtinNow})
		if !strings.Contains(s, "## "+phrasesEN[key]+"\n") && !strings.Contains(s, "## "+strings.SplitN(phrasesEN[key], "%", 2)[0]) {
			t.Errorf("topic %s: no section %q", topic, key)
		}
		for other, okey := range sections {
			has := strings.Contains(s, "## "+phrasesEN[okey]+"\n")
			if has != (other == topic) {
				t.Errorf("topic %s: section %q present = %v", topic, okey, has)
			}
		}
	}
	if s := builtinText(t, Request{Chart: c, Topic: TopicHealth, Lang: i18n.English, Now: builtinNow}); !strings.Contains(s, "not medical advice") {
		t.Error("health reading does not say it is not medical advice")
	}
}

// builtinSimplifiedOnly are common characters that traditional text never uses.
const builtinSimplifiedOnly = "发财运与关系岁体这时会们为国过对说来个没让进还么学应实现样经动开间问题长从当几给头见书东车边气杀伤强阴阳盘贵产业钱轻养乐万于后师处带变热专写认识选择压觉导轮织谁总历际"

func TestBuiltinTraditionalHasNoSimplified(t *testing.T) {
	charts := builtinCharts(t)
	check := func(id, s string) {
		for _, r := range s {
			if strings.ContainsRune(builtinSimplifiedOnly, r) {
				i := strings.IndexRune(s, r)
				t.Errorf("%s: simplified %q in …%s…", id, r, s[max(0, i-30):min(len(s), i+30)])
				return
			}
		}
	}
	for _, name := range builtinSortedKeys(charts) {
		for _, topic := range Topics {
			check(name+"/"+string(topic), builtinText(t, Request{Chart: charts[name], Topic: topic, Lang: i18n.TraditionalChinese, Now: builtinNow}))
		}
		for _, q := range []string{"我的事業如何？", "感情呢？", "財運？", "健康要注意什麼？", "今年怎樣？", "隨便聊聊"} {
			check(name+"/"+q, builtinText(t, Request{Chart: charts[name], Lang: i18n.TraditionalChinese, Question: q, Now: builtinNow}))
		}
	}
	for k, v := range phrasesZhHant {
		check("phrase "+k, v)
	}
}

func TestBuiltinStreamPieces(t *testing.T) {
	c := builtinChart(t, "1990-05-17", "14:30", "male")
	for _, lang := range i18n.Langs {
		req := Request{Chart: c, Topic: TopicOverall, Lang: lang, Now: builtinNow}
		want := builtinText(t, req)
		var pieces []string
		u, err := NewBuiltin().Stream(context.Background(), req, func(s string) error {
			pieces = append(pieces, s)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(pieces, ""); got != want {
			t.Fatalf("%s: pieces do not make up the text", lang)
		}
		if len(pieces) < 200 {
			t.Errorf("%s: only %d pieces", lang, len(pieces))
		}
		for _, p := range pieces {
			if p == "" {
				t.Fatalf("%s: empty piece", lang)
			}
			if !lang.CJK() { // English and Korean stream word by word
				if n := len(strings.Fields(p)); n > 1 {
					t.Errorf("%s piece %q has %d words", lang, p, n)
				}
			} else if n := builtinLetterCount(p); n > 4 {
				t.Errorf("%s piece %q has %d characters", lang, p, n)
			}
		}
		if u.CompletionTokens != EstimateTokens(want) || u.CompletionTokens == 0 {
			t.Errorf("%s: usage %+v, want %d completion tokens", lang, u, EstimateTokens(want))
		}
	}
}

func TestBuiltinStopsWhenEmitFails(t *testing.T) {
	c := builtinChart(t, "1990-05-17", "14:30", "male")
	gone := errors.New("browser left")
	calls, after := 0, 0
	failed := false
	_, err := NewBuiltin().Stream(context.Background(), Request{Chart: c, Topic: TopicCareer, Lang: i18n.SimplifiedChinese, Now: builtinNow}, func(string) error {
		if failed {
			after++
		}
		calls++
		if calls == 5 {
			failed = true
			return gone
		}
		return nil
	})
	if !errors.Is(err, gone) {
		t.Fatalf("err = %v, want the emit error", err)
	}
	if after != 0 || calls != 5 {
		t.Fatalf("calls = %d, after the error = %d", calls, after)
	}
}

func TestBuiltinStopsOnCancel(t *testing.T) {
	c := builtinChart(t, "1990-05-17", "14:30", "male")
	req := Request{Chart: c, Topic: TopicOverall, Lang: i18n.English, Now: builtinNow}

	ctx, cancel := context.WithCancel(context.Background())
	calls, after := 0, 0
	u, err := NewBuiltin().Stream(ctx, req, func(string) error {
		calls++
		if calls > 3 {
			after++
		}
		if calls == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || after != 0 {
		t.Fatalf("err = %v, emits after cancel = %d", err, after)
	}
	if u.CompletionTokens == 0 || u.CompletionTokens >= EstimateTokens(builtinText(t, req)) {
		t.Errorf("usage after cancel = %+v", u)
	}

	// With a pace, a cancel during the wait returns at once.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	n := 0
	_, err = (&Builtin{Pace: time.Hour}).Stream(ctx, req, func(string) error { n++; return nil })
	if !errors.Is(err, context.Canceled) || n != 0 || time.Since(start) > 5*time.Second {
		t.Fatalf("paced cancel: err = %v, emits = %d, took %v", err, n, time.Since(start))
	}

	// An already-cancelled context emits nothing.
	n = 0
	if _, err := NewBuiltin().Stream(ctx, req, func(string) error { n++; return nil }); !errors.Is(err, context.Canceled) || n != 0 {
		t.Fatalf("cancelled before start: err = %v, emits = %d", err, n)
	}
}

func TestBuiltinPace(t *testing.T) {
	c := builtinChart(t, "1990-05-17", "14:30", "male")
	req := Request{Chart: c, Lang: i18n.English, Question: "career?", Now: builtinNow}
	const pace = 200 * time.Microsecond
	start := time.Now()
	n := 0
	if _, err := (&Builtin{Pace: pace}).Stream(context.Background(), req, func(string) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < time.Duration(n)*pace {
		t.Errorf("%d pieces took %v, want ≥ %v", n, el, time.Duration(n)*pace)
	}
}

func TestBuiltinWithoutHour(t *testing.T) {
	c := builtinChart(t, "1964-03-09", "", "female")
	if c.Pillars.Hour != nil {
		t.Fatal("expected a chart without the hour")
	}
	for _, lang := range i18n.Langs {
		s := builtinText(t, Request{Chart: c, Topic: TopicOverall, Lang: lang, Now: builtinNow})
		if !strings.Contains(s, builtinPhrases[lang]["nohour"]) {
			t.Errorf("%s: no note about the unknown hour", lang)
		}
	}
}

// TestBuiltinNow: the current year comes from Request.Now, not the clock.
func TestBuiltinNow(t *testing.T) {
	c := builtinChart(t, "1990-05-17", "14:30", "male")
	s := builtinText(t, Request{Chart: c, Topic: TopicYear, Lang: i18n.English, Now: time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)})
	if !strings.Contains(s, "This year, 2030, is a **庚戌** year") || !strings.Contains(s, "The year 2030 (庚戌)") {
		t.Errorf("2030 not read as 庚戌:\n%s", s)
	}
	// Before 立春 the ganzhi year is still the previous one.
	s = builtinText(t, Request{Chart: c, Topic: TopicYear, Lang: i18n.English, Now: time.Date(2030, 1, 20, 0, 0, 0, 0, time.UTC)})
	if !strings.Contains(s, "This year, 2029, is a **己酉** year") {
		t.Errorf("January 2030 not read as 己酉")
	}
	// The chart's own current luck is used for its own instant.
	s = builtinText(t, Request{Chart: c, Topic: TopicOverall, Lang: i18n.English, Now: builtinNow})
	if !strings.Contains(s, "**"+c.Luck.Current.LiuNianGanZhi+"** year") || !strings.Contains(s, "**"+c.Luck.Current.GanZhi+"** luck pillar") {
		t.Errorf("current luck %+v not used", c.Luck.Current)
	}
}

func TestBuiltinFollowUp(t *testing.T) {
	c := builtinChart(t, "1985-12-03", "08:10", "female")
	cases := []struct {
		lang  i18n.Lang
		q     string
		want  string // a phrase key the answer must contain (formatted prefix)
		topic string
	}{
		{i18n.English, "How is my career looking?", "car.h", "career"},
		{i18n.English, "Will I find love?", "love", "relationships"},
		{i18n.English, "What about money?", "wealth", "wealth"},
		{i18n.English, "Anything about my health?", "health", "health"},
		{i18n.English, "What does this year hold?", "year", "year"},
		{i18n.English, "Tell me more", "", ""},
		{i18n.SimplifiedChinese, "我的工作怎么样？", "", "career"},
		{i18n.SimplifiedChinese, "婚姻如何？", "", "relationships"},
		{i18n.SimplifiedChinese, "财运好吗？", "", "wealth"},
		{i18n.TraditionalChinese, "今年的流年如何？", "", "year"},
		{i18n.TraditionalChinese, "健康方面呢？", "", "health"},
	}
	for _, tc := range cases {
		if got := builtinFollowTopic(tc.q); got != tc.topic {
			t.Errorf("%q: topic %q, want %q", tc.q, got, tc.topic)
		}
		req := Request{Chart: c, Topic: TopicOverall, Lang: tc.lang, Question: tc.q, Now: builtinNow,
			History: []Message{{Role: "assistant", Content: "earlier reading"}}}
		a := builtinText(t, req)
		if a != builtinText(t, req) {
			t.Fatalf("%q: not deterministic", tc.q)
		}
		tab := builtinPhrases[tc.lang]
		if !strings.Contains(a, tab["fu.note"]) || !strings.HasPrefix(a, tab["fu.open"]) {
			t.Errorf("%q: no honest note:\n%s", tc.q, a)
		}
		if !strings.Contains(a, c.DayMaster.Char) || strings.Contains(a, "[[") || strings.Contains(a, "%!") {
			t.Errorf("%q: bad answer:\n%s", tc.q, a)
		}
		if full := builtinText(t, Request{Chart: c, Topic: TopicOverall, Lang: tc.lang, Now: builtinNow}); len(a)*2 > len(full) {
			t.Errorf("%q: answer is not short (%d vs %d bytes)", tc.q, len(a), len(full))
		}
		var sb strings.Builder
		u, err := NewBuiltin().Stream(context.Background(), req, func(s string) error { sb.WriteString(s); return nil })
		if err != nil || sb.String() != a || u.PromptTokens == 0 {
			t.Errorf("%q: stream err %v, usage %+v", tc.q, err, u)
		}
	}
	// Answers differ by topic.
	en := func(q string) string {
		return builtinText(t, Request{Chart: c, Lang: i18n.English, Question: q, Now: builtinNow})
	}
	if en("career?") == en("love?") || en("money?") == en("health?") {
		t.Error("follow-up answers do not depend on the question")
	}
	if !strings.Contains(en("money?"), "Wealth stars") || !strings.Contains(en("career?"), "palace of career") {
		t.Error("follow-up answers miss their facts")
	}
}

func TestEstimateTokens(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{{"", 0}, {"abcd", 1}, {"abcde", 2}, {"日主偏弱", 4}, {"日主 weak", 2 + 2}, {"你好，世界。", 6}} {
		if got := EstimateTokens(tc.s); got != tc.want {
			t.Errorf("EstimateTokens(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

func TestNextPiece(t *testing.T) {
	split := func(s string, zh bool) []string {
		var out []string
		for i := 0; s != ""; i++ {
			p := builtinPiece(s, zh, i)
			out = append(out, p)
			s = s[len(p):]
		}
		return out
	}
	got := split("## Day master\n\nYour day  master.\n- a", false)
	want := []string{"## ", "Day ", "master\n\n", "Your ", "day  ", "master.\n", "- ", "a"}
	if !slices.Equal(got, want) {
		t.Errorf("en: %q", got)
	}
	got = split("## 日主\n\n你的日主是**甲**，2026年AI服务。", true)
	if strings.Join(got, "") != "## 日主\n\n你的日主是**甲**，2026年AI服务。" {
		t.Fatalf("zh pieces lose text: %q", got)
	}
	for _, p := range got {
		if n := utf8.RuneCountInString(strings.TrimRight(p, "\n")); n > 6 && !strings.Contains(p, "2026") {
			t.Errorf("zh piece %q too long", p)
		}
		if strings.Contains(p, "202") && !strings.Contains(p, "2026") {
			t.Errorf("number split: %q", got)
		}
	}
}

func TestBuiltinRelationHelpers(t *testing.T) {
	br := func(s string) bazi.Branch { b, _ := bazi.ParseBranch(s); return b }
	st := func(s string) bazi.Stem { x, _ := bazi.ParseStem(s); return x }
	for _, tc := range []struct{ a, b, want string }{
		{"子", "午", "chong"}, {"巳", "亥", "chong"}, {"子", "丑", "he"}, {"卯", "戌", "he"},
		{"寅", "巳", "xing"}, {"子", "卯", "xing"}, {"午", "午", "xing"}, {"申", "辰", "sanhe"},
		{"亥", "未", "sanhe"}, {"子", "未", "hai"}, {"酉", "戌", "hai"}, {"寅", "寅", "same"}, {"子", "寅", ""},
	} {
		if got := builtinBranchRel(br(tc.a), br(tc.b)); got != tc.want {
			t.Errorf("%s%s = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
	if !biStemHe(st("甲"), st("己")) || !biStemHe(st("癸"), st("戊")) || biStemHe(st("甲"), st("庚")) {
		t.Error("stem combinations")
	}
	if !biStemClash(st("甲"), st("庚")) || !biStemClash(st("癸"), st("丁")) || biStemClash(st("丙"), st("庚")) || biStemClash(st("戊"), st("甲")) {
		t.Error("stem clashes")
	}
}
