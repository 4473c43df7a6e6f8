package reverseinput

import (
	"net/url"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

func TestParsePillarSpellings(t *testing.T) {
	jiazi, _ := bazi.ParseGanZhi("甲子")
	gengshen, _ := bazi.ParseGanZhi("庚申")
	for s, want := range map[string]bazi.GanZhi{
		"甲子": jiazi, "甲 子": jiazi, "jia zi": jiazi, "Jiazi": jiazi, "JIA-ZI": jiazi, "jiǎzǐ": jiazi, "jiǎ zǐ": jiazi,
		"jia3 zi3": jiazi, "Jiǎ·Zǐ": jiazi, "geng shen": gengshen, "庚申": gengshen,
	} {
		if g, ok := ParsePillar(s); !ok || g != want {
			t.Errorf("%q: %v %v, want %v", s, g, ok, want)
		}
	}
	for _, s := range []string{"", "甲丑", "jia chou", "甲", "jiazi甲", "甲子甲子", "jia", "x", "１２", "zi jia"} {
		if g, ok := ParsePillar(s); ok {
			t.Errorf("%q read as %v", s, g)
		}
	}
	// Every pair reads back from its characters and its pinyin.
	for i := 0; i < bazi.NumGanZhi; i++ {
		g := bazi.GanZhi(i)
		for _, s := range []string{g.String(), g.Stem().Pinyin() + " " + g.Branch().Pinyin()} {
			if got, ok := ParsePillar(s); !ok || got != g {
				t.Errorf("%q: %v %v", s, got, ok)
			}
		}
	}
}

// The stem rules agree with the engine: in every month and hour of a
// stretch of days, the month pillar is MonthOf(year stem) and the hour
// pillar HourOf(day stem).
func TestStemRulesAgreeWithTheEngine(t *testing.T) {
	for _, date := range []string{"1984-02-10", "1990-06-01", "2001-09-11", "2023-12-31", "1850-07-15"} {
		for h := 0; h < 24; h += 2 {
			in, err := bazi.Request{Date: date, Time: pad2(h) + ":30", TZ: Beijing, Gender: "male"}.Parse()
			if err != nil {
				t.Fatal(err)
			}
			c, err := bazi.Compute(in, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			p := c.FourPillars
			if got := MonthOf(p.Year.Stem(), p.Month.Branch()); got != p.Month {
				t.Errorf("%s %02d:30: month %v, 五虎遁 gives %v", date, h, p.Month, got)
			}
			if got := HourOf(p.Day.Stem(), p.Hour.Branch()); got != p.Hour {
				t.Errorf("%s %02d:30: hour %v, 五鼠遁 gives %v", date, h, p.Hour, got)
			}
		}
	}
}

// Explain is only asked when the lookup found nothing; whatever it says
// must be true: the stem rules rule out only what the engine never
// gives, and "no date" only what the engine cannot find.
func TestExplainMatchesTheLookup(t *testing.T) {
	year, _ := bazi.ParseGanZhi("甲子")
	for m := 0; m < bazi.NumGanZhi; m += 7 {
		for d := 0; d < bazi.NumGanZhi; d += 11 {
			r := Request{Pillars: bazi.Pillars{Year: year, Month: bazi.GanZhi(m), Day: bazi.GanZhi(d)}, From: 1800, To: 2200}
			got, err := bazi.ReverseLookup(r.Pillars, r.From, r.To, r.Zi)
			if err != nil {
				t.Fatal(err)
			}
			why := Explain(r)
			if why.Code == "wu_hu_dun" && len(got) > 0 {
				t.Errorf("%v: 五虎遁 refuses what the engine finds", r.Pillars)
			}
			if why.Code == "no_date" && MonthOf(year.Stem(), bazi.GanZhi(m).Branch()) != bazi.GanZhi(m) {
				t.Errorf("%v: no_date for a month the stems rule out", r.Pillars)
			}
		}
	}
}

func TestFormParseAndQuery(t *testing.T) {
	f := FromQuery(url.Values{"year": {" wu chen "}, "month": {"甲寅"}, "day": {"Xin Chou"}, "hour": {"戊子"}, "from": {"1900"}, "zi_rule": {"split"}, "gender": {"f"}}.Get)
	r, errs := f.Parse()
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if got := r.Query(); got != "day=%E8%BE%9B%E4%B8%91&from=1900&gender=female&hour=%E6%88%8A%E5%AD%90&month=%E7%94%B2%E5%AF%85&year=%E6%88%8A%E8%BE%B0&zi_rule=split" {
		t.Errorf("query %s", got)
	}
	back, errs := FromQuery(mustQuery(t, r.Query()).Get).Parse()
	if len(errs) != 0 || back != r {
		t.Errorf("query reads back as %+v %v", back, errs)
	}
}

func mustQuery(t *testing.T, q string) url.Values {
	v, err := url.ParseQuery(q)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// FuzzForm: no input makes the form parser panic; a form it accepts
// spells a canonical query that reads back to the same request, within
// the engine's range, and every refusal names a field of the form.
func FuzzForm(f *testing.F) {
	f.Add("甲子", "丙寅", "甲子", "", "", "", "", "")
	f.Add("jia zi", "Bing Yin", "jiǎzǐ", "甲子", "1800", "2200", "split", "female")
	f.Add("甲丑", "", "\xff", "子甲", "-1", "99999999999999999999", "x", "?")
	f.Fuzz(func(t *testing.T, year, month, day, hour, from, to, zi, gender string) {
		vals := map[string]string{"year": year, "month": month, "day": day, "hour": hour, "from": from, "to": to, "zi_rule": zi, "gender": gender}
		r, errs := FromQuery(func(k string) string { return vals[k] }).Parse()
		if len(errs) > 0 {
			for _, e := range errs {
				known := false
				for _, f := range Fields {
					known = known || f == e.Field
				}
				if !known || e.Code == "" {
					t.Fatalf("refusal %+v", e)
				}
			}
			return
		}
		if r.From < bazi.MinYear || r.To > bazi.MaxYear || r.From > r.To {
			t.Fatalf("range %d–%d accepted", r.From, r.To)
		}
		q, err := url.ParseQuery(r.Query())
		if err != nil {
			t.Fatal(err)
		}
		back, errs := FromQuery(q.Get).Parse()
		if len(errs) > 0 || back != r {
			t.Fatalf("%+v spelled %q reads back as %+v %v", r, r.Query(), back, errs)
		}
	})
}

// A day on which a 节 starts the month holds only the hours after it: an
// hour before it is explained as outside the month, not as a day that
// never comes.
func TestExplainAnHourOutsideTheMonth(t *testing.T) {
	// 立春 1990 fell on 4 February at about 10:14 Beijing time: the 寅 month
	// of 庚午 begins then, so that day's 寅 hour (03:00–05:00) is still in
	// the 丑 month of 己巳.
	in, err := bazi.Request{Date: "1990-02-04", Time: "12:00", TZ: Beijing, Gender: "male"}.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := bazi.Compute(in, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := c.FourPillars
	if p.Year.String() != "庚午" || p.Month.String() != "戊寅" {
		t.Fatalf("1990-02-04 12:00 has %v", p)
	}
	p.Hour, p.HasHour = HourOf(p.Day.Stem(), 2), true // 寅 hour
	r := Request{Pillars: p, From: 1980, To: 2000}    // 1990 is the only 庚午 year
	if got, _ := bazi.ReverseLookup(r.Pillars, r.From, r.To, r.Zi); len(got) != 0 {
		t.Fatalf("the 寅 hour before 立春 has candidates %v", got)
	}
	why := Explain(r)
	if why.Code != "no_hour" || why.Args[4] != "1990-02-04" {
		t.Errorf("explained as %+v", why)
	}
}
