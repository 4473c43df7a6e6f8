package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/testutil"
	"github.com/bazi-master/bazi-master/models"
)

// xferReq is a chart request; lon/lat only when given.
func xferReq(date, tm, tz, gender string, lonlat ...float64) chartinput.Request {
	r := chartinput.Request{Request: bazi.Request{Date: date, Time: tm, TZ: tz, Gender: gender}}
	if len(lonlat) == 2 {
		r.Lon, r.Lat = &lonlat[0], &lonlat[1]
	}
	return r
}

// xferChart stores a chart for the user, as saving it would.
func xferChart(t *testing.T, app *testutil.App, userID int64, r chartinput.Request, m chartstore.Meta, fav bool) *models.SavedChart {
	t.Helper()
	c, err := chartstore.Build(userID, r, m)
	if err != nil {
		t.Fatalf("build chart %q: %v", m.Name, err)
	}
	c.Favourite = fav
	if err := app.Server.Charts.Create(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// xferImport posts an import as the form does (multipart): a file when
// file is not "", and the pasted text.
func xferImport(t *testing.T, b *testutil.App, file, pasted string, headers ...string) *testutil.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("_csrf", b.CSRFToken(t))
	fw, _ := w.CreateFormFile("file", "charts.json")
	_, _ = fw.Write([]byte(file))
	_ = w.WriteField("json", pasted)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.URL+"/charts/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.Do(t, req)
}

func xferExport(t *testing.T, b *testutil.App, query string) chartstore.ChartFile {
	t.Helper()
	res := b.Get(t, "/charts/export.json"+query)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export%s: %d %.300s", query, res.StatusCode, res.Body)
	}
	var f chartstore.ChartFile
	res.JSON(t, &f)
	return f
}

func xferNames(f chartstore.ChartFile) []string {
	var out []string
	for _, c := range f.Charts {
		out = append(out, c.Name)
	}
	return out
}

// xferOutcome is one skipped or refused record as the summary shows it.
type xferOutcome struct{ index, status, field, name, reason string }

func xferSummary(t *testing.T, res *testutil.Response) (imported, total int, rows []xferOutcome) {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("import: %d %.600s", res.StatusCode, res.Body)
	}
	d := testutil.HTML(t, res.Body)
	s := testutil.ByTestID(d, "import-summary")
	if s.Length() != 1 {
		t.Fatalf("no import summary: %.600s", res.Body)
	}
	imported, _ = strconv.Atoi(s.AttrOr("data-imported", "-1"))
	total, _ = strconv.Atoi(s.AttrOr("data-total", "-1"))
	testutil.ByTestID(d, "import-outcome").Each(func(_ int, o *goquery.Selection) {
		rows = append(rows, xferOutcome{
			index: o.AttrOr("data-index", ""), status: o.AttrOr("data-status", ""), field: o.AttrOr("data-field", ""),
			name:   strings.TrimSpace(o.Find(`[data-testid="outcome-name"]`).Text()),
			reason: strings.TrimSpace(o.Find(`[data-testid="outcome-reason"]`).Text()),
		})
	})
	return imported, total, rows
}

func TestChartTransferNeedsASignedInUser(t *testing.T) {
	app := testutil.StartApp(t)
	guest := app.NewSession()
	for _, path := range []string{"/charts/export.json", "/charts/export.csv?ids=1", "/charts/import"} {
		res := guest.Get(t, path)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("guest GET %s: %d to %q", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := xferImport(t, guest, `[]`, ""); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("guest POST /charts/import: %d", res.StatusCode)
	}
}

func TestChartExportJSONAllOrSelectedAndOnlyTheUsers(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("export-json"), Verified: true})
	other, _ := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("export-json-other"), Verified: true})
	a1 := xferChart(t, app, u.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"),
		chartstore.Meta{Name: "父亲", Notes: "line one\nline two <b>", Tags: []string{"family", "家人"}}, true)
	a2 := xferChart(t, app, u.ID, xferReq("1990-06-01", "", "+08:00", "female"), chartstore.Meta{Name: "Client A"}, false)
	trashed := xferChart(t, app, u.ID, xferReq("1975-09-09", "09:09", "UTC", "male"), chartstore.Meta{Name: "In the trash"}, false)
	if _, err := app.Server.Charts.Trash(context.Background(), u.ID, []int64{trashed.ID}); err != nil {
		t.Fatal(err)
	}
	theirs := xferChart(t, app, other.ID, xferReq("1970-01-01", "12:00", "UTC", "female"), chartstore.Meta{Name: "Not yours"}, false)

	res := b.Get(t, "/charts/export.json")
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="bazi-master-charts.json"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	all := xferExport(t, b, "")
	if all.Format != "bazi-master-charts" || all.Version != 1 || all.ExportedAt == "" {
		t.Errorf("header: %+v", all)
	}
	if got := strings.Join(xferNames(all), "|"); got != "父亲|Client A" {
		t.Fatalf("exported %q, want the two charts outside the trash, oldest first", got)
	}
	c := all.Charts[0]
	want := chartstore.RecordInput{Date: "1988-02-15", Time: "23:30", Calendar: "solar", TZ: "Asia/Shanghai", Gender: "male", ZiRule: "next-day", LuckMethod: "exact"}
	if c.Input != want {
		t.Errorf("input %+v, want %+v", c.Input, want)
	}
	if c.Notes != "line one\nline two <b>" || strings.Join(c.Tags, ",") != "family,家人" || !c.Favourite || c.Pillars != a1.Pillars || c.CreatedAt.IsZero() {
		t.Errorf("record %+v", c)
	}
	if all.Charts[1].Tags == nil || len(all.Charts[1].Tags) != 0 {
		t.Errorf("no tags must export as [], got %#v", all.Charts[1].Tags)
	}
	// Keys are the documented ones, with every input field written out.
	var raw struct {
		Charts []map[string]json.RawMessage `json:"charts"`
	}
	res.JSON(t, &raw)
	for _, k := range []string{"name", "notes", "tags", "favourite", "created_at", "input", "pillars"} {
		if _, ok := raw.Charts[0][k]; !ok {
			t.Errorf("record has no %q", k)
		}
	}
	var in map[string]any
	_ = json.Unmarshal(raw.Charts[0]["input"], &in)
	if len(in) != 12 || in["lon"] != nil {
		t.Errorf("input keys %v", in)
	}

	for _, tc := range []struct{ query, want string }{
		{"?ids=" + xferID(a2), "Client A"},
		{"?ids=" + xferID(a1) + "," + xferID(theirs), "父亲"},          // another user's id is silently left out
		{"?ids=" + xferID(a1) + "&ids=" + xferID(a2), "父亲|Client A"}, // checkboxes of a form
		{"?ids=" + xferID(theirs) + "," + xferID(trashed), ""},       // nothing of theirs, nothing from the trash
		{"?ids=", "父亲|Client A"},
	} {
		if got := strings.Join(xferNames(xferExport(t, b, tc.query)), "|"); got != tc.want {
			t.Errorf("export%s = %q, want %q", tc.query, got, tc.want)
		}
	}
	if res := b.Get(t, "/charts/export.json?ids=1,abc"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad ids: %d", res.StatusCode)
	}
}

func xferID(c *models.SavedChart) string { return strconv.FormatInt(c.ID, 10) }

func TestChartExportCSVOpensInExcelAndIsSafe(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("export-csv"), Verified: true})
	ny := xferReq("1985-07-04", "06:15", "America/New_York", "female", -73.94, 40.67)
	ny.TrueSolarTime = true
	xferChart(t, app, u.ID, ny, chartstore.Meta{Name: "=HYPERLINK(\"http://evil\")", Notes: "@SUM(A1)\n第二行, \"quoted\"", Tags: []string{"+1", "客户"}}, false)
	xferChart(t, app, u.ID, xferReq("1992-03-10", "", "-05:00", "male"), chartstore.Meta{Name: "王小明"}, true)

	res := b.Get(t, "/charts/export.csv")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("csv: %d", res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="bazi-master-charts.csv"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if !strings.HasPrefix(res.Body, "\xEF\xBB\xBF") {
		t.Fatal("no UTF-8 byte-order mark: Excel would show the Chinese as mojibake")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.Body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "name,date,time,calendar,leap_month,tz,lon,lat,place,gender,true_solar_time,zi_rule,luck_method,pillars,tags,favourite,notes,created_at" {
		t.Errorf("header %q", got)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	r1, r2 := rows[1], rows[2]
	for _, c := range []struct{ got, want string }{
		{r1[col["name"]], `'=HYPERLINK("http://evil")`},
		{r1[col["notes"]], "'@SUM(A1)\n第二行, \"quoted\""},
		{r1[col["tags"]], "'+1, 客户"},
		{r1[col["lon"]], "-73.94"}, // a number, not a formula
		{r1[col["lat"]], "40.67"},
		{r1[col["tz"]], "America/New_York"},
		{r1[col["true_solar_time"]], "true"},
		{r1[col["calendar"]], "solar"},
		{r2[col["name"]], "王小明"},
		{r2[col["tz"]], "'-05:00"},
		{r2[col["time"]], ""},
		{r2[col["favourite"]], "true"},
		{r2[col["gender"]], "male"},
	} {
		if c.got != c.want {
			t.Errorf("cell %q, want %q", c.got, c.want)
		}
	}
	if p := r2[col["pillars"]]; len(strings.Fields(p)) != 3 {
		t.Errorf("pillars %q: three pairs when the time is unknown", p)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
}

// Export from one account, import into another: the same charts, with
// their pillars recomputed to the same values; a second import skips all.
func TestChartExportImportRoundTrip(t *testing.T) {
	app := testutil.StartApp(t)
	from, fb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("roundtrip-from"), Verified: true})
	to, tb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("roundtrip-to"), Verified: true})
	lunar := xferReq("1988-12-29", "10:00", "Asia/Shanghai", "female")
	lunar.Calendar, lunar.ZiRule, lunar.LuckMethod = "lunar", "split", "days"
	beijing := xferReq("2001-09-11", "14:46", "", "male")
	beijing.Place = "北京"
	beijing.TrueSolarTime = true
	xferChart(t, app, from.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: "甲", Notes: "备注", Tags: []string{"家人"}}, true)
	xferChart(t, app, from.ID, lunar, chartstore.Meta{Name: "Lunar"}, false)
	xferChart(t, app, from.ID, beijing, chartstore.Meta{}, false) // default name
	xferChart(t, app, from.ID, xferReq("1960-01-31", "", "-03:30", "female", -52.7, 47.56), chartstore.Meta{Name: "St. John's"}, false)

	exported := fb.Get(t, "/charts/export.json").Body
	imported, total, rows := xferSummary(t, xferImport(t, tb, exported, ""))
	if imported != 4 || total != 4 || len(rows) != 0 {
		t.Fatalf("imported %d of %d, outcomes %+v", imported, total, rows)
	}
	src, _ := app.Server.Charts.ForExport(context.Background(), from.ID, nil)
	dst, _ := app.Server.Charts.ForExport(context.Background(), to.ID, nil)
	if len(dst) != len(src) {
		t.Fatalf("%d charts imported, %d exported", len(dst), len(src))
	}
	for i := range src {
		s, d := src[i], dst[i]
		if d.UserID != to.ID || d.Name != s.Name || d.Input != s.Input || d.Pillars != s.Pillars || d.Notes != s.Notes ||
			d.Tags != s.Tags || d.Favourite != s.Favourite || d.BirthDate != s.BirthDate || d.Place != s.Place || d.Gender != s.Gender {
			t.Errorf("chart %d:\n got %+v\nwant %+v", i, d, s)
		}
	}
	// The same file again: every chart is already kept.
	imported, _, rows = xferSummary(t, xferImport(t, tb, exported, ""))
	if imported != 0 || len(rows) != 4 {
		t.Fatalf("second import: %d imported, outcomes %+v", imported, rows)
	}
	for _, r := range rows {
		if r.status != "skipped" || !strings.Contains(r.reason, "already keep") {
			t.Errorf("outcome %+v", r)
		}
	}
	if n := countCharts(t, app, to.ID); n != 4 {
		t.Errorf("%d charts after importing twice", n)
	}
	// The profile's "download my data" file imports too (into a third account).
	_, hb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("roundtrip-profile"), Verified: true})
	profileFile := fb.Get(t, "/profile/export").Body
	if imported, _, rows := xferSummary(t, xferImport(t, hb, profileFile, "")); imported != 4 || len(rows) != 0 {
		t.Errorf("import of the profile export: %d imported, %+v", imported, rows)
	}
}

func TestChartImportReportsEveryRecord(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("import-report"), Verified: true})
	xferChart(t, app, u.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: "Kept"}, false)
	long := strings.Repeat("名", chartstore.MaxNameLength+1)
	file := `{"format":"bazi-master-charts","version":1,"generator":"ignored","charts":[
	  {"name":"Good","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female"},"tags":"a, b","favourite":true,"extra":1},
	  {"name":"Kept","input":{"date":"1988-02-15","time":"23:30","calendar":"SOLAR","tz":"Asia/Shanghai","gender":"male","zi_rule":"next-day","luck_method":"exact"}},
	  {"name":"Good","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female","calendar":"solar"}},
	  {"name":"Bad date","input":{"date":"1990-02-30","tz":"UTC","gender":"male"}},
	  {"name":"Bad zone","input":{"date":"1990-02-03","tz":"Mars/Olympus","gender":"male"}},
	  {"name":"` + long + `","input":{"date":"1990-02-03","tz":"UTC","gender":"male"}},
	  {"name":"Typo","input":{"date":"1990-02-03","tz":"UTC","gender":"male","gendr":"male"}},
	  {"name":"Wrong type","input":{"date":"1990-02-03","tz":"UTC","gender":"male","lon":"east"}},
	  {"name":"No input"},
	  "not a chart",
	  {"name":"Beijing","input":{"date":"1999-09-09","time":"09:09","place":"北京","gender":"male"}}
	]}`
	imported, total, rows := xferSummary(t, xferImport(t, b, file, ""))
	if imported != 2 || total != 11 {
		t.Errorf("imported %d of %d, want 2 of 11", imported, total)
	}
	want := []xferOutcome{
		{index: "2", status: "skipped", name: "Kept", reason: "You already keep a chart with this name and birth data."},
		{index: "3", status: "skipped", name: "Good", reason: "The same chart appears earlier in the file (No. 1)."},
		{index: "4", status: "refused", field: "date", name: "Bad date", reason: "This date does not exist."},
		{index: "5", status: "refused", field: "tz", name: "Bad zone", reason: "Unknown time zone"},
		{index: "6", status: "refused", field: "name", name: string([]rune(long)[:chartstore.MaxNameLength]) + "…", reason: "The name is longer than 80 characters."},
		{index: "7", status: "refused", field: "gendr", name: "Typo", reason: "Unknown field “gendr” in the birth data."},
		{index: "8", status: "refused", field: "lon", name: "Wrong type", reason: "The field “lon” has the wrong type."},
		{index: "9", status: "refused", field: "input", name: "No input", reason: "The birth data (“input”) is missing."},
		{index: "10", status: "refused", name: "(no name)", reason: "This entry is not a chart"},
	}
	if len(rows) != len(want) {
		t.Fatalf("outcomes:\n%+v", rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.index != w.index || r.status != w.status || r.field != w.field || r.name != w.name || !strings.HasPrefix(r.reason, w.reason) {
			t.Errorf("outcome %d:\n got %+v\nwant %+v", i, r, w)
		}
	}
	kept, _ := app.Server.Charts.ForExport(context.Background(), u.ID, nil)
	if len(kept) != 3 || kept[1].Name != "Good" || kept[1].Tags != ",a,b," || !kept[1].Favourite || kept[2].Name != "Beijing" || kept[2].Place != "北京" {
		t.Errorf("stored %+v", kept)
	}

	// Reasons come in the page's language.
	bad := `[{"name":"坏日期","input":{"date":"1990-02-30","tz":"UTC","gender":"male"}},{"name":"x","input":{"date":"1990-02-03","tz":"UTC","gender":"male","foo":1}}]`
	_, _, rows = xferSummary(t, xferImport(t, b, bad, "", "Accept-Language", "zh-CN"))
	if len(rows) != 2 || !strings.Contains(rows[0].reason, "日期") || rows[1].reason != "出生资料中有未知字段“foo”。" {
		t.Errorf("zh-Hans outcomes %+v", rows)
	}
	_, _, rows = xferSummary(t, xferImport(t, b, bad, "", "Accept-Language", "zh-TW"))
	if len(rows) != 2 || rows[1].reason != "出生資料中有未知欄位「foo」。" {
		t.Errorf("zh-Hant outcomes %+v", rows)
	}
}

// A file that cannot be read as charts is refused whole, with the reason
// next to the file field, and nothing is written.
func TestChartImportRefusesABadFileWhole(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("import-bad"), Verified: true})
	good := `{"name":"G%d","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female"}}`
	var many []string
	for i := 0; i < chartstore.MaxImportRecords+1; i++ {
		many = append(many, fmt.Sprintf(good, i))
	}
	for _, tc := range []struct {
		name, file, pasted, want string
	}{
		{"nothing chosen", "", "", "Choose a JSON or CSV file, or paste its contents."},
		{"malformed file", "[" + fmt.Sprintf(good, 1) + ",\n{\"name\": }]", "", "This is not valid JSON (the problem is on line 2)."},
		{"malformed paste", "", "{\"charts\": [" + fmt.Sprintf(good, 1), "This is not valid JSON"},
		{"another format", `{"format":"something-else","charts":[]}`, "", "This file holds no BaZi Master charts"},
		{"no charts key", `{"user":{}}`, "", "This file holds no BaZi Master charts"},
		{"a number", `42`, "", "This file holds no BaZi Master charts"},
		{"newer version", `{"format":"bazi-master-charts","version":2,"charts":[]}`, "", "This file was written by a newer version of BaZi Master (format version 2)"},
		{"empty", `{"format":"bazi-master-charts","version":1,"charts":[]}`, "", "The file holds no charts."},
		{"too many", "[" + strings.Join(many, ",") + "]", "", "The file holds 1001 charts; at most 1000 can be imported at once."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := xferImport(t, b, tc.file, tc.pasted)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d %.300s", res.StatusCode, res.Body)
			}
			d := testutil.HTML(t, res.Body)
			if got := strings.TrimSpace(testutil.ByTestID(d, "error-file").Text()); !strings.HasPrefix(got, tc.want) {
				t.Errorf("error %q, want %q", got, tc.want)
			}
			if testutil.ByTestID(d, "field-file").AttrOr("aria-invalid", "") != "true" || testutil.ByTestID(d, "import-errors").Length() != 1 {
				t.Error("the file field is not marked invalid")
			}
			if got := testutil.ByTestID(d, "field-json").Text(); got != tc.pasted {
				t.Errorf("pasted text not kept: %q", got)
			}
			if n := countCharts(t, app, u.ID); n != 0 {
				t.Errorf("%d charts written", n)
			}
		})
	}
	// Pasted JSON (no file) imports, with API-style input objects.
	imported, _, rows := xferSummary(t, xferImport(t, b, "", "\uFEFF["+fmt.Sprintf(good, 7)+"]"))
	if imported != 1 || len(rows) != 0 {
		t.Errorf("paste: %d imported, %+v", imported, rows)
	}
}

func TestChartImportPageInEveryLanguage(t *testing.T) {
	app := testutil.StartApp(t)
	_, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("import-page"), Verified: true})
	for _, lang := range []string{"en", "zh-CN", "zh-TW"} {
		res := b.Get(t, "/charts/import", "Accept-Language", lang)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		if strings.Contains(res.Body, "transfer.") {
			t.Errorf("%s: untranslated key in the page", lang)
		}
		d := testutil.HTML(t, res.Body)
		form := testutil.ByTestID(d, "import-form")
		if form.AttrOr("enctype", "") != "multipart/form-data" || form.AttrOr("action", "") != "/charts/import" ||
			form.Find(`input[name="_csrf"]`).AttrOr("value", "") == "" || testutil.ByTestID(d, "field-file").AttrOr("name", "") != "file" ||
			testutil.ByTestID(d, "field-json").AttrOr("name", "") != "json" {
			t.Errorf("%s: form %s", lang, res.Body)
		}
		if testutil.ByTestID(d, "export-json").AttrOr("href", "") != "/charts/export.json" || testutil.ByTestID(d, "export-csv").AttrOr("href", "") != "/charts/export.csv" {
			t.Errorf("%s: export links", lang)
		}
		if !strings.Contains(testutil.ByTestID(d, "import-form").Text(), "1000") {
			t.Errorf("%s: the page does not state the limit", lang)
		}
	}
}

// "Download my data" carries the charts, those in the trash too, and no
// other user's.
func TestProfileExportIncludesTheCharts(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("profile-charts"), Verified: true})
	other, _ := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("profile-charts-other"), Verified: true})
	xferChart(t, app, u.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: "Mine"}, false)
	gone := xferChart(t, app, u.ID, xferReq("1990-06-01", "", "UTC", "female"), chartstore.Meta{Name: "Trashed"}, false)
	if _, err := app.Server.Charts.Trash(context.Background(), u.ID, []int64{gone.ID}); err != nil {
		t.Fatal(err)
	}
	xferChart(t, app, other.ID, xferReq("1970-01-01", "12:00", "UTC", "female"), chartstore.Meta{Name: "Someone else's"}, false)
	var doc struct {
		Charts []chartstore.ChartRecord `json:"charts"`
	}
	b.Get(t, "/profile/export").JSON(t, &doc)
	if len(doc.Charts) != 2 || doc.Charts[0].Name != "Mine" || doc.Charts[0].DeletedAt != nil ||
		doc.Charts[1].Name != "Trashed" || doc.Charts[1].DeletedAt == nil || doc.Charts[0].Input.Date != "1988-02-15" {
		t.Errorf("charts in the profile export: %+v", doc.Charts)
	}
	// Imported elsewhere, the chart that was in the trash stays out.
	_, nb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("profile-charts-import"), Verified: true})
	imported, _, rows := xferSummary(t, xferImport(t, nb, b.Get(t, "/profile/export").Body, ""))
	if imported != 1 || len(rows) != 1 || rows[0].name != "Trashed" || rows[0].status != "skipped" || !strings.Contains(rows[0].reason, "in the trash") {
		t.Errorf("import of a profile export: %d imported, %+v", imported, rows)
	}
}

// The largest import allowed fits the body limit and goes through whole.
func TestChartImportOfAThousandCharts(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 1000 charts")
	}
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("import-1000"), Verified: true})
	recs := make([]chartstore.ChartRecord, chartstore.MaxImportRecords)
	for i := range recs {
		recs[i] = chartstore.ChartRecord{
			Name: fmt.Sprintf("客户 %04d", i), Notes: "first consultation in spring", Tags: []string{"client", "客户"},
			Input: chartstore.RecordInput{Date: fmt.Sprintf("%04d-%02d-%02d", 1930+i%80, 1+i%12, 10+i%15), Time: fmt.Sprintf("%02d:%02d", i%24, i%60),
				Calendar: "solar", TZ: "Asia/Shanghai", Gender: []string{"male", "female"}[i%2], ZiRule: "next-day", LuckMethod: "exact"},
		}
	}
	file, _ := json.MarshalIndent(chartstore.ChartFile{Format: chartstore.ExportFormat, Version: 1, Charts: recs}, "", "  ")
	if len(file) > 1<<20-4096 {
		t.Fatalf("a %d-chart file is %d bytes: over the 1 MiB body limit", len(recs), len(file))
	}
	imported, total, rows := xferSummary(t, xferImport(t, b, string(file), ""))
	if imported != chartstore.MaxImportRecords || total != chartstore.MaxImportRecords || len(rows) != 0 {
		t.Fatalf("imported %d of %d, outcomes %+v", imported, total, rows[:min(len(rows), 5)])
	}
	if n := countCharts(t, app, u.ID); n != int64(chartstore.MaxImportRecords) {
		t.Errorf("%d charts stored", n)
	}
}

// When the database refuses one chart, the import writes none of them.
func TestChartImportIsAllOrNothingOnAWriteFailure(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("import-rollback"), Verified: true})
	boom := "boom-" + strconv.FormatInt(u.ID, 10)
	db := app.Server.DB.Gorm
	// A trigger that fails the insert of one chart name, for this test only.
	for _, q := range []string{
		`CREATE OR REPLACE FUNCTION xfer_fail_insert() RETURNS trigger AS $$ BEGIN
		   IF NEW.name LIKE 'boom-%' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
		`DROP TRIGGER IF EXISTS xfer_fail_insert ON charts`,
		`CREATE TRIGGER xfer_fail_insert BEFORE INSERT ON charts FOR EACH ROW EXECUTE FUNCTION xfer_fail_insert()`,
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { db.Exec(`DROP TRIGGER IF EXISTS xfer_fail_insert ON charts`) })
	rec := `{"name":%q,"input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female"}}`
	file := "[" + fmt.Sprintf(rec, "first") + "," + fmt.Sprintf(rec, "second") + "," + fmt.Sprintf(rec, boom) + "]"
	if res := xferImport(t, b, file, ""); res.StatusCode != http.StatusInternalServerError {
		t.Errorf("import with a failing write: %d", res.StatusCode)
	}
	if n := countCharts(t, app, u.ID); n != 0 {
		t.Errorf("%d charts written by an import that failed", n)
	}
}

// The same file imported twice at the same moment (a double click, two
// tabs) keeps each chart once: the second import waits and finds them.
func TestChartImportTwiceAtOnceKeepsOneCopy(t *testing.T) {
	app := testutil.StartApp(t)
	from, fb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("twice-from"), Verified: true})
	toUser, to := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("twice-to"), Verified: true})
	for i, name := range []string{"One", "Two", "Three"} {
		xferChart(t, app, from.ID, xferReq(fmt.Sprintf("199%d-03-04", i), "05:06", "Asia/Shanghai", "male"), chartstore.Meta{Name: name}, false)
	}
	file := fb.Get(t, "/charts/export.json").Body
	var wg sync.WaitGroup
	imported := make([]int, 4)
	for i := range imported {
		wg.Add(1)
		go func() {
			defer wg.Done()
			imported[i], _, _ = xferSummary(t, xferImport(t, to, file, ""))
		}()
	}
	wg.Wait()
	total := 0
	for _, n := range imported {
		total += n
	}
	if n := countCharts(t, app, toUser.ID); n != 3 || total != 3 {
		t.Fatalf("%d charts kept after four imports at once reporting %v imported, want 3", n, imported)
	}
}
