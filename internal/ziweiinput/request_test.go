package ziweiinput

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

var now = time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var fe *bazi.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T) is not a *bazi.FieldError", err, err)
	}
	return fe.Field
}

// The board of the hand-checked birth, through the query a page
// link carries.
func TestOpenBuildsTheBoardAndItsOverlay(t *testing.T) {
	b, name, err := Open("date=2000-08-16&time=03:30&tz=Asia/Shanghai&gender=female&year=2027&name=Lin", now)
	if err != nil {
		t.Fatal(err)
	}
	if name != "Lin" {
		t.Errorf("name %q", name)
	}
	bd := b.Board
	if bd.Soul.String() != "午" || bd.Class.String() != "木三局" || bd.SoulStar.Name() != "破军" || bd.BodyStar.Name() != "文昌" {
		t.Errorf("board: 命宫 %s, %s, 命主 %s, 身主 %s", bd.Soul, bd.Class, bd.SoulStar.Name(), bd.BodyStar.Name())
	}
	if b.Horoscope.Year != 2027 || b.Horoscope.NominalAge != 28 {
		t.Errorf("overlay year %d age %d, want 2027 and 28", b.Horoscope.Year, b.Horoscope.NominalAge)
	}
	// No year: this year on the birthplace's calendar.
	b, _, err = Open("date=2000-08-16&time=03:30&tz=Asia/Shanghai&gender=female", now)
	if err != nil || b.Horoscope.Year != 2027 {
		t.Fatalf("default overlay year: %v %+v", err, b)
	}
}

// Page, link and API refuse the same things, by field.
func TestBuildRefusesByField(t *testing.T) {
	base := "date=2000-08-16&time=03:30&tz=Asia/Shanghai&gender=female"
	for q, field := range map[string]string{
		"date=2000-08-16&tz=Asia/Shanghai&gender=female": "time", // the board needs the hour
		base + "&year=1999":                                         "year",
		base + "&year=2121":                                         "year",
		base + "&year=twenty":                                       "year",
		base + "&leap_rule=half":                                    "leap_rule",
		base + "&late_zi=midnight":                                  "late_zi",
		"date=2000-08-16&time=03:30&tz=Asia/Shanghai&gender=x":      "gender",
		"date=2000-02-30&time=03:30&tz=Asia/Shanghai&gender=female": "date",
		"date=2000-08-16&time=03:30&tz=Mars/Olympus&gender=female":  "tz",
	} {
		_, _, err := Open(q, now)
		if err == nil {
			t.Errorf("%s: accepted", q)
			continue
		}
		if got := fieldOf(t, err); got != field {
			t.Errorf("%s: field %q, want %q", q, got, field)
		}
	}
}

func TestQueryIsCanonicalAndReadsBack(t *testing.T) {
	vals := url.Values{"date": {"2000-08-16"}, "time": {"03:30"}, "tz": {"Asia/Shanghai"}, "gender": {"F"},
		"year": {"2030"}, "leap_rule": {"FIX"}, "late_zi": {"next-day"}, "calendar": {"gregorian"}}
	r, name, ferr := FromQuery(vals.Get)
	if ferr != nil {
		t.Fatal(ferr)
	}
	q := r.Query(name)
	if strings.Contains(q, "leap_rule") || strings.Contains(q, "calendar") || !strings.Contains(q, "late_zi=next-day") || !strings.HasSuffix(q, "&year=2030") {
		t.Errorf("canonical query %q", q)
	}
	back, name2, err := ParseQuery(q)
	if err != nil || back.Query(name2) != q {
		t.Errorf("read back: %q, %v", back.Query(name2), err)
	}
	if cq := r.ChartQuery(name); strings.Contains(cq, "year=") || strings.Contains(cq, "late_zi") {
		t.Errorf("chart query keeps the board's fields: %q", cq)
	}
	if r.WithYear(0).Query(name)+"&year=2030" != q {
		t.Errorf("a year link is the base query plus year: %q", r.WithYear(0).Query(name))
	}
}

func TestDecodeJSONIsStrict(t *testing.T) {
	r, ferr := DecodeJSON([]byte(`{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","year":2027,"late_zi":"same-day"}`))
	if ferr != nil || r.Year != 2027 || r.LateZi != "same-day" || r.Date != "2000-08-16" {
		t.Fatalf("%+v %v", r, ferr)
	}
	for body, field := range map[string]string{
		`{"date":"2000-08-16","yaer":2027}`:       "yaer",
		`{"date":"2000-08-16","year":"2027"}`:     "year",
		`{"date":"2000-08-16","year":1,"year":2}`: "year",
		`{"date":"2000-08-16","leap_rule":true}`:  "leap_rule",
	} {
		_, ferr := DecodeJSON([]byte(body))
		if ferr == nil || ferr.Field != field {
			t.Errorf("%s: %+v, want field %q", body, ferr, field)
		}
	}
}

// A birthplace by name fills the zone and coordinates once, and true solar
// time moves the hour the board is read on.
func TestPlaceAndTrueSolarTime(t *testing.T) {
	b, _, err := Open("date=2000-08-16&time=03:30&place=Urumqi&gender=female", now)
	if err != nil {
		t.Fatal(err)
	}
	if b.Request.TZ == "" || b.Request.Lon == nil || b.Place == nil {
		t.Fatalf("place not resolved: %+v", b.Request)
	}
	// 03:30 Beijing time at 87.6°E is about 01:30 true solar time: 丑, not 寅.
	tst, _, err := Open("date=2000-08-16&time=03:30&place=Urumqi&gender=female&true_solar_time=1", now)
	if err != nil {
		t.Fatal(err)
	}
	if b.Board.TimeIndex != 2 || tst.Board.TimeIndex != 1 {
		t.Errorf("时辰 %d (clock) and %d (true solar), want 2 and 1", b.Board.TimeIndex, tst.Board.TimeIndex)
	}
}

func TestDocumentHasTheRequiredPaths(t *testing.T) {
	b, _, err := Open("date=2000-08-16&time=03:30&tz=Asia/Shanghai&gender=female&year=2027", now)
	if err != nil {
		t.Fatal(err)
	}
	d := b.Document()
	if d.MingGong != "午" || d.ShenGong != "戌" || d.FiveElementsClass != "木三局" || d.SoulStar != "破军" || d.BodyStar != "文昌" {
		t.Errorf("%+v", d)
	}
	p := d.Palaces[4] // 午
	if p.Name != "命宫" || p.StemBranch != "壬午" || p.Decadal.StartAge != 3 || p.Decadal.EndAge != 12 {
		t.Errorf("命宫 palace %+v", p)
	}
	if len(p.MajorStars) != 1 || p.MajorStars[0].Name != "紫微" || p.MajorStars[0].Brightness != "庙" {
		t.Errorf("命宫 stars %+v", p.MajorStars)
	}
	if d.Palaces[8].Name != "官禄" || !d.Palaces[8].IsBodyPalace {
		t.Errorf("身宫 in 戌 官禄: %+v", d.Palaces[8])
	}
	if d.Horoscope.Yearly.PalaceIndex != 5 || d.Horoscope.Yearly.StemBranch != "丁未" || d.Horoscope.Yearly.Mutagen["禄"] != "太阴" {
		t.Errorf("流年 %+v", d.Horoscope.Yearly)
	}
}

// FuzzFromQuery: any query decodes without panicking, and what it decodes
// to reads back from its own canonical query unchanged.
func FuzzFromQuery(f *testing.F) {
	f.Add("date=2000-08-16&time=03:30&tz=Asia/Shanghai&gender=female&year=2027")
	f.Add("date=1984-06-02&calendar=lunar&leap_month=1&time=23:30&tz=+08:00&gender=m&late_zi=same-day&leap_rule=whole")
	f.Add("year=%00&late_zi=%ff")
	f.Fuzz(func(t *testing.T, q string) {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return
		}
		r, name, ferr := FromQuery(vals.Get)
		if ferr != nil {
			return
		}
		canon := r.Query(name)
		back, name2, err := ParseQuery(canon)
		if err != nil {
			t.Fatalf("canonical query %q does not parse: %v", canon, err)
		}
		if again := back.Query(name2); again != canon {
			t.Fatalf("round trip: %q → %q", canon, again)
		}
		if b, err := Build(r, now); err == nil && b.Board == nil {
			t.Fatal("no board and no error")
		}
	})
}

// FuzzDecodeJSON: any body is decoded or refused without panicking, and a
// refused board names a field or the body.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(`{"date":"2000-08-16","time":"03:30","tz":"Asia/Shanghai","gender":"female","year":2027}`)
	f.Add(`{"date":"2000-08-16","time":"23:59","tz":"UTC","gender":"male","late_zi":"next-day","leap_rule":"whole","calendar":"lunar"}`)
	f.Add(`{"year":-1}`)
	f.Fuzz(func(t *testing.T, body string) {
		r, ferr := DecodeJSON([]byte(body))
		if ferr != nil {
			return
		}
		if _, err := Build(r, now); err != nil {
			var fe *bazi.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("refusal %v is not a field error", err)
			}
		}
	})
}
