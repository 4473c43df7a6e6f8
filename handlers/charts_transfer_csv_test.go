package handlers_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/testutil"
)

// xferImportFile posts an import of one file as the form does, the file
// sent with its name and content type as a browser would.
func xferImportFile(t *testing.T, b *testutil.App, filename, contentType, file string, headers ...string) *testutil.Response {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("_csrf", b.CSRFToken(t))
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+filename+`"`)
	h.Set("Content-Type", contentType)
	fw, _ := w.CreatePart(h)
	_, _ = fw.Write([]byte(file))
	_ = w.WriteField("json", "")
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, b.URL+"/charts/import", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.Do(t, req)
}

// reorderCSV writes a CSV's columns in reverse order, without the BOM.
func reorderCSV(t *testing.T, file string) string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(file, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	for _, r := range rows {
		rev := make([]string, len(r))
		for i := range r {
			rev[len(r)-1-i] = r[i]
		}
		_ = w.Write(rev)
	}
	w.Flush()
	return out.String()
}

// Export CSV from one account, import it into another: the same charts
// (names and notes with commas, quotes, newlines and formula characters
// too); a second import skips every one; the columns in another order,
// without the BOM, pasted rather than uploaded, read the same.
func TestChartCSVExportImportRoundTrip(t *testing.T) {
	app := testutil.StartApp(t)
	from, fb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("csv-from"), Verified: true})
	to, tb := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("csv-to"), Verified: true})
	lunar := xferReq("1988-12-29", "10:00", "Asia/Shanghai", "female")
	lunar.Calendar, lunar.ZiRule, lunar.LuckMethod = "lunar", "split", "days"
	beijing := xferReq("2001-09-11", "14:46", "", "male")
	beijing.Place = "北京"
	beijing.TrueSolarTime = true
	xferChart(t, app, from.ID, xferReq("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: `甲, "乙"`, Notes: "备注\n第二行, =SUM(A1)", Tags: []string{"家人", "朋友"}}, true)
	xferChart(t, app, from.ID, lunar, chartstore.Meta{Name: "Lunar"}, false)
	xferChart(t, app, from.ID, beijing, chartstore.Meta{}, false) // default name
	xferChart(t, app, from.ID, xferReq("1960-01-31", "", "-03:30", "female", -52.7, 47.56), chartstore.Meta{Name: "=St. John's", Notes: "-note"}, false)

	exported := fb.Get(t, "/charts/export.csv").Body
	imported, total, rows := xferSummary(t, xferImportFile(t, tb, "bazi-master-charts.csv", "text/csv", exported))
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
	// The same file again, its columns reversed and pasted: all kept already.
	imported, _, rows = xferSummary(t, xferImport(t, tb, "", reorderCSV(t, exported)))
	if imported != 0 || len(rows) != 4 {
		t.Fatalf("second import: %d imported, outcomes %+v", imported, rows)
	}
	for i, r := range rows {
		if r.status != "skipped" || !strings.Contains(r.reason, "already keep") || r.index != string(rune('2'+i)) {
			t.Errorf("outcome %+v", r)
		}
	}
	if n := countCharts(t, app, to.ID); n != 4 {
		t.Errorf("%d charts after importing twice", n)
	}
}

// Rows are checked by the JSON import's rules: good rows are imported,
// each bad one is named by its row (the header is row 1) and column, in
// the page's language.
func TestChartCSVImportNamesRowAndColumn(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("csv-rows"), Verified: true})
	file := "name,date,time,tz,gender,lon,lat,favourite\r\n" +
		"Good,1990-06-01,08:00,+08:00,female,,,true\r\n" + // row 2
		"Bad date,1990-02-30,08:00,UTC,male,,,\r\n" + // row 3
		"Bad lon,1990-02-03,08:00,UTC,male,east,1,\r\n" + // row 4
		"Bad flag,1990-02-03,08:00,UTC,male,,,maybe\r\n" + // row 5
		"Good,1990-06-01,08:00,+08:00,female,,,\r\n" + // row 6: repeats row 2
		"No date,,08:00,UTC,male,,,\r\n" // row 7
	res := xferImportFile(t, b, "mine.CSV", "application/vnd.ms-excel", file)
	imported, total, rows := xferSummary(t, res)
	if imported != 1 || total != 6 {
		t.Errorf("imported %d of %d, want 1 of 6", imported, total)
	}
	d := testutil.HTML(t, res.Body)
	var where []string
	for _, s := range testutil.ByTestID(d, "outcome-where").Nodes {
		where = append(where, strings.TrimSpace(s.FirstChild.Data))
	}
	wantWhere := []string{"Row 6", "Row 3, column date", "Row 4, column lon", "Row 5, column favourite", "Row 7, column date"}
	if strings.Join(where, "|") != strings.Join(wantWhere, "|") {
		t.Errorf("places %q, want %q", where, wantWhere)
	}
	wantReason := []string{"The same chart appears earlier in the file", "This date does not exist.", "Write a number", "Write true or false.", ""}
	for i, w := range wantReason {
		if i < len(rows) && !strings.HasPrefix(rows[i].reason, w) {
			t.Errorf("row %s reason %q, want %q", rows[i].index, rows[i].reason, w)
		}
	}
	if n := countCharts(t, app, u.ID); n != 1 {
		t.Errorf("%d charts stored, want 1", n)
	}

	res = xferImportFile(t, b, "mine.csv", "text/csv", file, "Accept-Language", "zh-CN")
	d = testutil.HTML(t, res.Body)
	if got := strings.TrimSpace(testutil.ByTestID(d, "outcome-where").Eq(3).Text()); got != "第 4 行，lon 列" {
		t.Errorf("zh-Hans place %q", got)
	}
	res = xferImportFile(t, b, "mine.csv", "text/csv", file, "Accept-Language", "zh-TW")
	d = testutil.HTML(t, res.Body)
	if got := strings.TrimSpace(testutil.ByTestID(d, "outcome-where").Eq(3).Text()); got != "第 4 列，lon 欄" {
		t.Errorf("zh-Hant place %q", got)
	}
}

// A CSV that is not a charts CSV is refused whole (422), the reason next
// to the file field, and nothing is imported, even its good rows.
func TestChartCSVImportRefusesABadFileWhole(t *testing.T) {
	app := testutil.StartApp(t)
	u, b := app.NewUserSession(t, testutil.User{Email: testutil.UniqueEmail("csv-bad"), Verified: true})
	good := "1990-06-01,08:00,+08:00,female\n"
	for _, tc := range []struct{ name, file, want string }{
		{"unknown column", "date,time,tz,gender,birth_place\n" + strings.TrimSuffix(good, "\n") + ",x\n", "The CSV has a column “birth_place” that charts do not have."},
		{"repeated column", "date,time,tz,gender,TZ\n" + strings.TrimSuffix(good, "\n") + ",UTC\n", "The CSV has the column “tz” twice."},
		{"short row", "date,time,tz,gender\n" + good + "1990-06-01,08:00\n", "This CSV cannot be read at row 3"},
		{"open quote", "date,time,tz,gender\n" + good + "\"1990-06-01,08:00,UTC,male\n", "This CSV cannot be read at row 3"},
		{"header only", "\uFEFFdate,time,tz,gender\r\n", "The file holds no charts."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := xferImportFile(t, b, "charts.csv", "text/csv", tc.file)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d %.300s", res.StatusCode, res.Body)
			}
			d := testutil.HTML(t, res.Body)
			if got := strings.TrimSpace(testutil.ByTestID(d, "error-file").Text()); !strings.HasPrefix(got, tc.want) {
				t.Errorf("error %q, want %q", got, tc.want)
			}
			if testutil.ByTestID(d, "field-file").AttrOr("aria-invalid", "") != "true" {
				t.Error("the file field is not marked invalid")
			}
			if n := countCharts(t, app, u.ID); n != 0 {
				t.Errorf("%d charts written", n)
			}
		})
	}
	res := xferImportFile(t, b, "charts.csv", "text/csv", "date,birth_place\n2000-01-01,x\n", "Accept-Language", "zh-CN")
	if got := testutil.ByTestID(testutil.HTML(t, res.Body), "error-file").Text(); !strings.Contains(got, "“birth_place”") || !strings.Contains(got, "未导入") {
		t.Errorf("zh-Hans error %q", got)
	}
}
