package handlers_test

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/handlers"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/i18n"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

const (
	compatA = "date=1990-05-17&time=08:30&tz=Asia%2FShanghai&gender=male&name=Li+Wei"
	compatB = "date=1992-11-03&time=21:10&tz=Asia%2FShanghai&gender=female&name=Wang+Fang"
)

func compatURL(a, b string, extra ...string) string {
	v := url.Values{"a": {a}, "b": {b}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return "/compatibility?" + v.Encode()
}

func TestCompatibilityPage(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()

	// The form alone.
	res := guest.Get(t, "/compatibility?lang=en")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `data-testid="compat-form"`) || strings.Contains(res.Body, `data-testid="compat-report"`) {
		t.Fatalf("empty page: %d %.300s", res.StatusCode, res.Body)
	}

	// The report, in every language; a chart URL works as well as a query.
	for lang, words := range map[string][]string{
		"en":      {"Day masters", "Element complementarity", "Overall score", "Li Wei", "Wang Fang", "A's day master 壬 and B's 癸 share an element (水水)"},
		"zh-Hans": {"日主关系", "五行互补", "总分"},
		"zh-Hant": {"日主關係", "五行互補", "總分"},
	} {
		res := guest.Get(t, compatURL("https://example.test/chart?"+compatA, compatB, "lang", lang))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %.500s", lang, res.StatusCode, res.Body)
		}
		for _, id := range []string{"compat-report", "compat-overall", "compat-breakdown", "compat-part-day_master", "compat-part-stems", "compat-part-branches", "compat-part-elements", "compat-part-luck"} {
			if !strings.Contains(res.Body, `data-testid="`+id+`"`) {
				t.Errorf("%s: %s missing", lang, id)
			}
		}
		for _, w := range words {
			if !strings.Contains(res.Body, html.EscapeString(w)) {
				t.Errorf("%s: %q missing", lang, w)
			}
		}
		if strings.Contains(res.Body, "compat.") {
			t.Errorf("%s: an untranslated key is shown", lang)
		}
	}

	// Bad input names the person and the field; never a 500.
	for _, tc := range []struct {
		a, b, want string
	}{
		{"date=1990-02-31&tz=UTC&gender=male", compatB, "Person A, Date of birth"},
		{compatA, "date=1992-11-03&tz=UTC", "Person B, "},
		{compatA, "", "Person B: enter"},
		{"%zz", compatB, "Person A: the chart link could not be read"},
	} {
		res := guest.Get(t, compatURL(tc.a, tc.b, "lang", "en"))
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="compat-errors"`) {
			t.Errorf("%q / %q: %d", tc.a, tc.b, res.StatusCode)
			continue
		}
		if !strings.Contains(res.Body, tc.want) {
			i := strings.Index(res.Body, `compat-errors`)
			t.Errorf("%q / %q: %q missing in %.400s", tc.a, tc.b, tc.want, res.Body[max(0, i):])
		}
	}
	res = guest.Get(t, compatURL("date=1990-02-31&tz=UTC&gender=male", compatB, "lang", "zh-Hans"))
	if !strings.Contains(res.Body, "甲方") {
		t.Errorf("zh-Hans error does not name the person")
	}
}

func TestCompatibilitySavedCharts(t *testing.T) {
	app := testutil.StartApp(t)
	owner, ob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("compat-owner"), Verified: true})
	other, _ := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("compat-other"), Verified: true})
	xferChart(t, app, owner.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: "Mine-" + strconv.FormatInt(owner.ID, 10)}, false)
	xferChart(t, app, other.ID, xferReq("1970-01-01", "10:00", "UTC", "female"), chartstore.Meta{Name: "Theirs-" + strconv.FormatInt(other.ID, 10)}, false)

	res := ob.Get(t, "/compatibility?lang=en")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%d", res.StatusCode)
	}
	if !strings.Contains(res.Body, `data-testid="compat-saved-a"`) || !strings.Contains(res.Body, "Mine-"+strconv.FormatInt(owner.ID, 10)) {
		t.Errorf("own saved chart missing from the selects")
	}
	if strings.Contains(res.Body, "Theirs-") {
		t.Errorf("another user's chart is offered")
	}
	// A guest gets no selects.
	if res := app.NewSession().Get(t, "/compatibility"); strings.Contains(res.Body, `data-testid="compat-saved-a"`) {
		t.Errorf("guest sees saved-chart selects")
	}
	// Picking a saved chart goes to the canonical, shareable URL.
	res = ob.Get(t, "/compatibility?a=&b="+url.QueryEscape(compatB)+"&a_saved="+url.QueryEscape("date=1988-02-15&time=23:30&tz=Asia%2FShanghai&gender=male"))
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/compatibility?") || !strings.Contains(loc, "1988-02-15") || !strings.Contains(loc, "1992-11-03") {
		t.Fatalf("pick: %d %q", res.StatusCode, loc)
	}
	if res := ob.Get(t, loc); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `data-testid="compat-report"`) {
		t.Errorf("canonical URL: %d", res.StatusCode)
	}
}

func TestBrowserCompatibility(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := testutil.Browser(t)
	console := testutil.WatchConsole(ctx)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(app.URL+compatURL(compatA, compatB, "lang", "en")),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="compat-report"]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="compat-overall"]`)),
	)
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid="compat-bar"]').length`)); err != nil || n != 5 {
		t.Errorf("score bars: %d %v", n, err)
	}
	if w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || w > 375 {
		t.Errorf("page is %d px wide at 375 px (%v)", w, err)
	}
	testutil.Screenshot(t, ctx, "compatibility-phone")
	if p := console.Problems(); len(p) > 0 {
		t.Errorf("console: %v", p)
	}
}

// failingCharts is a saved-chart store whose database is down.
type failingCharts struct{}

func (failingCharts) ForExport(context.Context, int64, []int64) ([]models.SavedChart, error) {
	return nil, errors.New("database is down")
}

// The report needs no database: a signed-in user whose saved charts
// cannot be read still gets the report, with a note instead of the pickers.
func TestCompatibilityWithoutSavedCharts(t *testing.T) {
	site := &handlers.Site{I18n: i18n.MustLoad(), Asset: func(name string) string { return "/static/" + name }}
	h := handlers.NewCompat(site, handlers.CompatDeps{Charts: failingCharts{}})
	app := fiber.New()
	app.Use(func(c *fiber.Ctx) error {
		c.Locals(handlers.LocalUser, &models.User{ID: 7, DisplayName: "Seven"})
		return c.Next()
	})
	app.Get("/compatibility", h.Show)
	res, err := app.Test(httptest.NewRequest(http.MethodGet, compatURL(compatA, compatB), nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), `data-testid="compat-report"`) || !strings.Contains(string(body), `data-testid="compat-saved-unavailable"`) {
		t.Fatalf("%d %.300s", res.StatusCode, body)
	}
}

func TestCompatibilityEnterByFields(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()

	// Both people entered by their birth-data fields: 303 to the canonical
	// URL holding both chart queries, and that URL renders the report.
	form := url.Values{
		"a": {""}, "a_date": {"1990-05-17"}, "a_time": {"08:30"}, "a_place": {"Beijing"}, "a_gender": {"male"},
		"b": {""}, "b_date": {"1992-11-03"}, "b_time_unknown": {"on"}, "b_place": {"Shanghai"}, "b_gender": {"female"},
		"lang": {"en"},
	}
	res := guest.Get(t, "/compatibility?"+form.Encode())
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/compatibility?") {
		t.Fatalf("fields: %d %q %.300s", res.StatusCode, loc, res.Body)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if len(q) != 2 {
		t.Errorf("canonical URL has more than a and b: %q", loc)
	}
	qa, qb := q.Get("a"), q.Get("b")
	for _, want := range []string{"date=1990-05-17", "time=08%3A30", "tz=Asia%2FShanghai", "lon=", "place=Beijing", "gender=male"} {
		if !strings.Contains(qa, want) {
			t.Errorf("a = %q, %q missing", qa, want)
		}
	}
	for _, want := range []string{"date=1992-11-03", "place=Shanghai", "gender=female"} {
		if !strings.Contains(qb, want) {
			t.Errorf("b = %q, %q missing", qb, want)
		}
	}
	if strings.Contains(qb, "time=") {
		t.Errorf("b = %q: time unknown still has a time", qb)
	}
	res = guest.Get(t, loc)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `data-testid="compat-report"`) || !strings.Contains(res.Body, `data-testid="compat-overall"`) {
		t.Fatalf("canonical URL: %d %.300s", res.StatusCode, res.Body)
	}

	// One person by fields, the other by a pasted link.
	res = guest.Get(t, "/compatibility?"+url.Values{"a": {"https://example.test/chart?" + compatA}, "b_date": {"1992-11-03"}, "b_time": {"21:10"}, "b_place": {"Shanghai"}, "b_gender": {"female"}}.Encode())
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, url.QueryEscape(compatA)) {
		t.Errorf("mixed: %d %q", res.StatusCode, loc)
	}
}

func TestCompatibilityFieldsBadInput(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()

	form := url.Values{
		"a_date": {"1990-05-17"}, "a_time": {"08:30"}, "a_place": {"Beijing"}, "a_gender": {"male"},
		"b_date": {"1992-02-31"}, "b_time": {"21:10"}, "b_place": {"Shanghai"}, "b_gender": {"female"},
		"lang": {"en"},
	}
	res := guest.Get(t, "/compatibility?"+form.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	b := res.Body
	i := strings.Index(b, `id="error-b_date"`)
	if i < 0 {
		t.Fatalf("no error next to B's date: %.2000s", b)
	}
	if !strings.Contains(b[i:min(len(b), i+400)], "Person B, ") {
		t.Errorf("B's date error does not name the person: %.300s", b[i:])
	}
	// The message sits right after B's date input, which points at it.
	field := strings.Index(b, `name="b_date"`)
	if field < 0 || field > i || strings.Contains(b[field:i], `name="b_time"`) {
		t.Errorf("error-b_date is not next to the b_date field")
	}
	if !strings.Contains(b[field-400:i], `aria-describedby="error-b_date"`) {
		t.Errorf("b_date is not described by its error")
	}
	for _, id := range []string{"error-a_date", "error-b_time", "error-b_place", "error-b_gender"} {
		if strings.Contains(b, `id="`+id+`"`) {
			t.Errorf("%s shown", id)
		}
	}
	// Everything typed is kept.
	for _, kept := range []string{`value="1992-02-31"`, `value="21:10"`, `value="Shanghai"`, `value="1990-05-17"`, `value="Beijing"`} {
		if !strings.Contains(b, kept) {
			t.Errorf("%s not kept", kept)
		}
	}
	if !regexpChecked(b, "b_gender-female") || !regexpChecked(b, "a_gender-male") || regexpChecked(b, "b_gender-male") {
		t.Errorf("gender choice not kept")
	}
	if !strings.Contains(b, `data-testid="compat-errors"`) {
		t.Errorf("no error summary")
	}

	// A forgotten time without the box ticked is refused next to the time.
	res = guest.Get(t, "/compatibility?"+url.Values{"a": {compatA}, "b_date": {"1992-11-03"}, "b_place": {"Shanghai"}, "b_gender": {"female"}, "lang": {"en"}}.Encode())
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="error-b_time"`) {
		t.Errorf("missing time: %d", res.StatusCode)
	}
}

// regexpChecked reports whether the input with data-testid field-<id> is
// checked.
func regexpChecked(body, id string) bool {
	i := strings.Index(body, `data-testid="field-`+id+`"`)
	if i < 0 {
		return false
	}
	start := strings.LastIndex(body[:i], "<input")
	end := i + strings.Index(body[i:], ">")
	return start >= 0 && strings.Contains(body[start:end], " checked")
}

func TestCompatibilityFieldLabelsTranslated(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()
	for lang, words := range map[string][]string{
		"en":      {"Enter Person A&#39;s birth data", "Enter Person B&#39;s birth data", "Date of birth", "Time of birth", "Time unknown", "Birthplace", "Gender", "Male", "Female"},
		"zh-Hans": {"输入甲方的出生资料", "输入乙方的出生资料", "出生日期", "出生时间", "时间不详", "出生地", "性别"},
		"zh-Hant": {"輸入甲方的出生資料", "輸入乙方的出生資料", "出生日期", "出生時間", "時間不詳", "出生地", "性別"},
	} {
		res := guest.Get(t, "/compatibility?lang="+lang)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		for _, w := range words {
			if !strings.Contains(res.Body, w) {
				t.Errorf("%s: %q missing", lang, w)
			}
		}
		for _, who := range []string{"a", "b"} {
			for _, f := range []string{"date", "time", "time_unknown", "place"} {
				if !strings.Contains(res.Body, `<label for="compat-`+who+`_`+f+`"`) {
					t.Errorf("%s: %s_%s has no label", lang, who, f)
				}
			}
			if !strings.Contains(res.Body, `type="date" id="compat-`+who+`_date" name="`+who+`_date"`) || !strings.Contains(res.Body, `type="time" id="compat-`+who+`_time" name="`+who+`_time"`) {
				t.Errorf("%s: %s date/time inputs missing", lang, who)
			}
			if !strings.Contains(res.Body, `name="`+who+`_gender" value="female"`) {
				t.Errorf("%s: %s gender radios missing", lang, who)
			}
		}
		if strings.Count(res.Body, "<details open") < 2 {
			t.Errorf("%s: the fields are not in open details", lang)
		}
		if strings.Contains(res.Body, "compat.") {
			t.Errorf("%s: an untranslated key is shown", lang)
		}
	}
}

// A chart page's "Compare" link opens the compatibility form with that
// chart as person A and no error; the header (on wide screens) and the
// footer (on every screen) link to the page in three languages.
func TestCompatibilityLinks(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()
	for _, lang := range uiLangs {
		page := testutil.HTML(t, guest.Get(t, "/chart?"+compatA+"&lang="+lang).Body)
		href, ok := page.Find(`[data-testid="compare-chart"]`).Attr("href")
		if !ok {
			t.Fatalf("%s: no compare link on the chart page", lang)
		}
		for _, id := range []string{"nav-compat", "footer-compat"} {
			if h, _ := page.Find(`[data-testid="` + id + `"]`).Attr("href"); h != "/compatibility" {
				t.Errorf("%s: %s links to %q", lang, id, h)
			}
		}
		res := guest.Get(t, href)
		form := testutil.HTML(t, res.Body)
		if res.StatusCode != http.StatusOK || form.Find(`[data-testid="compat-errors"]`).Length() != 0 {
			t.Fatalf("%s: compare link %s: %d, errors %q", lang, href, res.StatusCode, form.Find(`[data-testid="compat-errors"]`).Text())
		}
		a, _ := form.Find(`[data-testid="compat-input-a"]`).Attr("value")
		b, _ := form.Find(`[data-testid="compat-input-b"]`).Attr("value")
		if compatQueryOf(a) != compatQueryOf(compatA) || b != "" {
			t.Errorf("%s: person A %q (want %q), person B %q", lang, a, compatA, b)
		}
	}
	// A link naming one unreadable person says so, and only that.
	res := guest.Get(t, "/compatibility?a=%25zz&lang=en")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Person A: the chart link could not be read") || strings.Contains(res.Body, "Person B: enter") {
		t.Errorf("unreadable person A alone: %d", res.StatusCode)
	}
	// A submitted form with person B left empty still says so.
	if res := guest.Get(t, compatURL(compatA, "", "lang", "en")); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("empty person B: %d", res.StatusCode)
	}
}

// compatQueryOf normalises a chart query for comparison (order of fields).
func compatQueryOf(q string) string {
	v, _ := url.ParseQuery(q)
	v.Del("lang")
	return v.Encode()
}

// At phone width the compatibility link is in the header's menu (and in
// the footer), not in the header's row. At desktop width the row's Modules
// menu shows it.
func TestBrowserCompatibilityNavLinks(t *testing.T) {
	app := testutil.StartApp(t)
	ctx := testutil.Browser(t)
	visible := func(id string) string {
		return `(e => !!e && getComputedStyle(e).display !== "none" && e.getBoundingClientRect().width > 0)(document.querySelector('[data-testid="` + id + `"]'))`
	}
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(app.URL+"/?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="site-header"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, "!"+visible("nav-compat"))
	testutil.WaitJS(t, ctx, 10*time.Second, visible("footer-compat"))
	if w := testutil.EvalString(t, ctx, `String(document.querySelector('[data-testid="site-header"]').scrollWidth)`); mustAtoi(t, w) > 375 {
		t.Errorf("header is %s px wide at 375 px", w)
	}
	testutil.Step(t, ctx, 20*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="footer-compat"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/compatibility" && !!document.querySelector('[data-testid="compat-form"]')`)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.Navigate(app.URL+"/?lang=en"),
		chromedp.Click(chromedp.CSS(`[data-testid="menu-toggle"]`)),
		chromedp.Click(chromedp.CSS(`[data-testid="menu-compat"]`)),
	)
	testutil.WaitJS(t, ctx, 10*time.Second, `location.pathname === "/compatibility" && !!document.querySelector('[data-testid="compat-form"]')`)
	testutil.Step(t, ctx, 20*time.Second,
		chromedp.EmulateViewport(1200, 800),
		chromedp.Navigate(app.URL+"/?lang=zh-Hant"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid="site-header"]`)),
	)
	testutil.Step(t, ctx, 10*time.Second, chromedp.Click(chromedp.CSS(`[data-testid="modules-toggle"]`)))
	testutil.WaitJS(t, ctx, 10*time.Second, visible("nav-compat"))
	testutil.WaitJS(t, ctx, 10*time.Second, `document.querySelector('[data-testid="nav-compat"]').textContent.trim() === "合婚"`)
}
