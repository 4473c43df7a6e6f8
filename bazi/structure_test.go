package bazi

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// chartOf analyses four pillars given as text ("辛丑 癸酉 甲子 甲戌").
func chartOf(t *testing.T, s string) Analysis {
	t.Helper()
	f := strings.Fields(s)
	var gz [4]GanZhi
	for i, x := range f {
		g, ok := ParseGanZhi(x)
		if !ok {
			t.Fatalf("bad pillar %q", x)
		}
		gz[i] = g
	}
	return Analyze(Pillars{Year: gz[0], Month: gz[1], Day: gz[2], Hour: gz[3], HasHour: len(f) == 4})
}

// Textbook rules: each chart below is built to show the rule of the
// chapter cited, which is what the test holds the engine to; the charts
// the books print are in TestPatternPrintedCases.
func TestPatternTextbookRules(t *testing.T) {
	cases := []struct {
		pillars, cite   string
		name            string
		formed, rescued bool
		verdictRule     string
	}{
		// 《子平真诠·论正官》: 正官 from the month, shown, helped by 印: 成.
		{"辛丑 癸酉 甲子 甲戌", "子平真诠 论正官", "正官格", true, false, "pattern.form.guan_aid"},
		// 《子平真诠·论用神成败救应》: 官逢伤 is 破; 伤官见官 with 印 to restrain it is 救应.
		{"辛丑 丁酉 甲子 甲戌", "子平真诠 论用神成败救应", "正官格", false, false, "pattern.break.shang_guan"},
		{"辛丑 丁酉 甲子 壬申", "子平真诠 论用神成败救应", "正官格", true, true, "pattern.rescue.yin_shang"},
		// 《子平真诠·论偏官》: 七杀 controlled by 食神 (食神制杀) is formed.
		{"庚午 甲申 甲子 丙子", "子平真诠 论偏官", "七杀格", true, false, "pattern.form.sha_shi"},
		// 《子平真诠·论财》: 财 robbed by 比劫 with no 官 and no 食伤 is broken.
		{"乙亥 己丑 甲午 乙亥", "子平真诠 论财", "正财格", false, false, "pattern.break.bi_jie"},
		// 《子平真诠·论印绶》: 贪财坏印 without 劫财 to guard it is broken.
		{"己巳 丙子 甲辰 癸酉", "子平真诠 论印绶", "正印格", false, false, "pattern.break.cai_yin"},
		// 《子平真诠·论食神》: 枭神夺食 without 财 to restrain the 枭 is broken.
		{"丙寅 癸巳 甲子 壬申", "子平真诠 论食神", "食神格", false, false, "pattern.break.xiao_shi"},
		// 《子平真诠·论建禄月劫》: 禄 in the month, 官 shown to use: formed.
		{"辛未 庚寅 甲子 丙寅", "子平真诠 论建禄月劫", "建禄格", true, false, "pattern.form.lu_use"},
		// 《子平真诠·论杂格》 / 《滴天髓·化象》: 甲己 combine in an earth month, nothing breaks it.
		{"戊戌 己丑 甲戌 庚午", "滴天髓 化象", "化土格", true, false, "pattern.form.special"},
	}
	for _, c := range cases {
		a := chartOf(t, c.pillars)
		p := a.Structure.Pattern
		last := p.Rules()[len(p.Rules())-1].Key
		if p.Name != c.name || p.Formed != c.formed || p.Rescued != c.rescued || last != c.verdictRule {
			t.Errorf("%s (%s): got %s formed=%v rescued=%v last rule %s (%s); want %s formed=%v rescued=%v %s",
				c.pillars, c.cite, p.Name, p.Formed, p.Rescued, last, p.Reason(), c.name, c.formed, c.rescued, c.verdictRule)
		}
	}
}

// TestSpecialPatterns checks the special patterns are found first where
// their conditions hold (《滴天髓》 从象, 一行得气; 《子平真诠·论杂格》).
func TestSpecialPatterns(t *testing.T) {
	cases := []struct{ pillars, key string }{
		{"壬寅 癸卯 甲寅 甲子", "qu_zhi"},   // 曲直: wood rules the 卯 month, no metal anywhere
		{"己丑 戊戌 甲戌 丙戌", "cong_cai"}, // 从财: rootless 甲 among earth, no 比劫 or 印 shown
		{"庚申 甲申 甲申 庚午", ""},         // 比劫 shown in the month stem: not 从
	}
	for _, c := range cases {
		a := chartOf(t, c.pillars)
		p := a.Structure.Pattern
		if c.key == "" {
			if p.Special {
				t.Errorf("%s: special pattern %s (%s), want none", c.pillars, p.Name, p.Reason())
			}
			continue
		}
		if p.Key != c.key || !p.Special || !p.Formed {
			t.Errorf("%s: got %s (%s, score %v), want %s", c.pillars, p.Key, p.Reason(), a.Strength.Score, c.key)
		}
		if u := a.Structure.UsefulGod; u.Method != MethodPattern || u.Element != p.Element {
			t.Errorf("%s: useful god %s %v, want the pattern's element %v", c.pillars, u.Method, u.Element, p.Element)
		}
	}
}

func randomPillars(r *rand.Rand) Pillars {
	// Any stem with any branch of the same parity; the month and hour
	// stems need not follow 五虎遁/五鼠遁 for these properties.
	gz := func() GanZhi { return GanZhi(r.IntN(NumGanZhi)) }
	return Pillars{Year: gz(), Month: gz(), Day: gz(), Hour: gz(), HasHour: r.IntN(5) > 0}
}

// Every chart gets exactly one pattern with its reason; the five gods
// are the five elements once each; favourable and unfavourable are
// disjoint; every method keeps its own answer.
func TestStructureProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 21))
	for i := 0; i < 20000; i++ {
		p := randomPillars(r)
		a := Analyze(p)
		s := &a.Structure
		if s.Pattern.Name == "" || s.Pattern.Key == "" || !strings.HasSuffix(s.Pattern.Name, "格") || s.Pattern.Reason() == "" {
			t.Fatalf("%v: pattern %+v", p, s.Pattern)
		}
		var seen [5]bool
		for _, g := range s.UsefulGod.Gods {
			if seen[g.Element] {
				t.Fatalf("%v: element %v is two gods", p, g.Element)
			}
			seen[g.Element] = true
		}
		fav, unf := s.UsefulGod.Favourable(), s.UsefulGod.Unfavourable()
		for _, f := range fav {
			for _, u := range unf {
				if f == u {
					t.Fatalf("%v: %v both favourable and unfavourable", p, f)
				}
			}
		}
		if fav[0] != s.UsefulGod.Element {
			t.Fatalf("%v: favourable does not start with the useful god", p)
		}
		want := 4
		if s.Pattern.Special {
			want = 5
		}
		if len(s.UsefulGod.Methods()) != want {
			t.Fatalf("%v: %d methods", p, len(s.UsefulGod.Methods()))
		}
		check := func(r *Rule) {
			if _, ok := ruleTexts[r.Key]; !ok || r.Text() == "" || strings.Contains(r.Text(), "{") {
				t.Fatalf("%v: rule %s has no Chinese text or too few arguments (%q)", p, r.Key, r.Text())
			}
		}
		for i := range s.Pattern.Rules() {
			check(&s.Pattern.Rules()[i])
		}
		s.UsefulGod.eachReason(check)
		for i := range s.UsefulGod.Methods() {
			check(&s.UsefulGod.Methods()[i].Rule)
		}
		var b []byte
		b = s.AppendJSON(b)
		if !json.Valid(b) {
			t.Fatalf("%v: invalid JSON %s", p, b)
		}
	}
}

// The commander is one of the month branch's stems: a hidden stem, or in
// 子卯午酉亥 the previous month's 本气 the table carries over (余气).
func TestCommanderIsAMonthStem(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 3000; i++ {
		req := Request{Date: time.Date(1900+r.IntN(250), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02"),
			Time: "12:00", TZ: "Asia/Shanghai", Gender: "female"}
		in, err := req.Parse()
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compute(in, testNow)
		if err != nil {
			t.Fatal(err)
		}
		mb := c.FourPillars.Month.Branch()
		ok := branchHidden[(mb+11)%12][0] == c.Commander.Stem
		for _, h := range branchHidden[mb] {
			ok = ok || h == c.Commander.Stem
		}
		if !ok || c.Commander.Branch != mb {
			t.Fatalf("%s: commander %s not a stem of %s", req.Date, c.Commander.Stem, mb)
		}
		if c.Commander.DaysSinceJie < 0 || c.Commander.DaysSinceJie > 31 || !c.Commander.Jie.IsJie() {
			t.Fatalf("%s: %+v", req.Date, c.Commander)
		}
	}
}

// TestCommanderTable: 寅 month, 戊 for 7 days, 丙 for 7, then 甲 (《三命通会》).
func TestCommanderTable(t *testing.T) {
	for _, c := range []struct {
		days int
		want string
	}{{0, "戊"}, {6, "戊"}, {7, "丙"}, {13, "丙"}, {14, "甲"}, {31, "甲"}} {
		got := commanderOf(2, 2, int64(c.days)*secondsPerDay+3600)
		if got.Stem.String() != c.want || !strings.Contains(got.Rule.Text(), "戊七日、丙七日、甲十六日") {
			t.Errorf("寅 day %d: %s (%s), want %s", c.days, got.Stem, got.Rule.Text(), c.want)
		}
	}
	for b := Branch(0); b < NumBranches; b++ {
		sum := 0
		for _, s := range commanderTable[b] {
			sum += s.days
		}
		if sum != 30 {
			t.Errorf("%s: table spans %d days, want 30", b, sum)
		}
	}
}

// TestTiaoHouTableComplete: all 120 cells of 《穷通宝鉴》's table are there,
// and a file with a cell missing is refused.
func TestTiaoHouTableComplete(t *testing.T) {
	if _, src, err := parseTiaoHou(tiaoHouJSON); err != nil || !strings.Contains(src, "穷通宝鉴") {
		t.Fatalf("table: %v (source %q)", err, src)
	}
	n := 0
	for d := Stem(0); d < NumStems; d++ {
		for b := Branch(0); b < NumBranches; b++ {
			if len(TiaoHou(d, b)) == 0 {
				t.Errorf("%s×%s empty", d, b)
			}
			n++
		}
	}
	if n != 120 {
		t.Fatalf("%d cells", n)
	}
	broken := strings.Replace(string(tiaoHouJSON), `"丑": ["丙","丁"]`, `"丑": []`, 1)
	if _, _, err := parseTiaoHou([]byte(broken)); err == nil || !strings.Contains(err.Error(), "癸×丑") {
		t.Fatalf("a missing cell was accepted: %v", err)
	}
	// 《穷通宝鉴》: 甲 in 寅 takes 丙 first (调候 of early spring).
	if got := TiaoHou(0, 2); got[0] != 2 {
		t.Fatalf("甲×寅 = %v", got)
	}
}

// TestMethodsDisagreeAreKept: a summer 丙 with no water must take 壬 by
// 调候 even where 扶抑 names another element; both are kept.
func TestMethodsDisagreeAreKept(t *testing.T) {
	a := chartOf(t, "丙午 甲午 丙午 甲午")
	u := a.Structure.UsefulGod
	if u.Method != MethodTiaoHou && !a.Structure.Pattern.Special {
		t.Fatalf("method %s, want 调候 (%v)", u.Method, u.Reasons())
	}
	methods := map[string]bool{}
	for _, m := range u.Methods() {
		methods[m.Method] = true
	}
	for _, k := range []string{MethodFuYi, MethodTiaoHou, MethodTongGuan, MethodBingYao} {
		if !methods[k] {
			t.Errorf("method %s missing", k)
		}
	}
}

// TestChartJSONAnalysisKeys: the keys the API promises.
func TestChartJSONAnalysisKeys(t *testing.T) {
	in, err := Request{Date: "1990-05-17", Time: "08:30", TZ: "Asia/Shanghai", Gender: "male"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compute(in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Analysis struct {
			Pattern struct {
				Name   *string `json:"name"`
				Formed *bool   `json:"formed"`
				Reason *string `json:"reason"`
			} `json:"pattern"`
			UsefulGod struct {
				Method       *string                             `json:"method"`
				Element      *string                             `json:"element"`
				Favourable   []string                            `json:"favourable"`
				Unfavourable []string                            `json:"unfavourable"`
				Reasons      []string                            `json:"reasons"`
				Gods         map[string]struct{ Element string } `json:"gods"`
			} `json:"useful_god"`
		} `json:"analysis"`
		Commander struct {
			Stem *string `json:"stem"`
			Rule *string `json:"rule"`
		} `json:"commander"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	p, u, cm := doc.Analysis.Pattern, doc.Analysis.UsefulGod, doc.Commander
	if p.Name == nil || p.Formed == nil || p.Reason == nil || *p.Reason == "" || u.Method == nil || u.Element == nil ||
		len(u.Favourable) == 0 || len(u.Unfavourable) == 0 || len(u.Reasons) == 0 || len(u.Gods) != 5 ||
		cm.Stem == nil || cm.Rule == nil || !strings.Contains(*cm.Rule, "司令") {
		t.Fatalf("keys missing: %s", raw)
	}
}

// FuzzParseTiaoHou: the 调候 loader refuses malformed data with an error,
// never a panic, and what it accepts is complete.
func FuzzParseTiaoHou(f *testing.F) {
	f.Add(tiaoHouJSON)
	f.Add([]byte(`{"source":"x","table":{}}`))
	f.Add([]byte(`{"source":"x","table":{"甲":{"寅":["丙","X"]}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		tab, _, err := parseTiaoHou(raw)
		if err != nil {
			return
		}
		for d := range tab {
			for b := range tab[d] {
				if len(tab[d][b]) == 0 {
					t.Fatalf("accepted with cell %d×%d empty", d, b)
				}
			}
		}
	})
}

// The rule JSON is the same whether written in place or through Text.
func TestRuleTextInPlace(t *testing.T) {
	r := newRule("pattern.select.tou", "巳", "中气", "庚", "年", "偏印", "偏印格")
	got := string(appendRuleText(nil, &r))
	want, _ := json.Marshal(r.Text())
	if got != string(want) {
		t.Fatalf("%s != %s", got, want)
	}
	if r.Text() != "月令巳藏中气（庚），透于年干，为偏印，取偏印格" {
		t.Fatalf("text %q", r.Text())
	}
	for k, text := range ruleTexts {
		if b, _ := json.Marshal(text); string(b) != `"`+text+`"` {
			t.Errorf("rule %s needs escaping", k)
		}
	}
}

// BenchmarkStructure: the 格局 and 用神 of varied pillars (part of Analyze).
func BenchmarkStructure(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 9))
	type in struct {
		st     [4]Stem
		br     [4]Branch
		n      int
		scores [5]float64
		s      Strength
	}
	ins := make([]in, 512)
	for i := range ins {
		p := randomPillars(r)
		gz := [4]GanZhi{p.Year, p.Month, p.Day, p.Hour}
		x := &ins[i]
		x.n = 4
		for j := 0; j < x.n; j++ {
			x.st[j], x.br[j] = gz[j].Stem(), gz[j].Branch()
		}
		_, x.scores = elementTotals(&x.st, &x.br, x.n)
		x.s = strengthOf(&x.st, &x.br, x.n, &x.scores)
	}
	var out Structure
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x := &ins[i%len(ins)]
		structureOf(&out, &x.st, &x.br, x.n, &x.scores, &x.s)
	}
}

// The analysis and the commander read back from the chart JSON write the
// same JSON again.
func TestStructureJSONRoundTrip(t *testing.T) {
	in, err := Request{Date: "1990-05-17", Time: "08:30", TZ: "Asia/Shanghai", Gender: "male"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compute(in, testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []any{&c.Structure, &c.Commander} {
		b1, _ := json.Marshal(v)
		var back any
		switch v.(type) {
		case *Structure:
			back = new(Structure)
		default:
			back = new(Commander)
		}
		if err := json.Unmarshal(b1, back); err != nil {
			t.Fatal(err)
		}
		b2, _ := json.Marshal(back)
		if string(b1) != string(b2) {
			t.Fatalf("round trip:\n%s\n%s", b1, b2)
		}
	}
}

// Charts 《子平真诠》 prints, with the pattern its chapter and 徐乐吾's
// commentary (《子平真诠评注》) give them.
func TestPatternPrintedCases(t *testing.T) {
	cases := []struct {
		pillars, cite, name string
		formed              bool
		selectRule          string
	}{
		// 论正官, 薛相公命: 申 month 正官, but 壬 of 申 shows in the month
		// stem, and the commentary reads it as 印 (月令正官，透壬本可舍官而用印).
		// A noble chart: the 寅 clash on 申 is undone by 巳申合.
		{"甲申 壬申 乙巳 戊寅", "子平真诠 论正官 薛相公命", "正印格", true, "pattern.select.tou"},
		// 论正官取运, the chapter's first chart: 戊 born in 未, a 杂气 month,
		// its 乙 正官 showing in the hour stem beside the 丁 印 in the month:
		// 杂气正官, formed.
		{"壬戌 丁未 戊申 乙卯", "子平真诠 论正官取运", "正官格", true, "pattern.select.za_qi"},
	}
	for _, c := range cases {
		p := chartOf(t, c.pillars).Structure.Pattern
		if p.Name != c.name || p.Formed != c.formed || p.Rules()[0].Key != c.selectRule {
			t.Errorf("%s (%s): %s formed=%v by %s, want %s formed=%v by %s\n%s", c.pillars, c.cite,
				p.Name, p.Formed, p.Rules()[0].Key, c.name, c.formed, c.selectRule, p.Reason())
		}
	}
}
