package bazi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func flowGZ(t testing.TB, s string) GanZhi {
	t.Helper()
	g, ok := ParseGanZhi(s)
	if !ok {
		t.Fatalf("bad ganzhi %s", s)
	}
	return g
}

func natalOfStrings(t testing.TB, p ...string) Natal {
	n := Natal{N: uint8(len(p))}
	for i, s := range p {
		n.Pillars[i] = flowGZ(t, s)
	}
	return n
}

// findInteraction returns the first interaction of kind among list.
func findInteraction(list []Interaction, kind string) (Interaction, bool) {
	for _, in := range list {
		if in.Key() == kind {
			return in, true
		}
	}
	return Interaction{}, false
}

func TestFlowInteractionsKnownCases(t *testing.T) {
	// Natal 庚申 戊子 甲子 丙寅: day pillar 甲子, spouse palace 子.
	nat := natalOfStrings(t, "庚申", "戊子", "甲子", "丙寅")
	cases := []struct {
		name          string
		flow, luck    string
		year, hasLuck bool
		kind, rule    string
		pillars       []string
	}{
		{"午 year clashes the 子 day branch", "壬午", "丁亥", true, true, "spouse_palace_chong", "子午冲：冲日支夫妻宫", []string{"year_flow", "day"}},
		{"午 大运 clashes it too", "壬午", "", false, false, "spouse_palace_chong", "子午冲：冲日支夫妻宫", []string{"luck", "day"}},
		{"year equal to its 大运", "丁亥", "丁亥", true, true, "sui_yun_bing_lin", "岁运并临：流年与大运同为丁亥", []string{"year_flow", "luck"}},
		{"伏吟 with the day pillar", "甲子", "丁亥", true, true, "fu_yin", "伏吟：流年与日柱同为甲子", []string{"year_flow", "day"}},
		{"伏吟 of a 大运 with the year pillar", "庚申", "", false, false, "fu_yin", "伏吟：大运与年柱同为庚申", []string{"luck", "year"}},
		{"反吟 庚午 against 甲子 (庚克甲, 子午冲)", "庚午", "丁亥", true, true, "fan_yin", "反吟：天克地冲，流年庚午与日柱甲子", []string{"year_flow", "day"}},
		{"反吟 against the 大运", "辛巳", "丁亥", true, true, "fan_yin", "反吟：天克地冲，流年辛巳与大运丁亥", []string{"year_flow", "luck"}},
		{"甲己合 with the day stem", "己卯", "丁亥", true, true, "stem_he", "甲己合", []string{"year_flow", "day"}},
		{"子卯刑 with the month branch", "己卯", "丁亥", true, true, "xing", "子卯刑(无礼之刑)", []string{"year_flow", "month"}},
		{"寅申冲 with the year branch is a plain 冲", "壬寅", "丁亥", true, true, "chong", "寅申冲", []string{"year_flow", "year"}},
		{"天乙贵人 from the day stem 甲 (丑/未)", "癸丑", "丁亥", true, true, "shensha", "天乙贵人：日干甲见丑", []string{"year_flow", "day"}},
		{"桃花 from the day branch 子 (酉)", "癸酉", "丁亥", true, true, "shensha", "桃花：日支子见酉", []string{"year_flow", "day"}},
		{"羊刃 of 甲 is 卯", "己卯", "丁亥", true, true, "shensha", "羊刃：日干甲见卯", []string{"year_flow", "day"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var luck GanZhi
			if c.luck != "" {
				luck = flowGZ(t, c.luck)
			}
			list := FlowInteractions(nil, nat, flowGZ(t, c.flow), c.year, luck, c.hasLuck)
			found := false
			for _, in := range list {
				found = found || in.Key() == c.kind && in.Rule() == c.rule && slices.Equal(in.PillarKeys(), c.pillars)
			}
			if !found {
				var got []string
				for _, in := range list {
					got = append(got, in.Key()+" "+in.Rule()+" "+strings.Join(in.PillarKeys(), ","))
				}
				t.Errorf("no %s %q %v among %v", c.kind, c.rule, c.pillars, got)
			}
		})
	}
}

func TestFlowInteractionsAbsentCases(t *testing.T) {
	nat := natalOfStrings(t, "庚申", "戊子", "甲子")
	// 壬午 against 甲子: water feeds wood, so 子午冲 is no 反吟; 午 against
	// the 子 day branch is the spouse palace, never a plain 冲.
	list := FlowInteractions(nil, nat, flowGZ(t, "壬午"), true, flowGZ(t, "丁亥"), true)
	for _, in := range list {
		if in.Key() == "fan_yin" && in.Partner() == "day" {
			t.Errorf("unexpected %s", in.Rule())
		}
		if in.Key() == "chong" && in.Partner() == "day" {
			t.Errorf("day-branch 冲 not singled out: %s", in.Rule())
		}
		if in.Partner() == "hour" {
			t.Errorf("no hour known, yet %s", in.Rule())
		}
	}
	if _, ok := findInteraction(list, "sui_yun_bing_lin"); ok {
		t.Error("岁运并临 for different pairs")
	}
	// A 大运 has no 大运 to be read against.
	for _, in := range FlowInteractions(nil, nat, flowGZ(t, "丁亥"), false, flowGZ(t, "丁亥"), true) {
		if in.Key() == "sui_yun_bing_lin" || in.Partner() == "luck" {
			t.Errorf("大运 read against a 大运: %s", in.Rule())
		}
	}
	if got := FlowInteractions(nil, Natal{}, flowGZ(t, "甲子"), true, 0, false); len(got) != 0 {
		t.Errorf("no natal pillars, yet %d interactions", len(got))
	}
}

// chartWith computes charts day by day from start until keep accepts one.
func chartWith(t *testing.T, start time.Time, keep func(*Chart) bool) *Chart {
	t.Helper()
	for d := 0; d < 4000; d++ {
		day := start.AddDate(0, 0, d)
		req := Request{Date: day.Format("2006-01-02"), Time: "10:30", TZ: "+08:00", Gender: []string{"male", "female"}[d%2]}
		in, err := req.Parse()
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compute(in, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if keep(c) {
			return c
		}
	}
	t.Fatal("no chart found")
	return nil
}

// In a computed chart, every 流年 whose branch clashes the day branch has
// spouse_palace_chong with ["year_flow","day"], and every 流年 equal to its
// 大运 has sui_yun_bing_lin.
func TestChartLuckInteractions(t *testing.T) {
	c := chartWith(t, time.Date(1984, 3, 1, 0, 0, 0, 0, time.UTC), func(c *Chart) bool {
		if c.FourPillars.Day.Branch() != 0 { // 子
			return false
		}
		for _, p := range c.Luck.Pillars {
			for _, y := range p.Years {
				if y.GanZhi == p.GanZhi {
					return true
				}
			}
		}
		return false
	})
	clash, bingLin := 0, 0
	for _, p := range c.Luck.Pillars {
		for i := range p.Years {
			y := &p.Years[i]
			list := y.Interactions(nil)
			spouse, ok := findInteraction(list, "spouse_palace_chong")
			if want := y.GanZhi.Branch() == 6; ok != want { // 午
				t.Errorf("%d %s: spouse_palace_chong %v, want %v", y.Year, y.GanZhi, ok, want)
			} else if ok {
				clash++
				if !slices.Equal(spouse.PillarKeys(), []string{"year_flow", "day"}) || !strings.HasPrefix(spouse.Rule(), "子午冲") {
					t.Errorf("%d: %v %s", y.Year, spouse.PillarKeys(), spouse.Rule())
				}
			}
			bl, ok := findInteraction(list, "sui_yun_bing_lin")
			if want := y.GanZhi == p.GanZhi; ok != want {
				t.Errorf("%d %s in 大运 %s: sui_yun_bing_lin %v", y.Year, y.GanZhi, p.GanZhi, ok)
			} else if ok {
				bingLin++
				if want := "岁运并临：流年与大运同为" + p.GanZhi.String(); bl.Rule() != want {
					t.Errorf("rule %q, want %q", bl.Rule(), want)
				}
			}
		}
	}
	if clash == 0 || bingLin == 0 {
		t.Fatalf("chart checked nothing: %d clashes, %d 岁运并临", clash, bingLin)
	}
}

// The chart JSON has interactions[] with kind, rule and pillars[] for every
// 大运 and every 流年.
func TestLuckInteractionsJSONKeys(t *testing.T) {
	c := chartWith(t, time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC), func(*Chart) bool { return true })
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Luck struct {
			Pillars []struct {
				Interactions []map[string]any `json:"interactions"`
				Years        []struct {
					Year         int              `json:"year"`
					Interactions []map[string]any `json:"interactions"`
				} `json:"years"`
			} `json:"pillars"`
		} `json:"luck"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Luck.Pillars) != 10 {
		t.Fatalf("%d pillars", len(doc.Luck.Pillars))
	}
	checkList := func(what string, list []map[string]any) {
		if list == nil {
			t.Errorf("%s: no interactions array", what)
		}
		for _, in := range list {
			kind, _ := in["kind"].(string)
			rule, _ := in["rule"].(string)
			pillars, _ := in["pillars"].([]any)
			if kind == "" || rule == "" || len(pillars) < 2 {
				t.Errorf("%s: incomplete %v", what, in)
			}
		}
	}
	total := 0
	for i, p := range doc.Luck.Pillars {
		checkList(fmt.Sprintf("大运 %d", i+1), p.Interactions)
		total += len(p.Interactions)
		for _, y := range p.Years {
			checkList(fmt.Sprintf("流年 %d", y.Year), y.Interactions)
			total += len(y.Interactions)
		}
	}
	if total < 100 {
		t.Errorf("only %d interactions over 110 pillars", total)
	}
}

// Listing into a caller's buffer does not allocate: the JSON writers list
// over a hundred pillars per chart.
func TestFlowInteractionsDoNotAllocate(t *testing.T) {
	c := chartWith(t, time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC), func(*Chart) bool { return true })
	var buf [MaxInteractions]Interaction
	var out []byte
	allocs := testing.AllocsPerRun(50, func() {
		for i := range c.Luck.Pillars {
			p := &c.Luck.Pillars[i]
			for _, in := range p.Interactions(buf[:0]) {
				out = in.AppendJSON(out[:0])
			}
		}
	})
	if allocs > 0 {
		t.Errorf("%v allocations per chart", allocs)
	}
}

// MaxInteractions bounds every flow pillar: the buffers the JSON writers
// keep on the stack never grow.
func TestMaxInteractionsBound(t *testing.T) {
	most := 0
	for a := GanZhi(0); a < NumGanZhi; a += 7 {
		for d := GanZhi(0); d < NumGanZhi; d += 5 {
			nat := Natal{Pillars: [4]GanZhi{a, a.Add(13), d, d.Add(31)}, N: 4}
			for g := GanZhi(0); g < NumGanZhi; g++ {
				for _, l := range []GanZhi{g, g.Add(30), a} {
					most = max(most, len(FlowInteractions(nil, nat, g, true, l, true)))
				}
			}
		}
	}
	if most > MaxInteractions {
		t.Errorf("%d interactions, MaxInteractions %d", most, MaxInteractions)
	}
}

// BenchmarkLuckInteractions lists the interactions of every 大运 and 流年
// of a chart, as the chart JSON does.
func BenchmarkLuckInteractions(b *testing.B) {
	c := chartWith(&testing.T{}, time.Date(1990, 6, 1, 0, 0, 0, 0, time.UTC), func(*Chart) bool { return true })
	var buf [MaxInteractions]Interaction
	var out []byte
	b.ReportAllocs()
	for b.Loop() {
		out = out[:0]
		for i := range c.Luck.Pillars {
			p := &c.Luck.Pillars[i]
			for _, in := range p.Interactions(buf[:0]) {
				out = in.AppendJSON(out)
			}
			for j := range p.Years {
				for _, in := range p.Years[j].Interactions(buf[:0]) {
					out = in.AppendJSON(out)
				}
			}
		}
	}
}
