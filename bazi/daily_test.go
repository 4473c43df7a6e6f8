package bazi

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStemPairRelation(t *testing.T) {
	cases := []struct {
		a, b string
		rule string // "" = none
		el   string
	}{
		{"甲", "己", "甲己合", "earth"},
		{"癸", "戊", "癸戊合", "fire"},
		{"甲", "庚", "甲庚冲", ""},
		{"丁", "癸", "丁癸冲", ""},
		{"甲", "乙", "", ""},
		{"戊", "戊", "", ""},
	}
	for _, c := range cases {
		a, _ := ParseStem(c.a)
		b, _ := ParseStem(c.b)
		r, ok := StemPairRelation(a, b)
		if c.rule == "" {
			if ok {
				t.Errorf("%s%s: got %s, want none", c.a, c.b, r.Rule())
			}
			continue
		}
		if !ok || r.Rule() != c.rule {
			t.Errorf("%s%s: got %q ok=%v, want %q", c.a, c.b, r.Rule(), ok, c.rule)
		}
		el, has := r.Element()
		if (c.el != "") != has || (has && el.Key() != c.el) {
			t.Errorf("%s%s: element %v %v, want %q", c.a, c.b, el, has, c.el)
		}
	}
}

func TestBranchPairRelations(t *testing.T) {
	cases := []struct{ a, b, want string }{
		{"子", "午", "子午冲"},
		{"子", "丑", "子丑六合"},
		{"子", "卯", "子卯刑(无礼之刑)"},
		{"子", "未", "子未害"},
		{"子", "酉", "子酉破"},
		{"申", "子", "申子半合(生旺半合)"},
		{"申", "辰", "申辰拱合"},
		{"寅", "巳", "寅巳刑(无恩之刑) 寅巳害"},
		{"午", "午", "午午刑(自刑)"},
		{"子", "寅", ""},
	}
	for _, c := range cases {
		a, _ := ParseBranch(c.a)
		b, _ := ParseBranch(c.b)
		var got []string
		for _, r := range BranchPairRelations(a, b) {
			got = append(got, r.Rule())
		}
		if s := strings.Join(got, " "); s != c.want {
			t.Errorf("%s%s: got %q, want %q", c.a, c.b, s, c.want)
		}
	}
}

// dayChart is the chart of a man born at that Beijing clock time ("" for
// an unknown time).
func dayChart(t *testing.T, date, clock string) *Chart {
	t.Helper()
	in, err := Request{Date: date, Time: clock, TZ: "Asia/Shanghai", Gender: "male"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compute(in, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustGanZhi(t *testing.T, s string) GanZhi {
	t.Helper()
	g, ok := ParseGanZhi(s)
	if !ok {
		t.Fatalf("not a pillar: %q", s)
	}
	return g
}

// factorLine is a factor as a person would check it.
func factorLine(f DayFactor) string {
	pillar := "-"
	if f.Pillar >= 0 {
		pillar = PillarKey(f.Pillar)
	}
	return f.Key() + " " + f.Char + "/" + f.Natal + "@" + pillar + " " + f.Rule + " " + f.Tone.String()
}

// The chart of 2000-01-01 12:00 has the pillars 己卯 丙子 戊午 戊午 (day
// master 戊), favourable 金 水 木 and unfavourable 火 土.
func TestDayReading(t *testing.T) {
	chart := dayChart(t, "2000-01-01", "12:00")
	cases := []struct {
		name, day string
		want      []string // factors that must be there
		absent    []string // keys that must not
	}{
		{
			name: "a 子 day clashes with the 午 day branch",
			day:  "庚子",
			want: []string{
				"tengod 庚/戊@day 日主戊见庚为食神 neutral",
				"branch_xing 子/卯@year 子卯刑(无礼之刑) bad",
				"branch_chong 子/午@day 子午冲 bad",
				"branch_chong 子/午@hour 子午冲 bad",
				"element 庚/@- 喜用金水木，忌火土 good",
				"element 子/@- 喜用金水木，忌火土 good",
			},
			absent: []string{"stem_he", "branch_liu_he"},
		},
		{
			name: "a 癸 stem combines with the day master and reads good",
			day:  "癸丑",
			want: []string{
				"tengod 癸/戊@day 日主戊见癸为正财 neutral",
				"stem_he 癸/戊@day 癸戊合 good",
				"stem_he 癸/戊@hour 癸戊合 good",
				"branch_liu_he 丑/子@month 丑子六合 good",
				"branch_hai 丑/午@day 丑午害 bad",
				"element 癸/@- 喜用金水木，忌火土 good",
				"element 丑/@- 喜用金水木，忌火土 bad",
			},
		},
		{
			name: "an unfavourable fire day",
			day:  "丙午",
			want: []string{
				"tengod 丙/戊@day 日主戊见丙为偏印 neutral",
				"element 丙/@- 喜用金水木，忌火土 bad",
				"element 午/@- 喜用金水木，忌火土 bad",
				"branch_chong 午/子@month 午子冲 bad",
				"branch_xing 午/午@day 午午刑(自刑) bad",
			},
			absent: []string{"stem_he", "stem_chong"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := DayReading(chart, mustGanZhi(t, c.day))
			lines := make([]string, len(got))
			for i, f := range got {
				lines[i] = factorLine(f)
			}
			all := strings.Join(lines, "\n")
			for _, w := range c.want {
				if !slices.Contains(lines, w) {
					t.Errorf("no factor %q in\n%s", w, all)
				}
			}
			for _, k := range c.absent {
				for _, f := range got {
					if f.Key() == k {
						t.Errorf("unexpected %s factor: %s", k, factorLine(f))
					}
				}
			}
			// The ten god comes first and the two element factors last,
			// the day's stem before its branch.
			if got[0].Kind != FactorTenGod || got[len(got)-2].Kind != FactorElement || got[len(got)-1].Kind != FactorElement ||
				got[len(got)-2].Char != c.day[:3] || got[len(got)-1].Char != c.day[3:] {
				t.Errorf("order:\n%s", all)
			}
		})
	}
}

// Without a birth time there is no hour pillar to read the day against.
func TestDayReadingWithoutBirthTime(t *testing.T) {
	chart := dayChart(t, "2000-01-01", "")
	for _, f := range DayReading(chart, mustGanZhi(t, "庚子")) {
		if f.Pillar == PosHour {
			t.Errorf("factor against the hour pillar of a chart without one: %s", factorLine(f))
		}
	}
}

// A favourable element reads good, an unfavourable one bad and any other
// neutral, whatever the chart.
func TestDayReadingElementTones(t *testing.T) {
	for _, date := range []string{"1988-02-15", "1975-07-20", "2010-12-01", "1990-06-15"} {
		chart := dayChart(t, date, "08:00")
		fav, avoid := chart.Favourable.Elements, chart.Favourable.Avoid
		for g := GanZhi(0); g < NumGanZhi; g++ {
			got := DayReading(chart, g)
			f := got[len(got)-2] // the day's stem
			want := ToneNeutral
			switch {
			case slices.Contains(fav, g.Stem().Element()):
				want = ToneGood
			case slices.Contains(avoid, g.Stem().Element()):
				want = ToneBad
			}
			if f.Kind != FactorElement || f.Element != g.Stem().Element() || f.Tone != want {
				t.Fatalf("%s on %s (favourable %v, unfavourable %v): %s, want %s", g, date, fav, avoid, factorLine(f), want)
			}
		}
	}
}
