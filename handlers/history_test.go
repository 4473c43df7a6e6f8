package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// histChart is a chart as a test saves it.
type histChart struct {
	Name, Date, Time, Gender, Place, Notes string
	Tags                                   []string
	Favourite                              bool
}

// histSave stores a chart for the user through the store, as Save would.
func histSave(t testing.TB, app *testutil.App, userID int64, hc histChart) *models.SavedChart {
	t.Helper()
	req := chartinput.Request{Request: bazi.Request{Date: hc.Date, Time: hc.Time, Gender: hc.Gender}, Place: hc.Place}
	if hc.Place == "" {
		req.TZ = "Asia/Shanghai"
	}
	c, err := chartstore.Build(userID, req, chartstore.Meta{Name: hc.Name, Notes: hc.Notes, Tags: hc.Tags})
	if err != nil {
		t.Fatalf("build chart %q: %v", hc.Name, err)
	}
	if err := app.Server.Charts.Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if hc.Favourite {
		if err := app.Server.Charts.Update(context.Background(), userID, c.ID, map[string]any{"favourite": true}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// histFixture: Alice's four charts (saved in this order) and Bob's one.
type histFixture struct {
	app        *testutil.App
	alice, bob *testutil.App // signed-in browsers
	aliceID    int64
	bobID      int64
	charts     map[string]*models.SavedChart // Alice's by name
	bobChart   *models.SavedChart
}

func newHistFixture(t *testing.T) *histFixture {
	t.Helper()
	app := testutil.StartApp(t)
	f := &histFixture{app: app, charts: map[string]*models.SavedChart{}}
	ua := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("alice"), Verified: true})
	ub := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("bob"), Verified: true})
	f.aliceID, f.bobID = ua.ID, ub.ID
	f.alice, f.bob = app.NewSession(), app.NewSession()
	f.alice.SignIn(t, ua.ID)
	f.bob.SignIn(t, ub.ID)
	for _, hc := range []histChart{
		{Name: "Zhang Wei", Date: "1984-06-01", Time: "12:00", Gender: "male", Place: "Beijing", Notes: "client from the conference", Tags: []string{"family"}},
		{Name: "Li Na", Date: "1990-03-15", Time: "08:30", Gender: "female", Place: "Shanghai", Tags: []string{"client"}},
		{Name: "Wang Fang", Date: "1975-11-20", Gender: "female", Place: "London", Notes: "met at the mentorship day", Tags: []string{"client", "family"}, Favourite: true},
		{Name: "Chen Jie", Date: "2001-01-05", Time: "23:10", Gender: "male", Place: "台北"},
	} {
		f.charts[hc.Name] = histSave(t, app, f.aliceID, hc)
	}
	f.bobChart = histSave(t, app, f.bobID, histChart{Name: "Bob's 甲子 chart", Date: "1984-06-01", Time: "12:00", Gender: "male", Place: "London", Notes: "mentorship", Tags: []string{"family"}})
	return f
}

func (f *histFixture) id(name string) string { return strconv.FormatInt(f.charts[name].ID, 10) }

// histGet loads a history URL and parses it.
func histGet(t *testing.T, b *testutil.App, path string, headers ...string) (*testutil.Response, *goquery.Document) {
	t.Helper()
	res := b.Get(t, path, headers...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Body)
	}
	return res, testutil.HTML(t, res.Body)
}

// histNames are the chart names listed, in order.
func histNames(d *goquery.Document) []string {
	var out []string
	testutil.ByTestID(d, "row-name").Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
	return out
}

func histBulk(t *testing.T, b *testutil.App, v url.Values, headers ...string) *testutil.Response {
	t.Helper()
	return b.PostForm(t, "/charts/bulk", v, headers...)
}

// The list shows only the signed-in user's charts, with every column.
func TestHistoryListsOnlyTheUsersCharts(t *testing.T) {
	f := newHistFixture(t)
	_, d := histGet(t, f.alice, "/history")
	if got, want := histNames(d), []string{"Chen Jie", "Wang Fang", "Li Na", "Zhang Wei"}; !slices.Equal(got, want) {
		t.Fatalf("Alice sees %v, want %v (newest first)", got, want)
	}
	row := d.Find(`[data-testid="chart-row"][data-id="` + f.id("Zhang Wei") + `"]`)
	for id, want := range map[string]string{
		"row-birth": "1984-06-01", "row-gender": "Male", "row-place": "Beijing",
		"row-pillars": f.charts["Zhang Wei"].Pillars, "row-tag": "family",
	} {
		if got := strings.TrimSpace(row.Find(`[data-testid="` + id + `"]`).Text()); got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if href, _ := row.Find(`[data-testid="row-name"]`).Attr("href"); href != "/charts/"+f.id("Zhang Wei") {
		t.Errorf("name links to %q", href)
	}
	if v, _ := row.Find(`[data-testid="row-select"]`).Attr("value"); v != f.id("Zhang Wei") {
		t.Errorf("checkbox value %q", v)
	}
	if action, _ := row.Find(`[data-testid="row-favourite-form"]`).Attr("action"); action != "/charts/"+f.id("Zhang Wei")+"/favourite" {
		t.Errorf("favourite form posts to %q", action)
	}
	if fav, _ := d.Find(`[data-testid="chart-row"][data-id="` + f.id("Wang Fang") + `"] [data-testid="row-favourite"]`).Attr("data-favourite"); fav != "true" {
		t.Errorf("Wang Fang's star: %q", fav)
	}
	if strings.Contains(d.Text(), "Bob") {
		t.Error("Alice's list shows Bob's chart")
	}
	if testutil.ByTestID(d, "nav-history").Length() != 1 {
		t.Error("no header link to the history")
	}
	_, d = histGet(t, f.bob, "/history?q=%E7%94%B2%E5%AD%90")
	if got := histNames(d); !slices.Equal(got, []string{"Bob's 甲子 chart"}) {
		t.Fatalf("Bob sees %v", got)
	}
}

// Search by name, notes, place and 干支; every filter; every sort order.
func TestHistorySearchFiltersAndSorts(t *testing.T) {
	f := newHistFixture(t)
	var jiazi []string
	for name, c := range f.charts {
		if strings.Contains(c.Pillars, "甲子") {
			jiazi = append(jiazi, name)
		}
	}
	if !slices.Contains(jiazi, "Zhang Wei") {
		t.Fatalf("1984-06-01 should have the 甲子 year pillar: %s", f.charts["Zhang Wei"].Pillars)
	}
	slices.Sort(jiazi)
	for _, tc := range []struct {
		query string
		want  []string // in list order, or sorted when sorted is true
		order bool
	}{
		{"q=zhang", []string{"Zhang Wei"}, true},
		{"q=mentorship", []string{"Wang Fang"}, true},              // notes
		{"q=shanghai", []string{"Li Na"}, true},                    // place, any case
		{"q=" + url.QueryEscape("台北"), []string{"Chen Jie"}, true}, // place in Chinese
		{"q=" + url.QueryEscape("甲子"), jiazi, false},               // a pillar
		{"q=nobody", nil, true},
		{"gender=female", []string{"Wang Fang", "Li Na"}, true},
		{"gender=male", []string{"Chen Jie", "Zhang Wei"}, true},
		{"from=1980&to=1995", []string{"Li Na", "Zhang Wei"}, true},
		{"from=1990", []string{"Chen Jie", "Li Na"}, true},
		{"to=1980", []string{"Wang Fang"}, true},
		{"tag=family", []string{"Wang Fang", "Zhang Wei"}, true},
		{"tag=client&gender=female&fav=1", []string{"Wang Fang"}, true},
		{"fav=1", []string{"Wang Fang"}, true},
		{"sort=created", []string{"Chen Jie", "Wang Fang", "Li Na", "Zhang Wei"}, true},
		{"sort=birth", []string{"Wang Fang", "Zhang Wei", "Li Na", "Chen Jie"}, true},
		{"sort=name", []string{"Chen Jie", "Li Na", "Wang Fang", "Zhang Wei"}, true},
		{"sort=name&gender=female", []string{"Li Na", "Wang Fang"}, true},
	} {
		_, d := histGet(t, f.alice, "/history?"+tc.query)
		got := histNames(d)
		if !tc.order {
			slices.Sort(got)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("?%s lists %v, want %v", tc.query, got, tc.want)
		}
		if len(tc.want) == 0 && testutil.ByTestID(d, "empty-no-results").Length() != 1 {
			t.Errorf("?%s: no 'no results' message", tc.query)
		}
	}
	// The form shows the query back, so the URL is the whole state.
	_, d := histGet(t, f.alice, "/history?q=zhang&gender=male&from=1980&to=1990&tag=family&fav=1&sort=name")
	if v, _ := testutil.ByTestID(d, "history-search").Attr("value"); v != "zhang" {
		t.Errorf("search box shows %q", v)
	}
	if v, _ := testutil.ByTestID(d, "filter-gender").Find("option[selected]").Attr("value"); v != "male" {
		t.Errorf("gender shows %q", v)
	}
	if _, ok := testutil.ByTestID(d, "filter-fav").Attr("checked"); !ok {
		t.Error("favourites box not ticked")
	}
	if v, _ := testutil.ByTestID(d, "filter-sort").Find("option[selected]").Attr("value"); v != "name" {
		t.Errorf("sort shows %q", v)
	}
}

// The search box and filters update the list in place through htmx, and
// push the URL so it can be shared.
func TestHistorySearchBoxIsLive(t *testing.T) {
	f := newHistFixture(t)
	_, d := histGet(t, f.alice, "/history")
	box := testutil.ByTestID(d, "history-search")
	for attr, want := range map[string]string{
		"hx-get": "/history", "hx-target": "#chart-list", "hx-push-url": "true",
		"hx-include": "#history-filter", "hx-trigger": "input changed delay:250ms, search",
	} {
		if got, _ := box.Attr(attr); got != want {
			t.Errorf("search box %s=%q, want %q", attr, got, want)
		}
	}
	if d.Find(`#chart-list [data-testid="chart-rows"]`).Length() != 1 {
		t.Error("the list is not inside #chart-list")
	}
	if testutil.ByTestID(d, "history-submit").Length() != 1 {
		t.Error("no submit button for use without JavaScript")
	}
}

// htmx asking for #chart-list (or ?partial=1) gets the list alone; a
// plain request the whole page; "load more" gets rows only.
func TestHistoryFragmentOrPage(t *testing.T) {
	f := newHistFixture(t)
	full, _ := histGet(t, f.alice, "/history?q=wang")
	if !strings.Contains(full.Body, "<html") || !strings.Contains(full.Body, `id="history-filter"`) {
		t.Fatal("a plain request did not get the whole page")
	}
	for _, tc := range []struct {
		path    string
		headers []string
	}{
		{"/history?q=wang", []string{"HX-Request", "true", "HX-Target", "chart-list"}},
		{"/history?q=wang&partial=1", nil},
	} {
		res, d := histGet(t, f.alice, tc.path, tc.headers...)
		if strings.Contains(res.Body, "<html") || strings.Contains(res.Body, `id="history-filter"`) {
			t.Errorf("%s %v: got the whole page", tc.path, tc.headers)
		}
		if got := histNames(d); !slices.Equal(got, []string{"Wang Fang"}) {
			t.Errorf("%s: fragment lists %v", tc.path, got)
		}
		if d.Find(`[data-testid="filter-error-from"][hx-swap-oob]`).Length() != 1 {
			t.Errorf("%s: the fragment does not refresh the filter messages", tc.path)
		}
		if !strings.Contains(res.Header.Get("Vary"), "HX-Request") {
			t.Errorf("%s: Vary %q", tc.path, res.Header.Get("Vary"))
		}
	}
	// htmx restoring history after a miss needs the whole page.
	res, _ := histGet(t, f.alice, "/history", "HX-Request", "true", "HX-Target", "chart-list", "HX-History-Restore-Request", "true")
	if !strings.Contains(res.Body, "<html") {
		t.Error("a history restore got a fragment")
	}
}

// Keyset pages: following "load more" (plain links and htmx rows) visits
// every chart exactly once in each sort order.
func TestHistoryPaginationCoversEveryChartOnce(t *testing.T) {
	app := testutil.StartApp(t)
	u := app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("many"), Verified: true})
	b := app.NewSession()
	b.SignIn(t, u.ID)
	const total = 60
	want := map[string]bool{}
	for i := 0; i < total; i++ {
		c := histSave(t, app, u.ID, histChart{
			Name: fmt.Sprintf("Person %02d", (i*37)%total), Date: fmt.Sprintf("%d-%02d-%02d", 1950+i%40, 1+i%12, 1+i%28),
			Time: "10:00", Gender: []string{"male", "female"}[i%2], Place: "Beijing",
		})
		want[strconv.FormatInt(c.ID, 10)] = true
	}
	for _, sort := range []string{"created", "birth", "name"} {
		seen := map[string]int{}
		next := "/history?sort=" + sort
		pages := 0
		var prevKey string
		for next != "" {
			pages++
			if pages > 10 {
				t.Fatalf("%s: too many pages", sort)
			}
			_, d := histGet(t, b, next)
			d.Find(`[data-testid="chart-row"]`).Each(func(_ int, s *goquery.Selection) {
				id, _ := s.Attr("data-id")
				seen[id]++
				key := strings.TrimSpace(s.Find(`[data-testid="row-name"]`).Text())
				if sort == "birth" {
					key = strings.TrimSpace(s.Find(`[data-testid="row-birth"]`).Text())
				}
				if sort != "created" && key < prevKey {
					t.Errorf("%s: %q after %q", sort, key, prevKey)
				}
				prevKey = key
			})
			next, _ = testutil.ByTestID(d, "load-more-link").Attr("href")
			if next != "" && !strings.Contains(next, "sort="+sort) {
				t.Fatalf("next page %q lost the sort", next)
			}
		}
		if pages != 3 {
			t.Errorf("%s: %d pages of 25 for %d charts", sort, pages, total)
		}
		for id := range want {
			if seen[id] != 1 {
				t.Errorf("%s: chart %s listed %d times", sort, id, seen[id])
			}
		}
		if len(seen) != total {
			t.Errorf("%s: %d charts listed, want %d", sort, len(seen), total)
		}
	}

	// htmx "load more": the next rows only, with the next button out of band.
	_, d := histGet(t, b, "/history")
	next, _ := testutil.ByTestID(d, "load-more-link").Attr("hx-get")
	if target, _ := testutil.ByTestID(d, "load-more-link").Attr("hx-target"); target != "#chart-rows" {
		t.Fatalf("load more targets %q", target)
	}
	res, d := histGet(t, b, next, "HX-Request", "true", "HX-Target", "chart-rows")
	if strings.Contains(res.Body, "<html") || testutil.ByTestID(d, "bulk-form").Length() != 0 {
		t.Fatal("load more got more than rows")
	}
	if n := testutil.ByTestID(d, "chart-row").Length(); n != 25 {
		t.Fatalf("load more gave %d rows", n)
	}
	if d.Find(`#load-more[hx-swap-oob]`).Length() != 1 {
		t.Fatal("load more does not replace its button")
	}
}

// A parameter that cannot be used is shown next to its filter and the list
// is not filtered by it; the page never fails.
func TestHistoryBadParametersAreShownNotFailed(t *testing.T) {
	f := newHistFixture(t)
	for _, tc := range []struct {
		query string
		field string
		want  int // rows listed
	}{
		{"from=abc", "from", 4},
		{"to=19x0", "to", 4},
		{"from=1700", "from", 4},
		{"to=2300", "to", 4},
		{"from=2000&to=1980", "to", 4},
		{"sort=age", "sort", 4},
		{"gender=other", "gender", 4},
		{"tag=" + strings.Repeat("x", 40), "tag", 4},
		{"from=abc&gender=female", "from", 2}, // the good filter still applies
		{"cursor=%25%25garbage", "", 4},
	} {
		for _, headers := range [][]string{nil, {"HX-Request", "true", "HX-Target", "chart-list"}} {
			res := f.alice.Get(t, "/history?"+tc.query, headers...)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("?%s: %d", tc.query, res.StatusCode)
			}
			d := testutil.HTML(t, res.Body)
			if n := testutil.ByTestID(d, "chart-row").Length(); n != tc.want {
				t.Errorf("?%s: %d rows, want %d", tc.query, n, tc.want)
			}
			if tc.field == "" {
				continue
			}
			if msg := strings.TrimSpace(testutil.ByTestID(d, "filter-error-"+tc.field).Text()); msg == "" {
				t.Errorf("?%s %v: no message next to %s", tc.query, headers, tc.field)
			}
			if testutil.ByTestID(d, "history-filter-errors").Length() != 1 {
				t.Errorf("?%s: no error summary", tc.query)
			}
		}
	}
	// In Chinese too.
	res := f.alice.Get(t, "/history?from=1700&lang=zh-Hans")
	if !strings.Contains(res.Body, "请输入 1800 至 2200 之间的年份") {
		t.Error("the year message is not translated")
	}
}

// Bulk trash, restore, delete forever, tag, untag and export, as plain
// forms (redirect back to the same list) and through htmx (the list).
func TestHistoryBulkActions(t *testing.T) {
	f := newHistFixture(t)
	ids := func(names ...string) url.Values {
		v := url.Values{}
		for _, n := range names {
			v.Add("ids", f.id(n))
		}
		return v
	}

	// Trash two, from a filtered list: back to that list, with the outcome.
	v := ids("Li Na", "Chen Jie")
	v.Set("action", "trash")
	v.Set("back", "/history?sort=name&cursor=abc")
	res := histBulk(t, f.alice, v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk trash: %d %s", res.StatusCode, res.Body)
	}
	loc, _ := url.Parse(res.Header.Get("Location"))
	if loc.Path != "/history" || loc.Query().Get("sort") != "name" || loc.Query().Get("done") != "trash" || loc.Query().Get("n") != "2" || loc.Query().Has("cursor") {
		t.Fatalf("bulk trash went to %s", loc)
	}
	_, d := histGet(t, f.alice, loc.String())
	if got := strings.TrimSpace(testutil.ByTestID(d, "history-notice").Text()); got != "2 charts moved to the trash." {
		t.Errorf("notice %q", got)
	}
	if got := histNames(d); !slices.Equal(got, []string{"Wang Fang", "Zhang Wei"}) {
		t.Errorf("after trashing the list is %v", got)
	}
	_, d = histGet(t, f.alice, "/history?trash=1&sort=name")
	if got := histNames(d); !slices.Equal(got, []string{"Chen Jie", "Li Na"}) {
		t.Errorf("the trash holds %v", got)
	}
	if testutil.ByTestID(d, "row-deleted").Length() != 2 || testutil.ByTestID(d, "row-restore").Length() != 2 || testutil.ByTestID(d, "empty-trash").Length() != 1 {
		t.Error("the trash rows lack restore or the page lacks empty trash")
	}

	// Restore one through htmx: the trash list comes back with the outcome.
	v = ids("Li Na")
	v.Set("action", "restore")
	v.Set("back", "/history?trash=1")
	res = histBulk(t, f.alice, v, "HX-Request", "true", "HX-Target", "chart-list")
	if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "<html") {
		t.Fatalf("htmx restore: %d", res.StatusCode)
	}
	d = testutil.HTML(t, res.Body)
	if got := strings.TrimSpace(testutil.ByTestID(d, "history-notice").Text()); got != "1 chart restored." {
		t.Errorf("notice %q", got)
	}
	if got := histNames(d); !slices.Equal(got, []string{"Chen Jie"}) {
		t.Errorf("the trash after restoring: %v", got)
	}
	if loadChart(t, f.app, f.aliceID, f.charts["Li Na"].ID).DeletedAt != nil {
		t.Error("Li Na is still in the trash")
	}

	// Delete forever asks first (plain form), then deletes.
	v = ids("Chen Jie")
	v.Set("action", "destroy")
	v.Set("back", "/history?trash=1")
	res = histBulk(t, f.alice, v)
	if res.StatusCode != http.StatusOK || testutil.ByTestID(testutil.HTML(t, res.Body), "history-confirm").Length() != 1 {
		t.Fatalf("delete forever without confirmation: %d", res.StatusCode)
	}
	if _, err := f.app.Server.Charts.Get(context.Background(), f.aliceID, f.charts["Chen Jie"].ID); err != nil {
		t.Fatal("deleted before confirming")
	}
	v.Set("confirm", "1")
	if res = histBulk(t, f.alice, v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete forever: %d", res.StatusCode)
	}
	if _, err := f.app.Server.Charts.Get(context.Background(), f.aliceID, f.charts["Chen Jie"].ID); err != models.ErrNotFound {
		t.Fatalf("after delete forever: %v", err)
	}
	// Delete forever does not touch a chart outside the trash.
	v = ids("Zhang Wei")
	v.Set("action", "destroy")
	v.Set("confirm", "1")
	histBulk(t, f.alice, v)
	loadChart(t, f.app, f.aliceID, f.charts["Zhang Wei"].ID)

	// Tag and untag.
	v = ids("Zhang Wei", "Li Na")
	v.Set("action", "tag")
	v.Set("tag", " VIP ")
	if res = histBulk(t, f.alice, v); res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=tag") {
		t.Fatalf("tag: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, d = histGet(t, f.alice, "/history?tag=VIP&sort=name")
	if got := histNames(d); !slices.Equal(got, []string{"Li Na", "Zhang Wei"}) {
		t.Errorf("tagged VIP: %v", got)
	}
	if got := loadChart(t, f.app, f.aliceID, f.charts["Zhang Wei"].ID).TagList(); !slices.Equal(got, []string{"family", "VIP"}) {
		t.Errorf("Zhang Wei's tags: %v", got)
	}
	v.Set("action", "untag")
	res = histBulk(t, f.alice, v, "HX-Request", "true")
	if !strings.Contains(res.Body, "Tag “VIP” removed from 2 charts.") {
		t.Errorf("untag notice missing: %s", res.Body)
	}
	if got := loadChart(t, f.app, f.aliceID, f.charts["Zhang Wei"].ID).TagList(); !slices.Equal(got, []string{"family"}) {
		t.Errorf("after untag: %v", got)
	}
	v.Set("action", "tag")
	v.Set("tag", strings.Repeat("x", 33))
	res = histBulk(t, f.alice, v)
	if !strings.Contains(res.Header.Get("Location"), "done=bad_tag") {
		t.Errorf("a too-long tag: %s", res.Header.Get("Location"))
	}

	// Export: to the export endpoint with the ids.
	v = ids("Zhang Wei", "Li Na")
	v.Set("action", "export")
	v.Set("format", "csv")
	res = histBulk(t, f.alice, v)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/charts/export.csv?ids="+f.id("Zhang Wei")+","+f.id("Li Na") {
		t.Errorf("export: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	v.Del("format")
	res = histBulk(t, f.alice, v, "HX-Request", "true")
	if res.Header.Get("HX-Redirect") != "/charts/export.json?ids="+f.id("Zhang Wei")+","+f.id("Li Na") {
		t.Errorf("htmx export: HX-Redirect %q", res.Header.Get("HX-Redirect"))
	}

	// Nothing selected: said so, nothing done.
	res = histBulk(t, f.alice, url.Values{"action": {"trash"}, "back": {"/history"}})
	if !strings.Contains(res.Header.Get("Location"), "done=none_selected") {
		t.Errorf("nothing selected: %s", res.Header.Get("Location"))
	}
	_, d = histGet(t, f.alice, res.Header.Get("Location"))
	if got := strings.TrimSpace(testutil.ByTestID(d, "history-notice").Text()); got != "Select at least one chart first." {
		t.Errorf("notice %q", got)
	}
}

// Bulk input is checked: ids are numbers (at most 500), the action is
// known, and "back" stays on the history page.
func TestHistoryBulkRefusesBadInput(t *testing.T) {
	f := newHistFixture(t)
	for name, v := range map[string]url.Values{
		"not a number":   {"action": {"trash"}, "ids": {"1", "abc"}},
		"negative":       {"action": {"trash"}, "ids": {"-3"}},
		"unknown action": {"action": {"explode"}, "ids": {f.id("Li Na")}},
	} {
		if res := histBulk(t, f.alice, v); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", name, res.StatusCode)
		}
	}
	many := url.Values{"action": {"trash"}}
	for i := 1; i <= 501; i++ {
		many.Add("ids", strconv.Itoa(i))
	}
	if res := histBulk(t, f.alice, many); res.StatusCode != http.StatusBadRequest {
		t.Errorf("501 ids: %d", res.StatusCode)
	}
	if loadChart(t, f.app, f.aliceID, f.charts["Li Na"].ID).DeletedAt != nil {
		t.Error("a refused request trashed a chart")
	}
	for _, back := range []string{"https://evil.example/history", "//evil.example/history", "/profile", "/historyx"} {
		res := histBulk(t, f.alice, url.Values{"action": {"restore"}, "ids": {f.id("Li Na")}, "back": {back}})
		if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, "/history?") {
			t.Errorf("back=%s went to %q", back, loc)
		}
	}
}

// Another user's ids change nothing of theirs, whatever the action.
func TestHistoryBulkCannotTouchAnotherUsersCharts(t *testing.T) {
	f := newHistFixture(t)
	bob := strconv.FormatInt(f.bobChart.ID, 10)
	for _, action := range []string{"trash", "tag", "untag"} {
		res := histBulk(t, f.alice, url.Values{"action": {action}, "ids": {bob}, "tag": {"family"}, "back": {"/history"}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "n=0") {
			t.Errorf("%s with Bob's id: %d %s", action, res.StatusCode, res.Header.Get("Location"))
		}
	}
	c := loadChart(t, f.app, f.bobID, f.bobChart.ID)
	if c.DeletedAt != nil || c.Tags != ",family," {
		t.Fatalf("Bob's chart changed: deleted %v, tags %q", c.DeletedAt, c.Tags)
	}
	// Put Bob's chart in his trash; Alice can neither restore nor destroy it.
	if _, err := f.app.Server.Charts.Trash(context.Background(), f.bobID, []int64{f.bobChart.ID}); err != nil {
		t.Fatal(err)
	}
	for _, action := range []string{"restore", "destroy", "empty_trash"} {
		histBulk(t, f.alice, url.Values{"action": {action}, "ids": {bob}, "confirm": {"1"}, "back": {"/history"}})
	}
	if c := loadChart(t, f.app, f.bobID, f.bobChart.ID); c.DeletedAt == nil {
		t.Fatal("Alice restored Bob's chart")
	}
	// An export request carries the ids on; the export itself is owner-scoped.
	res := histBulk(t, f.alice, url.Values{"action": {"export"}, "ids": {bob}})
	if res.Header.Get("Location") != "/charts/export.json?ids="+bob {
		t.Errorf("export: %s", res.Header.Get("Location"))
	}
}

// Empty trash asks first, then deletes only what is in this user's trash.
func TestHistoryEmptyTrash(t *testing.T) {
	f := newHistFixture(t)
	if _, err := f.app.Server.Charts.Trash(context.Background(), f.aliceID, []int64{f.charts["Li Na"].ID, f.charts["Chen Jie"].ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.Server.Charts.Trash(context.Background(), f.bobID, []int64{f.bobChart.ID}); err != nil {
		t.Fatal(err)
	}
	_, d := histGet(t, f.alice, "/history?trash=1")
	form := testutil.ByTestID(d, "empty-trash-form")
	if c, _ := form.Attr("hx-confirm"); c == "" {
		t.Error("empty trash does not ask in the browser")
	}
	res := histBulk(t, f.alice, url.Values{"action": {"empty_trash"}, "back": {"/history?trash=1"}})
	if testutil.ByTestID(testutil.HTML(t, res.Body), "history-confirm").Length() != 1 {
		t.Fatalf("empty trash without confirmation: %d", res.StatusCode)
	}
	res = histBulk(t, f.alice, url.Values{"action": {"empty_trash"}, "confirm": {"1"}, "back": {"/history?trash=1"}})
	if loc := res.Header.Get("Location"); !strings.Contains(loc, "done=empty_trash") || !strings.Contains(loc, "n=2") || !strings.Contains(loc, "trash=1") {
		t.Fatalf("empty trash went to %q", loc)
	}
	_, d = histGet(t, f.alice, res.Header.Get("Location"))
	if testutil.ByTestID(d, "empty-trash").Length() != 0 || testutil.ByTestID(d, "trash-empty").Length() != 1 {
		t.Error("the trash page after emptying")
	}
	if n, _ := f.app.Server.Charts.Count(context.Background(), f.aliceID); n != 2 {
		t.Errorf("Alice keeps %d charts, want 2", n)
	}
	loadChart(t, f.app, f.bobID, f.bobChart.ID) // Bob's trash is his own
}

// Guests are sent to sign in and come back to the history.
func TestHistoryNeedsASignedInUser(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()
	res := guest.Get(t, "/history")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fhistory" {
		t.Fatalf("guest: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res = guest.Get(t, "/history", "HX-Request", "true", "HX-Target", "chart-list")
	if res.Header.Get("HX-Redirect") != "/login?next=%2Fhistory" {
		t.Fatalf("htmx guest: %d %q", res.StatusCode, res.Header.Get("HX-Redirect"))
	}
	if res := histBulk(t, guest, url.Values{"action": {"empty_trash"}, "confirm": {"1"}}); res.StatusCode < 400 {
		t.Fatalf("guest bulk: %d", res.StatusCode)
	}
	// The header links to the history only for signed-in users.
	if strings.Contains(guest.Get(t, "/").Body, `data-testid="nav-history"`) {
		t.Error("guests see the history link")
	}
}

var histRawKey = regexp.MustCompile(`\b(history|nav|form)\.[a-z_]+`)

// The page, its empty states and the trash render in every language
// without a raw translation key.
func TestHistoryRendersInEveryLanguage(t *testing.T) {
	f := newHistFixture(t)
	empty := f.app.CreateUser(t, testutil.User{Email: testutil.UniqueEmail("empty"), Verified: true})
	newcomer := f.app.NewSession()
	newcomer.SignIn(t, empty.ID)
	titles := map[string]string{"en": "My charts", "zh-Hans": "我的命盘", "zh-Hant": "我的命盤", "ja": "マイ命式", "ko": "내 명식"}
	for _, lang := range uiLangs {
		for _, tc := range []struct {
			b    *testutil.App
			path string
			want string // data-testid that must be there
		}{
			{f.alice, "/history?from=abc&lang=" + lang, "chart-row"},
			{f.alice, "/history?trash=1&lang=" + lang, "trash-empty"},
			{f.alice, "/history?q=nobody&lang=" + lang, "empty-no-results"},
			{newcomer, "/history?lang=" + lang, "empty-none"},
		} {
			res, d := histGet(t, tc.b, tc.path)
			if testutil.ByTestID(d, tc.want).Length() == 0 {
				t.Errorf("%s: no %s", tc.path, tc.want)
			}
			text := d.Text()
			d.Find("[placeholder],[aria-label],[title],[hx-confirm]").Each(func(_ int, s *goquery.Selection) {
				for _, a := range []string{"placeholder", "aria-label", "title", "hx-confirm"} {
					v, _ := s.Attr(a)
					text += " " + v
				}
			})
			if k := histRawKey.FindString(text); k != "" {
				t.Errorf("%s: raw key %q", tc.path, k)
			}
			if !strings.Contains(res.Body, titles[lang]) {
				t.Errorf("%s: no title %q", tc.path, titles[lang])
			}
		}
	}
	// The outcome of a bulk action in Chinese (the language chosen last).
	histGet(t, f.alice, "/history?lang=zh-Hant")
	v := url.Values{"action": {"trash"}, "ids": {f.id("Li Na"), f.id("Chen Jie"), f.id("Zhang Wei")}, "back": {"/history"}}
	res := histBulk(t, f.alice, v, "HX-Request", "true", "Accept-Language", "zh-TW")
	if !strings.Contains(res.Body, "已將 3 個命盤移到回收筒。") {
		t.Errorf("zh-Hant notice missing: %s", res.Body)
	}
}

// Tagging is all or nothing: when one chart already has the most tags a
// chart may have, no chart gets the tag.
func TestHistoryBulkTagIsAllOrNothing(t *testing.T) {
	f := newHistFixture(t)
	var full []string
	for i := 0; i < models.MaxTags; i++ {
		full = append(full, fmt.Sprintf("t%02d", i))
	}
	crowded := histSave(t, f.app, f.aliceID, histChart{Name: "Crowded", Date: "1991-01-01", Time: "10:00", Gender: "male", Place: "Beijing", Tags: full})
	v := url.Values{"action": {"tag"}, "tag": {"new"}, "ids": {f.id("Li Na"), strconv.FormatInt(crowded.ID, 10)}, "back": {"/history"}}
	res := histBulk(t, f.alice, v)
	if !strings.Contains(res.Header.Get("Location"), "done=bad_tag") {
		t.Fatalf("tagging past the limit: %s", res.Header.Get("Location"))
	}
	if got := loadChart(t, f.app, f.aliceID, f.charts["Li Na"].ID).TagList(); !slices.Equal(got, []string{"client"}) {
		t.Fatalf("Li Na was tagged anyway: %v", got)
	}
}
