package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// savedQuery is a chart with a place, coordinates and true solar time, so
// the shared page has a birthplace (and a longitude correction) to hide.
const savedQuery = "date=1990-05-15&time=14:30&tz=Asia%2FShanghai&lon=120.16&lat=30.29&place=Hangzhou&gender=female&true_solar_time=1&name=Grandma+Wen"

var chartPathRe = regexp.MustCompile(`^/charts/(\d+)(?:\?done=saved)?$`)

// saveChart saves savedQuery (plus extra fields) through POST /charts and
// returns the new chart's id.
func saveChart(t *testing.T, b *testutil.App, extra url.Values) int64 {
	t.Helper()
	v := url.Values{"query": {savedQuery}}
	for k, vs := range extra {
		v[k] = vs
	}
	res := b.PostForm(t, "/charts", v)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /charts: %d, want 303\n%s", res.StatusCode, res.Body)
	}
	m := chartPathRe.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		t.Fatalf("POST /charts went to %q, want /charts/{id}", res.Header.Get("Location"))
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// pillarsOf reads the four stems and branches the page shows, year to hour.
func pillarsOf(t *testing.T, body string) string {
	t.Helper()
	doc := testutil.HTML(t, body)
	var out []string
	for _, pos := range []string{"year", "month", "day", "hour"} {
		stem := strings.TrimSpace(doc.Find(`[data-testid="stem-` + pos + `"] span`).First().Text())
		branch := strings.TrimSpace(doc.Find(`[data-testid="branch-` + pos + `"] span`).First().Text())
		out = append(out, stem+branch)
	}
	got := strings.Join(out, " ")
	if len([]rune(got)) != 11 {
		t.Fatalf("page shows no four pillars (%q)", got)
	}
	return got
}

func loadChart(t *testing.T, app *testutil.App, userID, id int64) *models.SavedChart {
	t.Helper()
	c, err := app.Server.Charts.Get(context.Background(), userID, id)
	if err != nil {
		t.Fatalf("load chart %d: %v", id, err)
	}
	return c
}

func countCharts(t *testing.T, app *testutil.App, userID int64) int64 {
	t.Helper()
	n, err := app.Server.Charts.Count(context.Background(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSaveFromChartPageShowsTheSameChart(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})

	chart := br.Get(t, "/chart?"+savedQuery)
	if chart.StatusCode != http.StatusOK {
		t.Fatalf("GET /chart: %d", chart.StatusCode)
	}
	doc := testutil.HTML(t, chart.Body)
	form := doc.Find(`form[data-testid="save-form"]`)
	if form.Length() != 1 || form.AttrOr("action", "") != "/charts" || form.AttrOr("method", "") != "post" {
		t.Fatalf("the chart page has no Save form posting to /charts")
	}
	q, _ := form.Find(`input[name="query"]`).Attr("value")
	if name, _ := form.Find(`input[name="name"]`).Attr("value"); name != "Grandma Wen" {
		t.Errorf("Save's name is %q, want the chart's name prefilled", name)
	}

	id := saveChart(t, br, url.Values{"query": {q}, "name": {"Grandma Wen"}, "notes": {"born at home"}, "tags": {"family, 家人"}})
	row := loadChart(t, app, u.ID, id)
	if row.Name != "Grandma Wen" || row.Notes != "born at home" || row.Tags != ",family,家人," || row.Place != "Hangzhou" || row.Gender != "female" || row.BirthYear != 1990 {
		t.Errorf("stored chart = %+v", row)
	}
	if !strings.Contains(row.Input, `"true_solar_time":true`) || !strings.Contains(row.Input, "1990-05-15") {
		t.Errorf("stored input %s is not the chart's input", row.Input)
	}

	page := br.Get(t, "/charts/"+strconv.FormatInt(id, 10))
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET /charts/%d: %d", id, page.StatusCode)
	}
	if got, want := pillarsOf(t, page.Body), pillarsOf(t, chart.Body); got != want {
		t.Errorf("saved chart shows %s, the chart page %s", got, want)
	}
	pd := testutil.HTML(t, page.Body)
	if pd.Find(`[data-testid="saved-panel"]`).Length() != 1 || !strings.Contains(pd.Find(`[data-testid="saved-notes"]`).Text(), "born at home") {
		t.Error("saved chart page lacks its panel with the notes")
	}
	if tags := pd.Find(`[data-testid="saved-tags"] li`); tags.Length() != 2 {
		t.Errorf("saved chart shows %d tags, want 2", tags.Length())
	}
	if pd.Find(`form[data-testid="save-form"]`).Length() != 0 {
		t.Error("a saved chart still offers Save")
	}

	// The luck timeline stays on the saved chart's page and its fragment works.
	if href, _ := pd.Find(`a[hx-get*="part=luck"]`).First().Attr("hx-get"); !strings.HasPrefix(href, "/charts/"+strconv.FormatInt(id, 10)+"?part=luck") {
		t.Errorf("luck links go to %q", href)
	}
	frag := br.Get(t, "/charts/"+strconv.FormatInt(id, 10)+"?part=luck&luck=2", "HX-Request", "true")
	if frag.StatusCode != http.StatusOK || strings.Contains(frag.Body, "<html") {
		t.Errorf("luck fragment: %d", frag.StatusCode)
	}

	// A chart posted with the API's field names works too.
	v, _ := url.ParseQuery(savedQuery)
	v.Set("name", "")
	id2 := saveChart(t, br, v)
	if row := loadChart(t, app, u.ID, id2); row.Name != "1990-05-15 14:30" {
		t.Errorf("an empty name became %q, want the birth date and time", row.Name)
	}
}

func TestSaveRefusesBadNameNotesAndTags(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	many := make([]string, models.MaxTags+1)
	for i := range many {
		many[i] = "t" + strconv.Itoa(i)
	}
	for _, tc := range []struct {
		field string
		form  url.Values
	}{
		{"name", url.Values{"name": {strings.Repeat("名", 81)}}},
		{"notes", url.Values{"notes": {strings.Repeat("x", 5001)}}},
		{"tags", url.Values{"tags": {strings.Join(many, ",")}}},
		{"tags", url.Values{"tags": {strings.Repeat("t", models.MaxTagLength+1)}}},
	} {
		tc.form.Set("query", savedQuery)
		res := br.PostForm(t, "/charts", tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", tc.field, res.StatusCode)
			continue
		}
		doc := testutil.HTML(t, res.Body)
		if doc.Find(`[data-testid="error-`+tc.field+`"]`).Length() != 1 {
			t.Errorf("%s: no message next to the field", tc.field)
		}
		if doc.Find(`form[data-testid="save-form"] input[name="query"]`).Length() != 1 {
			t.Errorf("%s: the form is not shown again to correct", tc.field)
		}
	}
	// Bad chart input goes back to the birth-data form.
	if res := br.PostForm(t, "/charts", url.Values{"date": {"1990-02-30"}, "time": {"10:00"}, "tz": {"UTC"}, "gender": {"male"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("bad date: %d, want 422", res.StatusCode)
	}
	if n := countCharts(t, app, u.ID); n != 0 {
		t.Errorf("%d charts stored from refused saves", n)
	}
}

func TestGuestSaveSignsInAndComesBack(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()
	doc := testutil.HTML(t, guest.Get(t, "/chart?"+savedQuery).Body)
	href, ok := doc.Find(`a[data-testid="save-chart"]`).Attr("href")
	if !ok {
		t.Fatal("a guest's chart page has no Save link")
	}
	loc, err := url.Parse(href)
	if err != nil || loc.Path != "/login" {
		t.Fatalf("guest Save goes to %q, want /login", href)
	}
	next := loc.Query().Get("next")
	if !strings.HasPrefix(next, "/charts/save?") {
		t.Fatalf("guest Save comes back to %q", next)
	}
	if res := guest.Get(t, next); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
		t.Fatalf("guest GET %s: %d → %s, want the sign-in page", next, res.StatusCode, res.Header.Get("Location"))
	}

	// After signing in the same link shows the chart with one Save button; the GET saves nothing.
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	page := br.Get(t, next)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", next, page.StatusCode)
	}
	pd := testutil.HTML(t, page.Body)
	form := pd.Find(`form[data-testid="save-form"]`)
	if form.Length() != 1 || form.Find(`button[data-testid="save-chart"]`).Length() != 1 {
		t.Fatal("the save page has no Save button")
	}
	if name, _ := form.Find(`input[name="name"]`).Attr("value"); name != "Grandma Wen" {
		t.Errorf("save page name %q", name)
	}
	if n := countCharts(t, app, u.ID); n != 0 {
		t.Fatalf("GET /charts/save stored %d charts", n)
	}
	q, _ := form.Find(`input[name="query"]`).Attr("value")
	id := saveChart(t, br, url.Values{"query": {q}, "name": {"Grandma Wen"}})
	if got, want := pillarsOf(t, br.Get(t, "/charts/"+strconv.FormatInt(id, 10)).Body), pillarsOf(t, page.Body); got != want {
		t.Errorf("saved %s, the save page showed %s", got, want)
	}
}

func TestEditFavouriteTrashRestoreDestroy(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	id := saveChart(t, br, nil)
	path := "/charts/" + strconv.FormatInt(id, 10)

	if res := br.PostForm(t, path, url.Values{"name": {"Aunt Wen"}, "notes": {"new notes"}, "tags": {"client"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if row := loadChart(t, app, u.ID, id); row.Name != "Aunt Wen" || row.Notes != "new notes" || row.Tags != ",client," {
		t.Errorf("after edit: %+v", row)
	}
	res := br.PostForm(t, path, url.Values{"name": {strings.Repeat("n", 81)}, "notes": {"kept"}})
	if res.StatusCode != http.StatusUnprocessableEntity || testutil.HTML(t, res.Body).Find(`[data-testid="edit-form"] [data-testid="error-name"]`).Length() != 1 {
		t.Errorf("too long a name: %d, want 422 with the message", res.StatusCode)
	}
	if row := loadChart(t, app, u.ID, id); row.Name != "Aunt Wen" || row.Notes != "new notes" {
		t.Errorf("a refused edit changed the chart: %+v", row)
	}

	for _, want := range []bool{true, false} {
		if res := br.PostForm(t, path+"/favourite", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("favourite: %d", res.StatusCode)
		}
		if row := loadChart(t, app, u.ID, id); row.Favourite != want {
			t.Errorf("favourite toggled to %v, want %v", row.Favourite, want)
		}
	}
	br.PostForm(t, path+"/favourite", url.Values{"favourite": {"1"}})
	if fav, _ := testutil.HTML(t, br.Get(t, path).Body).Find(`[data-testid="favourite"]`).Attr("data-favourite"); fav != "1" {
		t.Errorf("favourite button shows %q", fav)
	}

	// Share, then trash: the link stops working and the page has a banner.
	br.PostForm(t, path+"/share", nil)
	token := *loadChart(t, app, u.ID, id).ShareToken
	if res := app.NewSession().Get(t, "/s/"+token); res.StatusCode != http.StatusOK {
		t.Fatalf("share link: %d", res.StatusCode)
	}
	if res := br.PostForm(t, path+"/destroy", nil); res.StatusCode != http.StatusConflict {
		t.Errorf("destroy outside the trash: %d, want 409", res.StatusCode)
	}
	loadChart(t, app, u.ID, id) // still there
	if res := br.PostForm(t, path+"/delete", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("trash: %d", res.StatusCode)
	}
	if row := loadChart(t, app, u.ID, id); row.DeletedAt == nil {
		t.Fatal("not in the trash")
	}
	if res := app.NewSession().Get(t, "/s/"+token); res.StatusCode != http.StatusNotFound {
		t.Errorf("share link of a trashed chart: %d, want 404", res.StatusCode)
	}
	page := br.Get(t, path)
	if page.StatusCode != http.StatusOK || testutil.HTML(t, page.Body).Find(`[data-testid="trashed-banner"] [data-testid="restore-chart"]`).Length() != 1 {
		t.Errorf("trashed chart page: %d, want the banner with Restore", page.StatusCode)
	}

	if res := br.PostForm(t, path+"/restore", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if row := loadChart(t, app, u.ID, id); row.DeletedAt != nil {
		t.Error("restore left the chart in the trash")
	}
	if res := app.NewSession().Get(t, "/s/"+token); res.StatusCode != http.StatusOK {
		t.Errorf("share link after restore: %d", res.StatusCode)
	}

	br.PostForm(t, path+"/delete", nil)
	if res := br.PostForm(t, path+"/destroy", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("destroy: %d", res.StatusCode)
	}
	if _, err := app.Server.Charts.Get(context.Background(), u.ID, id); err != models.ErrNotFound {
		t.Errorf("after destroy: %v, want not found", err)
	}
	if res := br.Get(t, path); res.StatusCode != http.StatusNotFound {
		t.Errorf("destroyed chart page: %d, want 404", res.StatusCode)
	}
}

func TestShareShowsOnlyWhatTheOwnerChose(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	id := saveChart(t, br, nil)
	path := "/charts/" + strconv.FormatInt(id, 10)
	chartPillars := pillarsOf(t, br.Get(t, "/chart?"+savedQuery).Body)

	if res := br.PostForm(t, path+"/share", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("share: %d", res.StatusCode)
	}
	row := loadChart(t, app, u.ID, id)
	if row.ShareToken == nil || len(*row.ShareToken) != 43 {
		t.Fatalf("share token %v, want 43 base64url characters", row.ShareToken)
	}
	token := *row.ShareToken
	if got, _ := testutil.HTML(t, br.Get(t, path).Body).Find(`[data-testid="share-url"]`).Attr("value"); !strings.HasSuffix(got, "/s/"+token) {
		t.Errorf("the page shows the link %q", got)
	}

	visitor := app.NewSession()
	shared := visitor.Get(t, "/s/"+token)
	if shared.StatusCode != http.StatusOK {
		t.Fatalf("GET /s/…: %d", shared.StatusCode)
	}
	if got := pillarsOf(t, shared.Body); got != chartPillars {
		t.Errorf("shared page shows %s, want %s", got, chartPillars)
	}
	doc := testutil.HTML(t, shared.Body)
	if doc.Find(`meta[name="robots"][content="noindex"]`).Length() != 1 || shared.Header.Get("X-Robots-Tag") != "noindex" {
		t.Error("shared page may be indexed")
	}
	for _, hidden := range []string{"Grandma Wen", "Hangzhou", "杭州", "120.16", "30.29"} {
		if strings.Contains(shared.Body, hidden) {
			t.Errorf("shared page without name and place shows %q", hidden)
		}
	}
	for _, sel := range []string{`[data-testid="save-form"]`, `[data-testid="save-chart"]`, `[data-testid="edit-chart"]`, `[data-testid="share-image"]`, `[data-testid="flip-zi-rule"]`, `[data-testid="saved-panel"]`, `a[href^="/chart?"]`} {
		if doc.Find(sel).Length() != 0 {
			t.Errorf("shared page has %s", sel)
		}
	}
	if frag := visitor.Get(t, "/s/"+token+"?part=luck&luck=3", "HX-Request", "true"); frag.StatusCode != http.StatusOK || strings.Contains(frag.Body, "Hangzhou") {
		t.Errorf("shared luck fragment: %d", frag.StatusCode)
	}
	// The 流日 / 流时 drill-down stays on the share link too.
	if frag := visitor.Get(t, "/s/"+token+"?part=liuri&year=2024&month=2", "HX-Request", "true"); frag.StatusCode != http.StatusOK ||
		testutil.HTML(t, frag.Body).Find(`[data-testid="liuri-day"]`).Length() != 30 || !strings.Contains(frag.Body, `hx-get="/s/`+token+`?part=liushi&amp;year=2024&amp;month=2&amp;day=`) {
		t.Errorf("shared days fragment: %d", frag.StatusCode)
	}
	if frag := visitor.Get(t, "/s/"+token+"?part=liushi&year=2024&month=2&day=2024-03-10", "HX-Request", "true"); testutil.HTML(t, frag.Body).Find(`[data-testid="liushi-hour"]`).Length() != 12 {
		t.Errorf("shared hours fragment: %d", frag.StatusCode)
	}
	if res := visitor.Get(t, "/s/"+token+"?year=2024&month=13"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("shared page with month=13: %d, want 400", res.StatusCode)
	}

	// Show the name and the place: the token stays the same.
	br.PostForm(t, path+"/share", url.Values{"show_name": {"1"}, "show_place": {"1"}, "include_reading": {"1"}})
	row = loadChart(t, app, u.ID, id)
	if row.ShareToken == nil || *row.ShareToken != token || !row.ShareShowName || !row.ShareShowPlace || !row.ShareIncludeReading {
		t.Fatalf("after changing settings: token kept %v, %+v", row.ShareToken != nil && *row.ShareToken == token, row)
	}
	shared = visitor.Get(t, "/s/"+token)
	if title := strings.TrimSpace(testutil.HTML(t, shared.Body).Find(`[data-testid="chart-title"]`).Text()); title != "Grandma Wen" {
		t.Errorf("shared title %q, want the name", title)
	}
	if !strings.Contains(testutil.HTML(t, shared.Body).Find(`[data-testid="chart-summary"]`).Text(), "Hangzhou") {
		t.Error("shared page does not show the birthplace it should")
	}

	// Revoke: the old link is gone for good; sharing again makes a new one.
	if res := br.PostForm(t, path+"/share/revoke", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	if res := visitor.Get(t, "/s/"+token); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoked link: %d, want 404", res.StatusCode)
	}
	br.PostForm(t, path+"/share", nil)
	if row := loadChart(t, app, u.ID, id); row.ShareToken == nil || *row.ShareToken == token {
		t.Error("sharing again reused the revoked token")
	}
	if res := visitor.Get(t, "/s/not-a-token"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown token: %d", res.StatusCode)
	}
}

func TestSavedChartsAreScopedToTheirOwner(t *testing.T) {
	app := testutil.StartApp(t)
	owner, ob := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	id := saveChart(t, ob, url.Values{"notes": {"private"}})
	path := "/charts/" + strconv.FormatInt(id, 10)
	ob.PostForm(t, path+"/share", nil)
	before := loadChart(t, app, owner.ID, id)
	token := *before.ShareToken

	_, other := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	if res := other.Get(t, path); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "private") {
		t.Errorf("another user's GET %s: %d, want 404", path, res.StatusCode)
	}
	for _, a := range []struct {
		path string
		form url.Values
	}{
		{path, url.Values{"name": {"stolen"}, "notes": {"x"}}},
		{path + "/favourite", url.Values{"favourite": {"1"}}},
		{path + "/delete", nil},
		{path + "/restore", nil},
		{path + "/destroy", nil},
		{path + "/share", url.Values{"show_name": {"1"}, "show_place": {"1"}}},
		{path + "/share/revoke", nil},
	} {
		if res := other.PostForm(t, a.path, a.form); res.StatusCode != http.StatusNotFound {
			t.Errorf("another user's POST %s: %d, want 404", a.path, res.StatusCode)
		}
	}
	// In the trash too (restore and destroy only act there).
	ob2 := ob
	ob2.PostForm(t, path+"/delete", nil)
	for _, p := range []string{path + "/restore", path + "/destroy"} {
		if res := other.PostForm(t, p, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("another user's POST %s on a trashed chart: %d, want 404", p, res.StatusCode)
		}
	}
	after := loadChart(t, app, owner.ID, id)
	if after.DeletedAt == nil {
		t.Fatal("the owner's trash did not happen")
	}
	after.DeletedAt, after.UpdatedAt = nil, before.UpdatedAt
	if *after.ShareToken != token || after.Name != before.Name || after.Notes != before.Notes || after.Favourite != before.Favourite ||
		after.ShareShowName != before.ShareShowName || after.ShareShowPlace != before.ShareShowPlace {
		t.Errorf("another user changed the chart: before %+v, after %+v", before, after)
	}
	ob.PostForm(t, path+"/restore", nil)
	ob.PostForm(t, path+"/share/revoke", nil)
	if res := other.Get(t, "/s/"+token); res.StatusCode != http.StatusNotFound {
		t.Errorf("revoked token: %d, want 404", res.StatusCode)
	}
	// A guest is sent to sign in, and a guest's POST is refused.
	guest := app.NewSession()
	if res := guest.Get(t, path); res.StatusCode != http.StatusSeeOther {
		t.Errorf("guest GET %s: %d, want 303 to sign in", path, res.StatusCode)
	}
	if res := guest.PostForm(t, path+"/delete", nil); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("guest POST delete: %d, want 401", res.StatusCode)
	}
}

func TestSavedChartIsRecomputedFromItsInput(t *testing.T) {
	app := testutil.StartApp(t)
	u, br := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("saved")})
	id := saveChart(t, br, nil)
	want := pillarsOf(t, br.Get(t, "/chart?"+savedQuery).Body)
	// The pillars column is only for search: the page never reads it.
	if err := app.Server.DB.Gorm.Model(&models.SavedChart{}).Where("id = ?", id).Update("pillars", "甲子 甲子 甲子 甲子").Error; err != nil {
		t.Fatal(err)
	}
	if got := pillarsOf(t, br.Get(t, "/charts/"+strconv.FormatInt(id, 10)).Body); got != want {
		t.Errorf("saved chart shows %s, the engine computes %s", got, want)
	}
	if row := loadChart(t, app, u.ID, id); row.Pillars != "甲子 甲子 甲子 甲子" {
		t.Errorf("viewing rewrote the pillars column: %q", row.Pillars)
	}
}
