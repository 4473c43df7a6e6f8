package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// lunarBirth is a birth entered with the lunar selects.
func lunarBirth(year, month, day string) url.Values {
	return url.Values{"calendar": {"lunar"}, "lunar_year": {year}, "lunar_month": {month}, "lunar_day": {day}, "date": {""},
		"time": {"08:00"}, "place": {"Beijing"}, "gender": {"female"}, "_csrf": {""}}
}

// A lunar date is chosen with year, month (闰 included) and day selects:
// 二月三十 is accepted in a year whose 二月 has 30 days and refused, by
// field and in words, where it has 29; a refused date comes back selected
// as it was; the chart URL is the canonical date URL.
func TestBirthFormLunarDate(t *testing.T) {
	app := startAPI(t)
	catalog := i18n.MustLoad()

	res := postForm(t, app, lunarBirth("1990", "2", "30"), "", false)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/chart?date=1990-02-30&time=08%3A00&calendar=lunar&tz=Asia%2FShanghai&") {
		t.Fatalf("二月三十 1990: %d %q", res.StatusCode, loc)
	}
	res = postForm(t, app, lunarBirth("2020", "L4", "1"), "", false)
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/chart?date=2020-04-01&time=08%3A00&calendar=lunar&leap_month=1&") {
		t.Fatalf("闰四月 2020: %d %q", res.StatusCode, loc)
	}

	for _, tc := range []struct {
		name             string
		form             url.Values
		field, code      string
		year, month, day string
	}{
		{"二月三十 in 1989", lunarBirth("1989", "2", "30"), "date", "lunar_short_month", "1989", "2", "30"},
		{"闰四月 in 2021", lunarBirth("2021", "L4", "1"), "leap_month", "lunar_leap_month_missing", "2021", "L4", "1"},
		{"no day", lunarBirth("1990", "2", ""), "date", "lunar_incomplete", "1990", "2", ""},
	} {
		for _, lang := range i18n.Langs {
			for _, htmx := range []bool{false, true} {
				res := postForm(t, app, tc.form, string(lang), htmx)
				if want := map[bool]int{false: http.StatusUnprocessableEntity, true: http.StatusOK}[htmx]; res.StatusCode != want {
					t.Fatalf("%s: status %d", tc.name, res.StatusCode)
				}
				d := testutil.HTML(t, res.Body)
				errEl := testutil.ByTestID(d, "error-"+tc.field)
				if got, want := strings.TrimSpace(errEl.Text()), expectedMessage(catalog, lang, tc.field, tc.code); errEl.Length() != 1 || got != want {
					t.Fatalf("%s %s: error-%s = %q, want %q", tc.name, lang, tc.field, got, want)
				}
				// Beside the lunar selects, which point at it and keep what was chosen.
				if errEl.Closest(`[data-testid="lunar-date"]`).Length() != 1 {
					t.Errorf("%s: the error is not beside the lunar selects", tc.name)
				}
				for id, want := range map[string]string{"field-lunar_year": tc.year, "field-lunar_month": tc.month, "field-lunar_day": tc.day} {
					sel := testutil.ByTestID(d, id)
					if got := sel.Find("option[selected]").AttrOr("value", "?"); got != want {
						t.Errorf("%s %s: %s = %q, want %q kept", tc.name, lang, id, got, want)
					}
					if !strings.Contains(sel.AttrOr("aria-describedby", ""), "err-"+tc.field) {
						t.Errorf("%s: %s not linked to its error", tc.name, id)
					}
				}
				if _, ok := testutil.ByTestID(d, "field-calendar-lunar").Attr("checked"); !ok {
					t.Errorf("%s: lunar calendar not kept", tc.name)
				}
			}
		}
	}

	// A lunar chart's "change the input" link fills the selects (and the
	// Gregorian date of the same day); the hint no longer promises a format
	// the date widget does not show; every year with a leap month says so.
	for _, lang := range i18n.Langs {
		d := testutil.HTML(t, app.Get(t, "/chart/new?date=2020-04-01&calendar=lunar&leap_month=1&tz=UTC&gender=male&lang="+string(lang)).Body)
		for id, want := range map[string]string{"field-lunar_year": "2020", "field-lunar_month": "L4", "field-lunar_day": "1"} {
			if got := testutil.ByTestID(d, id).Find("option[selected]").AttrOr("value", ""); got != want {
				t.Errorf("%s: prefilled %s = %q, want %q", lang, id, got, want)
			}
		}
		if got := testutil.ByTestID(d, "field-date").AttrOr("value", ""); got != "2020-05-23" {
			t.Errorf("%s: Gregorian date of 闰四月初一 2020 = %q", lang, got)
		}
		if hint := d.Find("#hint-date").Text(); strings.Contains(hint, "YYYY") {
			t.Errorf("%s: date hint %q names a format the widget does not use", lang, hint)
		}
		if opt := testutil.ByTestID(d, "field-lunar_year").Find(`option[value="2020"]`).Text(); !strings.Contains(opt, "4") && !strings.Contains(opt, "四") {
			t.Errorf("%s: year 2020 does not show its leap month: %q", lang, opt)
		}
		if n := testutil.ByTestID(d, "field-lunar_month").Find("option").Length(); n != 25 {
			t.Errorf("%s: %d month options, want 12 + 12 leap + the prompt", lang, n)
		}
		if n := testutil.ByTestID(d, "field-lunar_day").Find("option").Length(); n != 31 {
			t.Errorf("%s: %d day options, want 30 + the prompt", lang, n)
		}
	}
}

// In the browser at phone width: choosing 农历 swaps the Gregorian date
// for the lunar selects, and 二月三十 1990 goes through to the chart.
func TestBrowserBirthFormLunarDate(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(app.URL+"/chart/new?lang=zh-Hans"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="field-date"]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`[data-testid="field-lunar_year"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="field-calendar-lunar"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="field-lunar_day"]`)),
		chromedp.WaitNotVisible(chromedp.CSS(`[data-testid="field-date"]`)),
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-lunar_year"]`), "1989"),
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-lunar_month"]`), "2"),
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-lunar_day"]`), "30"),
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-time"]`), "08:00"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-place"]`), "Beijing"),
		chromedp.Click(chromedp.CSS(`[data-testid="field-gender-female"]`)),
	)
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 360 {
		t.Errorf("form is %d px wide at 360 px", w)
	}
	testutil.Screenshot(t, ctx, "form-lunar-phone")
	// 1989's 二月 has 29 days: refused beside the selects, choice kept.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="form-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="lunar-date"] [data-testid="error-date"]`)),
	)
	if day := testutil.EvalString(t, ctx, `document.querySelector('[data-testid="field-lunar_day"]').value`); day != "30" {
		t.Errorf("day after the error = %q", day)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-lunar_year"]`), "1990"),
		chromedp.Click(chromedp.CSS(`[data-testid="form-submit"]`)),
	)
	waitForChartURL(t, ctx, "date=1990-02-30&time=08%3A00&calendar=lunar")
	for _, p := range console.Problems() {
		if !strings.Contains(p, "status of 404") {
			t.Errorf("console: %s", p)
		}
	}
}
