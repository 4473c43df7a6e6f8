package bazi

import (
	"container/list"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/6tail/lunar-go/LunarUtil"
	"github.com/6tail/lunar-go/calendar"
)

func mustGZ(t testing.TB, s string) GanZhi {
	t.Helper()
	g, ok := ParseGanZhi(s)
	if !ok {
		t.Fatalf("bad ganzhi %q", s)
	}
	return g
}

func pillarsOf(t testing.TB, y, m, d, h string) Pillars {
	p := Pillars{Year: mustGZ(t, y), Month: mustGZ(t, m), Day: mustGZ(t, d)}
	if h != "" {
		p.Hour, p.HasHour = mustGZ(t, h), true
	}
	return p
}

func hiddenChars(hs []HiddenStem) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(h.Char)
	}
	return b.String()
}

func hiddenGods(hs []HiddenStem) string {
	var b strings.Builder
	for _, h := range hs {
		b.WriteString(h.TenGod.String())
	}
	return b.String()
}

func toStrings(l *list.List) []string {
	var out []string
	for e := l.Front(); e != nil; e = e.Next() {
		out = append(out, e.Value.(string))
	}
	return out
}

// TestAgainstLunarGo compares everything lunar-go's EightChar computes with
// Analyze over 20,000 random births 1800–2200 (fixed seed).
func TestAgainstLunarGo(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	r := rand.New(rand.NewPCG(2026, 11))
	for i := 0; i < n; i++ {
		y := 1800 + r.IntN(401)
		mo := 1 + r.IntN(12)
		d := 1 + r.IntN(28)
		h, mi := r.IntN(24), r.IntN(60)
		sect := 1 + r.IntN(2)
		ec := calendar.NewSolar(y, mo, d, h, mi, 0).GetLunar().GetEightChar()
		ec.SetSect(sect)
		p := pillarsOf(t, ec.GetYear(), ec.GetMonth(), ec.GetDay(), ec.GetTime())
		a := Analyze(p)
		where := func() string {
			return ec.String() + " @ " + calendar.NewSolar(y, mo, d, h, mi, 0).ToYmdHms()
		}
		type col struct {
			name                string
			pd                  *PillarDetail
			hide                []string
			ssGan, nayin, dishi string
			ssZhi               []string
			xunKong, xun        string
			checkDiShi          bool
		}
		cols := []col{
			{"year", &a.Pillars.Year, ec.GetYearHideGan(), ec.GetYearShiShenGan(), ec.GetYearNaYin(), ec.GetYearDiShi(), toStrings(ec.GetYearShiShenZhi()), ec.GetYearXunKong(), ec.GetYearXun(), true},
			{"month", &a.Pillars.Month, ec.GetMonthHideGan(), ec.GetMonthShiShenGan(), ec.GetMonthNaYin(), ec.GetMonthDiShi(), toStrings(ec.GetMonthShiShenZhi()), ec.GetMonthXunKong(), ec.GetMonthXun(), true},
			// lunar-go's GetDayDiShi reads the sect-1 day branch even in sect 2: compare it in sect 1 only.
			{"day", &a.Pillars.Day, ec.GetDayHideGan(), ec.GetDayShiShenGan(), ec.GetDayNaYin(), ec.GetDayDiShi(), toStrings(ec.GetDayShiShenZhi()), ec.GetDayXunKong(), ec.GetDayXun(), sect == 1},
			{"hour", a.Pillars.Hour, ec.GetTimeHideGan(), ec.GetTimeShiShenGan(), ec.GetTimeNaYin(), ec.GetTimeDiShi(), toStrings(ec.GetTimeShiShenZhi()), ec.GetTimeXunKong(), ec.GetTimeXun(), true},
		}
		for _, c := range cols {
			if got := hiddenChars(c.pd.HiddenStems); got != strings.Join(c.hide, "") {
				t.Fatalf("%s %s hidden stems %s, lunar-go %v", where(), c.name, got, c.hide)
			}
			if got := c.pd.TenGod.String(); got != c.ssGan {
				t.Fatalf("%s %s ten god %s, lunar-go %s", where(), c.name, got, c.ssGan)
			}
			if got := hiddenGods(c.pd.HiddenStems); got != strings.Join(c.ssZhi, "") {
				t.Fatalf("%s %s hidden ten gods %s, lunar-go %v", where(), c.name, got, c.ssZhi)
			}
			if c.pd.BranchTenGod != c.pd.HiddenStems[0].TenGod {
				t.Fatalf("%s %s branch ten god", where(), c.name)
			}
			if got := c.pd.NaYin.String(); got != c.nayin {
				t.Fatalf("%s %s nayin %s, lunar-go %s", where(), c.name, got, c.nayin)
			}
			if got := c.pd.Stage.String(); c.checkDiShi && got != c.dishi {
				t.Fatalf("%s %s stage %s, lunar-go %s", where(), c.name, got, c.dishi)
			}
			if c.pd.KongWang.Void != c.xunKong || c.pd.KongWang.Xun != c.xun {
				t.Fatalf("%s %s kong wang %s/%s, lunar-go %s/%s", where(), c.name, c.pd.KongWang.Xun, c.pd.KongWang.Void, c.xun, c.xunKong)
			}
			if c.pd.KongWang.VoidByDay != strings.Contains(ec.GetDayXunKong(), c.pd.Branch) ||
				c.pd.KongWang.VoidByYear != strings.Contains(ec.GetYearXunKong(), c.pd.Branch) {
				t.Fatalf("%s %s void flags %+v", where(), c.name, c.pd.KongWang)
			}
		}
		if a.TaiYuan.Name != ec.GetTaiYuan() || a.TaiYuan.NaYin.String() != ec.GetTaiYuanNaYin() {
			t.Fatalf("%s tai yuan %s, lunar-go %s", where(), a.TaiYuan.Name, ec.GetTaiYuan())
		}
		if a.TaiXi.Name != ec.GetTaiXi() || a.TaiXi.NaYin.String() != ec.GetTaiXiNaYin() {
			t.Fatalf("%s tai xi %s, lunar-go %s", where(), a.TaiXi.Name, ec.GetTaiXi())
		}
		if a.MingGong.Name != ec.GetMingGong() || a.MingGong.NaYin.String() != ec.GetMingGongNaYin() {
			t.Fatalf("%s ming gong %s, lunar-go %s", where(), a.MingGong.Name, ec.GetMingGong())
		}
		if a.ShenGong.Name != ec.GetShenGong() || a.ShenGong.NaYin.String() != ec.GetShenGongNaYin() {
			t.Fatalf("%s shen gong %s, lunar-go %s", where(), a.ShenGong.Name, ec.GetShenGong())
		}
	}
}

// TestTablesAgainstLunarUtil compares the static tables exhaustively with lunar-go's.
func TestTablesAgainstLunarUtil(t *testing.T) {
	for d := Stem(0); d < NumStems; d++ {
		for o := Stem(0); o < NumStems; o++ {
			if got, want := TenGodOf(d, o).String(), LunarUtil.SHI_SHEN[d.String()+o.String()]; got != want {
				t.Errorf("ten god %s%s = %s, lunar-go %s", d, o, got, want)
			}
		}
		for b := Branch(0); b < NumBranches; b++ {
			hs := hiddenTable[d][b]
			want := LunarUtil.ZHI_HIDE_GAN[b.String()]
			if hiddenChars(hs) != strings.Join(want, "") {
				t.Errorf("hidden stems of %s = %s, lunar-go %v", b, hiddenChars(hs), want)
			}
			for i, h := range hs {
				if h.TenGod.String() != LunarUtil.SHI_SHEN[d.String()+want[i]] || h.Role != HiddenRole(i) {
					t.Errorf("hidden ten god %s/%s", d, b)
				}
			}
		}
	}
	for g := GanZhi(0); g < NumGanZhi; g++ {
		if got, want := NaYinOf(g).String(), LunarUtil.NAYIN[g.String()]; got != want {
			t.Errorf("nayin %s = %s, lunar-go %s", g, got, want)
		}
		if got, want := xunHeads[XunIndex(g)]+xunVoidNames[XunIndex(g)], LunarUtil.GetXun(g.String())+LunarUtil.GetXunKong(g.String()); got != want {
			t.Errorf("xun %s = %s, lunar-go %s", g, got, want)
		}
		v := VoidBranches(g)
		if v[0].String()+v[1].String() != LunarUtil.GetXunKong(g.String()) {
			t.Errorf("void branches of %s", g)
		}
		if got, want := palaceTable[TaiXi(g)].Name, LunarUtil.HE_GAN_5[g.Stem()]+LunarUtil.HE_ZHI_6[g.Branch()]; got != want {
			t.Errorf("tai xi of %s = %s, want %s", g, got, want)
		}
	}
	for i, n := range calendar.CHANG_SHENG {
		if LifeStage(i).String() != n {
			t.Errorf("stage %d = %s, lunar-go %s", i, LifeStage(i), n)
		}
	}
}

// TestPublishedVectors checks the analysis fields of the published vectors
// (testdata/bazi-vectors.json, see vectorsFile).
func TestPublishedVectors(t *testing.T) {
	raw, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("published vectors: %v", err)
	}
	var doc struct {
		Cases []struct {
			Pillars   []string `json:"pillars"`
			DayHidden []string `json:"day_branch_hidden_stems"`
			NaYin     []string `json:"nayin"`
			Stages    []string `json:"day_master_stage_on_each_branch"`
			TaiYuan   string   `json:"tai_yuan"`
			MingGong  string   `json:"ming_gong"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, c := range doc.Cases {
		if len(c.Pillars) != 4 {
			continue
		}
		a := Analyze(pillarsOf(t, c.Pillars[0], c.Pillars[1], c.Pillars[2], c.Pillars[3]))
		ps := []*PillarDetail{&a.Pillars.Year, &a.Pillars.Month, &a.Pillars.Day, a.Pillars.Hour}
		for i, p := range ps {
			if p.Name != c.Pillars[i] {
				t.Errorf("%v: pillar %d = %s", c.Pillars, i, p.Name)
			}
		}
		if c.DayHidden != nil {
			checked++
			if got := hiddenChars(a.Pillars.Day.HiddenStems); got != strings.Join(c.DayHidden, "") {
				t.Errorf("%v: day hidden stems %s, want %v", c.Pillars, got, c.DayHidden)
			}
		}
		for i, want := range c.NaYin {
			if got := ps[i].NaYin.String(); got != want {
				t.Errorf("%v: nayin %d = %s, want %s", c.Pillars, i, got, want)
			}
		}
		for i, want := range c.Stages {
			if got := ps[i].Stage.String(); got != want {
				t.Errorf("%v: stage %d = %s, want %s", c.Pillars, i, got, want)
			}
		}
		if c.TaiYuan != "" && a.TaiYuan.Name != c.TaiYuan {
			t.Errorf("%v: tai yuan %s, want %s", c.Pillars, a.TaiYuan.Name, c.TaiYuan)
		}
		if c.MingGong != "" && a.MingGong.Name != c.MingGong {
			t.Errorf("%v: ming gong %s, want %s", c.Pillars, a.MingGong.Name, c.MingGong)
		}
	}
	if checked == 0 {
		t.Fatal("no vector with analysis fields")
	}
}

func TestTenGodOf(t *testing.T) {
	cases := []struct {
		dm, o string
		want  string
		key   string
	}{
		{"甲", "辛", "正官", "direct_officer"}, {"甲", "庚", "七杀", "seven_killings"}, {"甲", "甲", "比肩", "friend"},
		{"甲", "乙", "劫财", "rob_wealth"}, {"甲", "丙", "食神", "eating_god"}, {"甲", "丁", "伤官", "hurting_officer"},
		{"甲", "戊", "偏财", "indirect_wealth"}, {"甲", "己", "正财", "direct_wealth"}, {"甲", "壬", "偏印", "indirect_resource"},
		{"甲", "癸", "正印", "direct_resource"}, {"癸", "戊", "正官", "direct_officer"}, {"己", "丙", "正印", "direct_resource"},
	}
	for _, c := range cases {
		d, _ := ParseStem(c.dm)
		o, _ := ParseStem(c.o)
		g := TenGodOf(d, o)
		if g.String() != c.want || g.Key() != c.key || g.Pinyin() == "" || g.English() == "" {
			t.Errorf("TenGodOf(%s,%s) = %s/%s", c.dm, c.o, g, g.Key())
		}
		if g.Element(d) != o.Element() {
			t.Errorf("%s.Element(%s) = %s", g, c.dm, g.Element(d))
		}
	}
	b, _ := json.Marshal(ZhengGuan)
	if string(b) != `{"name":"正官","key":"direct_officer","pinyin":"zhèng guān","english":"Direct Officer"}` {
		t.Errorf("JSON %s", b)
	}
	var g TenGod
	if err := json.Unmarshal(b, &g); err != nil || g != ZhengGuan {
		t.Errorf("round trip %v %v", g, err)
	}
	if err := json.Unmarshal([]byte(`"day_master"`), &g); err != nil || g != DayMasterGod {
		t.Errorf("string form %v %v", g, err)
	}
}

func TestSelfStage(t *testing.T) {
	for _, c := range []struct{ gz, want string }{
		{"甲子", "沐浴"}, {"丙寅", "长生"}, {"乙亥", "死"}, {"庚申", "临官"}, {"壬子", "帝旺"}, {"辛丑", "养"}, {"丁酉", "长生"}, {"戊辰", "冠带"},
	} {
		if got := pillarBase[mustGZ(t, c.gz)].SelfStage.String(); got != c.want {
			t.Errorf("self stage of %s = %s, want %s", c.gz, got, c.want)
		}
	}
}

// TestNoHour: without the hour no hour entry appears anywhere.
func TestNoHour(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 5000; i++ {
		p := Pillars{Year: GanZhi(r.IntN(60)), Month: GanZhi(r.IntN(60)), Day: GanZhi(r.IntN(60)), Hour: GanZhi(r.IntN(60))}
		a := Analyze(p)
		if a.Pillars.Hour != nil || a.MingGong != nil || a.ShenGong != nil {
			t.Fatal("hour-derived fields without an hour")
		}
		for _, rels := range [][]Relation{a.Relations.Stems, a.Relations.Branches} {
			for _, rl := range rels {
				if rl.Pillars&MaskHour != 0 {
					t.Fatalf("relation on hour: %+v", rl)
				}
			}
		}
		for _, s := range a.ShenSha {
			if s.Pillar() == "hour" {
				t.Fatalf("star on hour: %+v", s)
			}
		}
		if len(a.Strength.RootPillars) > 3 {
			t.Fatal("roots")
		}
		c := a.Elements.Counts
		if c.Wood+c.Fire+c.Earth+c.Metal+c.Water != 6 {
			t.Fatalf("counts %+v", c)
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"hour":null`) || !strings.Contains(string(b), `"ming_gong":null`) {
			t.Fatalf("JSON without null hour: %s", b[:200])
		}
		if strings.Contains(string(b), `"pillar":"hour"`) || strings.Contains(string(b), `"hour"]`) || strings.Contains(string(b), `"hour",`) {
			t.Fatalf("hour in JSON: %s", b)
		}
	}
}

// TestJSONShape checks the required JSON paths.
func TestJSONShape(t *testing.T) {
	a := Analyze(pillarsOf(t, "乙酉", "戊子", "辛巳", "壬辰"))
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	get := func(path ...string) any {
		var cur any = m
		for _, k := range path {
			mm, ok := cur.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %s", path, k)
			}
			cur = mm[k]
		}
		return cur
	}
	for _, pk := range []string{"year", "month", "day", "hour"} {
		for _, f := range []string{"ganzhi", "stem", "branch", "nayin", "hidden_stems", "ten_god", "branch_ten_god", "stage", "self_stage", "kong_wang"} {
			if get("pillars", pk, f) == nil {
				t.Errorf("missing pillars.%s.%s", pk, f)
			}
		}
	}
	if get("pillars", "day", "ten_god", "key") != "day_master" || get("pillars", "day", "ten_god", "name") != "日主" {
		t.Error("day ten god")
	}
	if get("pillars", "year", "ganzhi") != "乙酉" || get("pillars", "year", "nayin") != "泉中水" {
		t.Error("year")
	}
	hs := get("pillars", "day", "hidden_stems").([]any)
	if len(hs) != 3 || hs[0].(map[string]any)["role"] != "main" || hs[2].(map[string]any)["role"] != "residual" {
		t.Errorf("hidden stems %v", hs)
	}
	for _, k := range []string{"day_master", "tai_yuan", "tai_xi", "ming_gong", "shen_gong", "relations", "shen_sha", "elements", "strength", "favourable"} {
		if m[k] == nil {
			t.Errorf("missing %s", k)
		}
	}
	if get("elements", "weights", "month_branch_multiplier") == nil || get("strength", "label") == nil || get("favourable", "reason") == nil {
		t.Error("elements/strength/favourable fields")
	}
	// Round trip into the typed struct.
	var back Analysis
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Pillars.Day.TenGod != DayMasterGod || back.Pillars.Year.NaYin != a.Pillars.Year.NaYin || back.Pillars.Hour.Stage != a.Pillars.Hour.Stage {
		t.Error("round trip")
	}
}

func TestAnalyzeConcurrent(t *testing.T) {
	p := pillarsOf(t, "乙酉", "戊子", "辛巳", "壬辰")
	want, _ := json.Marshal(Analyze(p))
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			ok := true
			for j := 0; j < 200; j++ {
				got, _ := json.Marshal(Analyze(p))
				ok = ok && string(got) == string(want)
			}
			done <- ok
		}()
	}
	for i := 0; i < 8; i++ {
		if !<-done {
			t.Error("concurrent Analyze differs")
		}
	}
}

var benchSink Analysis

func BenchmarkAnalyze(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	ps := make([]Pillars, 1024)
	for i := range ps {
		ps[i] = Pillars{Year: GanZhi(r.IntN(60)), Month: GanZhi(r.IntN(60)), Day: GanZhi(r.IntN(60)), Hour: GanZhi(r.IntN(60)), HasHour: i%8 != 0}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		benchSink = Analyze(ps[i&1023])
		i++
	}
}
