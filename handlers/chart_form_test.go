package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// postForm sends the birth form as a browser would, optionally as htmx.
func postForm(t *testing.T, app *testutil.App, v url.Values, lang string, htmx bool) *testutil.Response {
	t.Helper()
	var headers []string
	if lang != "" {
		headers = append(headers, "Accept-Language", lang)
	}
	if htmx {
		headers = append(headers, "HX-Request", "true")
	}
	return app.PostForm(t, "/chart", v, headers...)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func TestBirthFormRendersInEveryLanguage(t *testing.T) {
	app := startAPI(t)
	catalog := i18n.MustLoad()
	for _, lang := range i18n.Langs {
		for _, path := range []string{"/chart/new", "/"} {
			res := app.Get(t, path+"?lang="+string(lang))
			if res.StatusCode != 200 {
				t.Fatalf("%s %s: %d", lang, path, res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			form := testutil.ByTestID(d, "birth-form")
			if form.Length() != 1 || form.AttrOr("action", "") != "/chart" || form.AttrOr("method", "") != "post" ||
				form.AttrOr("hx-post", "") != "/chart" || form.AttrOr("hx-target", "") != "this" || form.AttrOr("hx-swap", "") != "outerHTML" {
				t.Fatalf("%s %s: form element wrong: %d", lang, path, form.Length())
			}
			if form.Find(`input[name="_csrf"]`).Length() != 1 {
				t.Errorf("%s: no _csrf input", lang)
			}
			// Every control is labelled, and the labels are in the page's language.
			form.Find("input:not([type=hidden]), select").Each(func(_ int, s *goquery.Selection) {
				id := s.AttrOr("id", "")
				if id == "" || d.Find(`label[for="`+id+`"]`).Length() != 1 {
					t.Errorf("%s %s: control %s has no label", lang, path, s.AttrOr("name", "?"))
				}
			})
			for field, key := range map[string]string{"f-date": "form.date.label", "f-time": "form.time.label", "f-place": "form.place.label", "f-tz": "form.tz.label", "f-lon": "form.lon.label", "f-luck_method": "form.luck.label"} {
				if got := strings.TrimSpace(d.Find(`label[for="` + field + `"]`).Text()); got != catalog.T(lang, key) {
					t.Errorf("%s %s: label of %s = %q", lang, path, field, got)
				}
			}
			for _, id := range []string{"field-date", "field-time", "field-time_unknown", "field-calendar-solar", "field-calendar-lunar", "field-lunar_year", "field-lunar_month", "field-lunar_day",
				"field-place", "field-tz", "field-lon", "field-lat", "field-gender-male", "field-gender-female", "field-name",
				"field-true_solar_time", "field-zi_rule-next-day", "field-zi_rule-split", "field-luck_method", "form-submit"} {
				if testutil.ByTestID(d, id).Length() != 1 {
					t.Errorf("%s %s: no %s", lang, path, id)
				}
			}
			// Engine defaults are selected.
			if _, ok := testutil.ByTestID(d, "field-calendar-solar").Attr("checked"); !ok {
				t.Errorf("%s: solar is not the default", lang)
			}
			if _, ok := testutil.ByTestID(d, "field-zi_rule-next-day").Attr("checked"); !ok {
				t.Errorf("%s: next-day is not the default", lang)
			}
			if v, _ := testutil.ByTestID(d, "field-luck_method").Find("option[selected]").Attr("value"); v != "exact" {
				t.Errorf("%s: luck method default = %q", lang, v)
			}
			if strings.Contains(res.Body, ">form.") || strings.Contains(res.Body, `"form.`) {
				t.Errorf("%s %s: an untranslated key shows", lang, path)
			}
		}
	}
}

func TestBirthFormPrefillsFromQuery(t *testing.T) {
	app := startAPI(t)
	d := testutil.HTML(t, app.Get(t, "/chart/new?date=1988-02-15&time=23:30&tz=Asia%2FShanghai&gender=female&zi_rule=split&name=Li").Body)
	for id, want := range map[string]string{"field-date": "1988-02-15", "field-time": "23:30", "field-tz": "Asia/Shanghai", "field-name": "Li"} {
		if got := testutil.ByTestID(d, id).AttrOr("value", ""); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	for _, id := range []string{"field-gender-female", "field-zi_rule-split"} {
		if _, ok := testutil.ByTestID(d, id).Attr("checked"); !ok {
			t.Errorf("%s not checked", id)
		}
	}
	if testutil.ByTestID(d, "form-errors").Length() != 0 {
		t.Error("a prefilled form shows errors")
	}
}

// RenderForm is what the chart page shows for a bad /chart URL: the whole
// page, the input in the fields, the error beside its field.
func TestRenderFormShowsTheChartPageError(t *testing.T) {
	site := &handlers.Site{I18n: i18n.MustLoad(), Asset: func(name string) string { return "/static/" + name }}
	form := handlers.NewChartForm(site)
	app := testutil.StartApp(t, testutil.WithRoutes(func(r fiber.Router) {
		r.Get("/probe/chart", func(c *fiber.Ctx) error {
			req, name, ferr := chartinput.FromQuery(func(k string) string { return c.Query(k) })
			var err error
			if ferr != nil {
				err = ferr
			} else if _, err = chartinput.Resolve(req); err == nil {
				return c.SendString("chart")
			}
			return form.RenderForm(c, fiber.StatusBadRequest, req, name, err)
		})
	}))
	res := app.Get(t, "/probe/chart?date=1700-01-01&tz=Asia%2FShanghai&gender=male&name=Li&lang=zh-Hant")
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := testutil.HTML(t, res.Body)
	if got, want := strings.TrimSpace(testutil.ByTestID(d, "error-date").Text()), expectedMessage(site.I18n, i18n.TraditionalChinese, "date", "out_of_range"); got != want {
		t.Errorf("error-date = %q, want %q", got, want)
	}
	if testutil.ByTestID(d, "field-date").AttrOr("value", "") != "1700-01-01" || testutil.ByTestID(d, "field-name").AttrOr("value", "") != "Li" || d.Find("html[lang=zh-Hant] header").Length() != 1 {
		t.Error("input not kept or not a whole page")
	}
	// No time in the URL means the time was unknown.
	if _, ok := testutil.ByTestID(d, "field-time_unknown").Attr("checked"); !ok {
		t.Error("time unknown not ticked")
	}
	d = testutil.HTML(t, app.Get(t, "/probe/chart?date=2000-01-01&time=12:00&tz=UTC&gender=male&lon=abc").Body)
	if testutil.ByTestID(d, "error-lon").Length() != 1 {
		t.Error("bad longitude in the URL not shown")
	}
}

func validBirth() url.Values {
	return url.Values{"date": {"1988-02-15"}, "time": {"23:30"}, "place": {"Beijing"}, "gender": {"male"}, "name": {"  Wang  "}, "_csrf": {""}}
}

func TestBirthFormSubmitRedirectsToTheChart(t *testing.T) {
	app := startAPI(t)
	res := postForm(t, app, validBirth(), "", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("status %d: %s", res.StatusCode, res.Body)
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/chart?date=1988-02-15&time=23%3A30&tz=Asia%2FShanghai&lon=") || !strings.Contains(loc, "&place=Beijing&gender=male&name=Wang") {
		t.Fatalf("Location = %q", loc)
	}
	// The URL holds everything: it parses back to a request that resolves.
	u, _ := url.Parse(loc)
	req, name, ferr := chartinput.FromQuery(u.Query().Get)
	if ferr != nil || name != "Wang" {
		t.Fatalf("parse %q: %v %q", loc, ferr, name)
	}
	if _, err := chartinput.Resolve(req); err != nil {
		t.Fatalf("resolve %q: %v", loc, err)
	}

	res = postForm(t, app, validBirth(), "", true)
	if res.StatusCode != 200 || res.Header.Get("HX-Redirect") != loc || res.Header.Get("Location") != "" {
		t.Fatalf("htmx: %d HX-Redirect=%q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}

	// Time unknown, lunar leap month, options and a manual zone.
	v := url.Values{"date": {"2020-04-10"}, "time": {"10:00"}, "time_unknown": {"1"}, "calendar": {"lunar"}, "leap_month": {"1"},
		"tz": {"+08:00"}, "lon": {"116,4"}, "gender": {"female"}, "true_solar_time": {"1"}, "zi_rule": {"split"}, "luck_method": {"days"}}
	res = postForm(t, app, v, "", false)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lunar: %d %s", res.StatusCode, res.Body)
	}
	if got, want := res.Header.Get("Location"), "/chart?date=2020-04-10&calendar=lunar&leap_month=1&tz=%2B08%3A00&lon=116.4&gender=female&true_solar_time=1&zi_rule=split&luck_method=days"; got != want {
		t.Fatalf("Location = %q\nwant       %q", got, want)
	}
}

// Each mistake gets its own message next to its field, in the page's
// language, and what was typed stays in the inputs.
func TestBirthFormErrorsShowNextToTheirField(t *testing.T) {
	app := startAPI(t)
	catalog := i18n.MustLoad()
	with := func(kv ...string) url.Values {
		v := validBirth()
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				v.Del(kv[i])
			} else {
				v.Set(kv[i], kv[i+1])
			}
		}
		return v
	}
	cases := []struct {
		name, field, code string
		form              url.Values
		kept              map[string]string // data-testid → value still shown
	}{
		{"missing date", "date", "required", with("date", ""), map[string]string{"field-time": "23:30", "field-place": "Beijing"}},
		{"impossible date", "date", "invalid_date", with("date", "2023-02-30"), map[string]string{"field-date": "2023-02-30"}},
		{"out of range", "date", "out_of_range", with("date", "1700-01-01"), map[string]string{"field-date": "1700-01-01"}},
		{"missing time", "time", "required", with("time", ""), map[string]string{"field-date": "1988-02-15"}},
		{"missing date and time: the date first", "date", "required", with("date", "", "time", ""), map[string]string{"field-place": "Beijing"}},
		{"bad time", "time", "invalid_time", with("time", "25:61"), map[string]string{"field-time": "25:61"}},
		{"DST gap", "time", "dst_gap", with("date", "2021-03-14", "time", "02:30", "place", "", "tz", "America/New_York"), map[string]string{"field-time": "02:30", "field-tz": "America/New_York"}},
		{"unknown place", "place", "unknown_place", with("place", "Xyzzyville"), map[string]string{"field-place": "Xyzzyville", "field-name": "  Wang  "}},
		{"true solar time without longitude", "lon", "required", with("place", "", "tz", "Asia/Shanghai", "true_solar_time", "on"), map[string]string{"field-tz": "Asia/Shanghai"}},
		{"bad longitude", "lon", "invalid_number", with("place", "", "tz", "Asia/Shanghai", "lon", "east-ish"), map[string]string{"field-lon": "east-ish"}},
		{"missing gender", "gender", "required", with("gender", ""), map[string]string{"field-date": "1988-02-15"}},
		{"unknown zone", "tz", "unknown_tz", with("place", "", "tz", "Mars/Olympus"), map[string]string{"field-tz": "Mars/Olympus"}},
	}
	seen := map[string]string{}
	for _, tc := range cases {
		for _, lang := range i18n.Langs {
			for _, htmx := range []bool{false, true} {
				res := postForm(t, app, tc.form, string(lang), htmx)
				wantStatus := http.StatusUnprocessableEntity
				if htmx {
					wantStatus = http.StatusOK
				}
				if res.StatusCode != wantStatus {
					t.Fatalf("%s %s htmx=%v: status %d", tc.name, lang, htmx, res.StatusCode)
				}
				d := testutil.HTML(t, res.Body)
				if htmx && (d.Find("html header").Length() != 0 || testutil.ByTestID(d, "birth-form").Length() != 1) {
					t.Fatalf("%s: htmx answer is not the form fragment", tc.name)
				}
				errEl := testutil.ByTestID(d, "error-"+tc.field)
				msg := strings.TrimSpace(errEl.Text())
				want := expectedMessage(catalog, lang, tc.field, tc.code)
				if errEl.Length() != 1 || msg != want {
					t.Fatalf("%s %s: error-%s = %q, want %q", tc.name, lang, tc.field, msg, want)
				}
				if lang != i18n.English && msg == expectedMessage(catalog, i18n.English, tc.field, tc.code) {
					t.Errorf("%s %s: message is not translated: %q", tc.name, lang, msg)
				}
				// Next to its field: in the same block, and linked for screen readers.
				input := testutil.ByTestID(d, "field-"+tc.field)
				if tc.field == "gender" {
					input = testutil.ByTestID(d, "field-gender-male")
				}
				if !strings.Contains(input.AttrOr("aria-describedby", ""), "err-"+tc.field) || input.AttrOr("aria-invalid", "") != "true" {
					t.Errorf("%s: %s not linked to its error: %v", tc.name, tc.field, input.Nodes)
				}
				if errEl.Parent().Find(`[data-testid^="field-`+tc.field+`"]`).Length() == 0 {
					t.Errorf("%s: error is not beside its field", tc.name)
				}
				if d.Find(`[data-testid^="error-"]`).Length() != 1 {
					t.Errorf("%s: %d error messages", tc.name, d.Find(`[data-testid^="error-"]`).Length())
				}
				for id, v := range tc.kept {
					if got := testutil.ByTestID(d, id).AttrOr("value", ""); got != v {
						t.Errorf("%s %s: %s = %q, want %q kept", tc.name, lang, id, got, v)
					}
				}
				if tc.field == "lon" || tc.field == "tz" || tc.field == "place" {
					if _, open := testutil.ByTestID(d, "manual-place").Attr("open"); !open {
						t.Errorf("%s: manual place entry is closed", tc.name)
					}
				}
			}
		}
		key := tc.field + "." + tc.code
		if other, dup := seen[expectedMessage(catalog, i18n.English, tc.field, tc.code)]; dup && other != key {
			t.Errorf("%s and %s share a message", key, other)
		}
		seen[expectedMessage(catalog, i18n.English, tc.field, tc.code)] = key
	}
}

// expectedMessage mirrors the form's lookup order.
func expectedMessage(c *i18n.Catalog, lang i18n.Lang, field, code string) string {
	for _, k := range []string{"error.field." + field + "." + code, "form.error." + field + "." + code} {
		if c.Has(k) {
			return c.T(lang, k)
		}
	}
	return "no translation for " + field + "." + code
}

func TestPlaceSuggestions(t *testing.T) {
	app := startAPI(t)
	cases := []struct{ q, lang, want, tz string }{
		{"beijing", "zh-Hans", "北京", "Asia/Shanghai"},
		{"北京", "zh-Hans", "北京", "Asia/Shanghai"},
		{"北京市", "zh-Hans", "北京", "Asia/Shanghai"},
		{"taibei", "zh-Hant", "臺北", "Asia/Taipei"},
		{"shangh", "en", "Shanghai", "Asia/Shanghai"},
	}
	for _, tc := range cases {
		res := app.Get(t, "/places/suggest?q="+url.QueryEscape(tc.q)+"&lang="+tc.lang, "HX-Request", "true")
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", tc.q, res.StatusCode)
		}
		d := testutil.HTML(t, res.Body)
		first := testutil.ByTestID(d, "place-option").First()
		if got := first.AttrOr("data-name", ""); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s (%s): first suggestion %q, want %s", tc.q, tc.lang, got, tc.want)
		}
		if first.AttrOr("data-tz", "") != tc.tz || first.AttrOr("data-lon", "") == "" || first.AttrOr("data-lat", "") == "" {
			t.Errorf("%s: attributes %v", tc.q, first.Nodes)
		}
		if first.Is("button") == false || first.AttrOr("type", "") != "button" {
			t.Errorf("%s: suggestions must be buttons", tc.q)
		}
	}
	// English shows the Chinese name beside the English one.
	d := testutil.HTML(t, app.Get(t, "/places/suggest?q=beijing&lang=en").Body)
	if first := testutil.ByTestID(d, "place-option").First(); first.AttrOr("data-name", "") != "Beijing" || !strings.Contains(first.Text(), "北京") {
		t.Errorf("en suggestion: %q %q", first.AttrOr("data-name", ""), first.Text())
	}
	// The place input sends its own name.
	d = testutil.HTML(t, app.Get(t, "/places/suggest?place=guangzhou&lang=zh-Hant").Body)
	if got := testutil.ByTestID(d, "place-option").First().AttrOr("data-name", ""); !strings.HasPrefix(got, "廣州") {
		t.Errorf("place=guangzhou: %q", got)
	}
	for _, q := range []string{"", "%20%20"} {
		if res := app.Get(t, "/places/suggest?q="+q); res.StatusCode != 200 || strings.TrimSpace(res.Body) != "" {
			t.Errorf("empty q: %d %q", res.StatusCode, res.Body)
		}
	}
	res := app.Get(t, "/places/suggest?q=xyzzyplugh&lang=zh-Hans")
	if d := testutil.HTML(t, res.Body); testutil.ByTestID(d, "place-empty").Length() != 1 || !strings.Contains(res.Body, "未找到该地点") {
		t.Errorf("no match: %q", res.Body)
	}
}

// The typeahead in a real browser: type, pick, and the zone and longitude
// are filled in; submitting lands on the chart URL.
func TestBrowserBirthFormWithPlaceSearch(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)

	// The home page carries the form too; look at it in the dark theme.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/?lang=zh-Hans"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="home-form"] [data-testid="birth-form"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-theme-toggle]`)),
		chromedp.Click(chromedp.CSS(`[data-theme-toggle]`)),
	)
	testutil.Screenshot(t, ctx, "home-form-dark")
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-theme-toggle]`)))

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart/new?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="birth-form"]`)),
	)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!!window.htmx`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("htmx not loaded: %v", err)
	}
	// Only the date fields of the chosen calendar show; "time unknown" turns the time off.
	hiddenOf := func(id string) bool {
		h, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-testid="`+id+`"]').hidden`))
		return h
	}
	if !hiddenOf("lunar-date") || hiddenOf("solar-date") {
		t.Error("lunar selects shown (or date hidden) for a solar date")
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="field-calendar-lunar"]`)))
	if hiddenOf("lunar-date") || !hiddenOf("solar-date") {
		t.Error("lunar selects hidden (or date shown) for a lunar date")
	}
	testutil.Step(t, ctx, 10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="field-calendar-solar"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="field-time_unknown"]`)),
	)
	if off, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("f-time").disabled`)); !off {
		t.Error("time input still enabled with time unknown")
	}
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="field-time_unknown"]`)))

	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-place"]`), "shangh"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="place-option"][data-tz="Asia/Shanghai"]`)),
	)
	testutil.Screenshot(t, ctx, "form-suggestions")
	// At phone width nothing sticks out sideways.
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(375, 800))
	if w, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 375 {
		t.Errorf("page is %d px wide at 375 px", w)
	}
	testutil.Screenshot(t, ctx, "form-phone")
	testutil.Step(t, ctx, 10*time.Second, chromedp.EmulateViewport(1280, 900))
	// Keyboard: ArrowDown moves into the list.
	testutil.Step(t, ctx, 10*time.Second, chromedp.KeyEvent(kb.ArrowDown))
	focused, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.activeElement && document.activeElement.hasAttribute("data-place-option")`))
	if !focused {
		t.Error("ArrowDown did not move into the suggestions")
	}
	testutil.Step(t, ctx, 10*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="place-option"][data-tz="Asia/Shanghai"]`)),
		chromedp.WaitNotPresent(chromedp.CSS(`[data-testid="place-option"]`)),
	)
	tz, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-tz"]`)))
	lon, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-lon"]`)))
	place, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-place"]`)))
	if tz != "Asia/Shanghai" || !strings.HasPrefix(lon, "121.") || place != "Shanghai" {
		t.Fatalf("after picking: place %q tz %q lon %q", place, tz, lon)
	}

	// Submit with a missing gender first: the error comes back inline (htmx
	// fragment), the typed place is kept, then fix it and submit.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-date"]`), "1990-06-01"),
		chromedp.SetValue(chromedp.CSS(`[data-testid="field-time"]`), "08:15"),
		chromedp.Click(chromedp.CSS(`[data-testid="form-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-gender"]`)),
	)
	testutil.Screenshot(t, ctx, "form-error")
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement && document.activeElement.name`)); focused != "gender" {
		t.Errorf("focus after the error is on %q, want the gender field", focused)
	}
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); !strings.HasSuffix(loc, "/chart/new?lang=en") {
		t.Fatalf("an error left the page: %s", loc)
	}
	if tz, _ = chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-tz"]`))); tz != "Asia/Shanghai" {
		t.Fatalf("tz lost after the error: %q", tz)
	}
	if p := console.Problems(); len(p) > 0 {
		t.Fatalf("console problems:\n%s", strings.Join(p, "\n"))
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Click(chromedp.CSS(`[data-testid="field-gender-female"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="form-submit"]`)),
	)
	waitForChartURL(t, ctx, "tz=Asia%2FShanghai")
	// The chart itself: 1990-06-01 08:15 Shanghai is 庚午 year, 辛巳 month.
	testutil.Step(t, ctx, 20*time.Second, chromedp.WaitVisible(chromedp.CSS(`[data-testid="pillars"]`)))
	year, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="stem-year"] span').textContent + document.querySelector('[data-testid="branch-year"] span').textContent`))
	month, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid="stem-month"] span').textContent + document.querySelector('[data-testid="branch-month"] span').textContent`))
	if year != "庚午" || month != "辛巳" {
		t.Fatalf("chart after submitting: year %q month %q", year, month)
	}
}

// The form without JavaScript: a plain POST and a redirect.
func TestBrowserBirthFormWithoutJavaScript(t *testing.T) {
	app := startAPI(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disable scripts: %v", err)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/chart/new?lang=zh-Hant&date=1975-08-20&time=06:05&gender=male"),
		chromedp.WaitReady(chromedp.CSS(`[data-testid="birth-form"]`)),
	)
	if loaded, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!window.htmx`)); loaded {
		t.Log("note: DevTools evaluation still sees htmx; scripts may not be disabled")
	}
	// Without the script both calendars' date fields are simply there.
	for _, id := range []string{"solar-date", "lunar-date"} {
		if hidden, _ := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`[data-testid="`+id+`"]`), "hidden")); hidden.Exists {
			t.Errorf("%s hidden without JavaScript", id)
		}
	}
	// A place the gazetteer lacks: the server says so; enter the zone by hand.
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-place"]`), "Atlantis"),
		chromedp.Click(chromedp.CSS(`[data-testid="form-submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="error-place"]`)),
	)
	msg, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid="error-place"]`)))
	if want := expectedMessage(i18n.MustLoad(), i18n.TraditionalChinese, "place", "unknown_place"); strings.TrimSpace(msg) != want {
		t.Errorf("error-place = %q, want %q", msg, want)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(`[data-testid="field-date"]`))); v != "1975-08-20" {
		t.Errorf("date not kept: %q", v)
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Clear(chromedp.CSS(`[data-testid="field-place"]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-tz"]`), "Asia/Taipei"),
		chromedp.SendKeys(chromedp.CSS(`[data-testid="field-lon"]`), "121.5"),
		chromedp.Click(chromedp.CSS(`[data-testid="form-submit"]`)),
	)
	waitForChartURL(t, ctx, "date=1975-08-20&time=06%3A05&tz=Asia%2FTaipei&lon=121.5&gender=male")
	// Chromium logs the document's own status: 422 for the form with an
	// error (as intended) and 404 while the chart page does not exist yet.
	for _, p := range console.Problems() {
		if !strings.Contains(p, "status of 422") && !strings.Contains(p, "status of 404") {
			t.Errorf("console: %s", p)
		}
	}
}

func waitForChartURL(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	testutil.Eventually(t, 15*time.Second, func() error {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			return err
		}
		u, err := url.Parse(loc)
		if err != nil || u.Path != "/chart" || !strings.Contains(u.RawQuery, want) {
			return testutil.Errorf("location %s", loc)
		}
		return nil
	})
}
