package chartinput_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
)

// The birth form's lunar selects become the canonical date and leap flag,
// so a chart entered as 二月三十 has the same URL as one linked by date.
func TestLunarSelectsBecomeTheCanonicalDate(t *testing.T) {
	form := func(kv ...string) func(string) string {
		v := url.Values{"time": {"08:00"}, "tz": {"+08:00"}, "gender": {"male"}, "date": {"2001-01-01"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v.Get
	}
	for _, tc := range []struct {
		name  string
		args  func(string) string
		query string
	}{
		{"二月三十 in a year it exists", form("calendar", "lunar", "lunar_year", "1990", "lunar_month", "2", "lunar_day", "30"),
			"date=1990-02-30&time=08%3A00&calendar=lunar&tz=%2B08%3A00&gender=male"},
		{"闰四月", form("calendar", "lunar", "lunar_year", "2020", "lunar_month", "L4", "lunar_day", "1"),
			"date=2020-04-01&time=08%3A00&calendar=lunar&leap_month=1&tz=%2B08%3A00&gender=male"},
		{"a URL without selects", form("calendar", "lunar", "date", "2020-04-01", "leap_month", "1"),
			"date=2020-04-01&time=08%3A00&calendar=lunar&leap_month=1&tz=%2B08%3A00&gender=male"},
		{"solar ignores the selects", form("lunar_year", "1990", "lunar_month", "2", "lunar_day", "30"),
			"date=2001-01-01&time=08%3A00&tz=%2B08%3A00&gender=male"},
	} {
		req, name, err := chartinput.FromForm(tc.args)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if q := req.Query(name); q != tc.query {
			t.Errorf("%s: query %q\nwant %q", tc.name, q, tc.query)
		}
	}

	// Refusals name the date field, in words that fit the mistake.
	for _, tc := range []struct {
		name        string
		args        func(string) string
		field, code string
	}{
		{"二月三十 in a year whose 二月 has 29 days", form("calendar", "lunar", "lunar_year", "1989", "lunar_month", "2", "lunar_day", "30"), "date", "lunar_short_month"},
		{"a leap month the year does not have", form("calendar", "lunar", "lunar_year", "2021", "lunar_month", "L4", "lunar_day", "1"), "leap_month", "lunar_leap_month_missing"},
		{"a select left empty", form("calendar", "lunar", "lunar_year", "1990", "lunar_month", "", "lunar_day", "3"), "date", "lunar_incomplete"},
		{"a value the form never offers", form("calendar", "lunar", "lunar_year", "1990", "lunar_month", "13", "lunar_day", "3"), "date", "lunar_incomplete"},
	} {
		_, _, err := chartinput.FromForm(tc.args)
		var fe *bazi.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Code != tc.code {
			t.Errorf("%s: %v, want %s/%s", tc.name, err, tc.field, tc.code)
		}
	}
}

func TestFormDatesShowBothCalendars(t *testing.T) {
	lunar := chartinput.Request{Request: bazi.Request{Date: "2020-04-01", Calendar: "lunar", LeapMonth: true}}
	if s, l := chartinput.FormDates(lunar); s != "2020-05-23" || l != (chartinput.LunarFields{Year: "2020", Month: "L4", Day: "1"}) {
		t.Errorf("lunar: %q %+v", s, l)
	}
	solar := chartinput.Request{Request: bazi.Request{Date: "1990-03-26"}}
	if s, l := chartinput.FormDates(solar); s != "1990-03-26" || l != (chartinput.LunarFields{Year: "1990", Month: "2", Day: "30"}) {
		t.Errorf("solar: %q %+v", s, l)
	}
	// A lunar date that does not exist stays in the selects as it was.
	bad := chartinput.Request{Request: bazi.Request{Date: "1989-02-30", Calendar: "lunar"}}
	if s, l := chartinput.FormDates(bad); s != "" || l != (chartinput.LunarFields{Year: "1989", Month: "2", Day: "30"}) {
		t.Errorf("bad: %q %+v", s, l)
	}
}
