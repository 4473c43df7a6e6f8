package chartstore_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/textguard"
	"github.com/bazi-master/bazi-master/models"
)

func req(date, clock, tz, gender string) chartinput.Request {
	return chartinput.Request{Request: bazi.Request{Date: date, Time: clock, TZ: tz, Gender: gender}}
}

func build(t testing.TB, r chartinput.Request, m chartstore.Meta) *models.SavedChart {
	t.Helper()
	c, err := chartstore.Build(7, r, m)
	if err != nil {
		t.Fatalf("build %+v: %v", r, err)
	}
	c.CreatedAt = time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("CST", 8*3600))
	return c
}

const goodRecord = `{"name":"G","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female"}}`

func TestDecodeFile(t *testing.T) {
	many := "[" + strings.TrimSuffix(strings.Repeat(goodRecord+",", chartstore.MaxImportRecords+1), ",") + "]"
	exactly := "[" + strings.TrimSuffix(strings.Repeat(goodRecord+",", chartstore.MaxImportRecords), ",") + "]"
	for _, c := range []struct {
		name, file string
		records    int
		code       string
		args       []any
	}{
		{"an export", `{"format":"bazi-master-charts","version":1,"exported_at":"x","charts":[` + goodRecord + `,` + goodRecord + `]}`, 2, "", nil},
		{"an older version", `{"format":"bazi-master-charts","version":0,"charts":[` + goodRecord + `]}`, 1, "", nil},
		{"a profile export (no format)", `{"user":{"email":"a@b"},"readings":[],"charts":[` + goodRecord + `]}`, 1, "", nil},
		{"a bare array", `[` + goodRecord + `]`, 1, "", nil},
		{"with a byte-order mark and blank lines", "\uFEFF\n\n  [" + goodRecord + "]  \n", 1, "", nil},
		{"records not yet checked", `[1, "x", null]`, 3, "", nil},
		{"exactly the limit", exactly, chartstore.MaxImportRecords, "", nil},
		{"nothing", "", 0, "required", nil},
		{"only a byte-order mark", "\uFEFF  ", 0, "required", nil},
		{"malformed on line 3", "[\n" + goodRecord + ",\n{\"name\": }]", 0, "malformed", []any{3}},
		{"cut short", `{"charts": [` + goodRecord, 0, "malformed", []any{1}},
		{"another format", `{"format":"something-else","charts":[]}`, 0, "not_charts_file", nil},
		{"no charts key", `{"user":{}}`, 0, "not_charts_file", nil},
		{"charts not a list", `{"charts":{"a":1}}`, 0, "not_charts_file", nil},
		{"format not a string", `{"format":1,"charts":[]}`, 0, "not_charts_file", nil},
		{"a number", `42`, 0, "not_charts_file", nil},
		{"a string", `"charts"`, 0, "not_charts_file", nil},
		{"a newer version", `{"format":"bazi-master-charts","version":2,"charts":[]}`, 0, "version", []any{2}},
		{"no charts", `{"format":"bazi-master-charts","version":1,"charts":[]}`, 0, "empty", nil},
		{"an empty array", `[]`, 0, "empty", nil},
		{"too many", many, 0, "too_many", []any{chartstore.MaxImportRecords, chartstore.MaxImportRecords + 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			recs, prob := chartstore.DecodeFile([]byte(c.file))
			if c.code == "" {
				if prob != nil || len(recs) != c.records {
					t.Fatalf("%d records, %v; want %d", len(recs), prob, c.records)
				}
				return
			}
			if prob == nil || prob.Code != c.code || fmt.Sprint(prob.Args) != fmt.Sprint(c.args) {
				t.Fatalf("problem %+v, want %s %v", prob, c.code, c.args)
			}
		})
	}
}

func TestDecodeRecord(t *testing.T) {
	long := strings.Repeat("名", chartstore.MaxNameLength+1)
	var tags []string
	for i := range models.MaxTags + 1 {
		tags = append(tags, fmt.Sprint("t", i))
	}
	manyTags := strings.Join(tags, ",")
	for _, c := range []struct {
		name, raw   string
		recordName  string // the name as read
		field, code string
		args        []any
	}{
		{"not an object", `"not a chart"`, "", "", "not_object", nil},
		{"null", `null`, "", "", "not_object", nil},
		{"an array", `[1]`, "", "", "not_object", nil},
		{"a name of the wrong type", `{"name":1,"input":{}}`, "", "name", "invalid_type", []any{"name"}},
		{"tags of the wrong type", `{"name":"T","tags":5,"input":{}}`, "T", "tags", "invalid_type", []any{"tags"}},
		{"tags with a number", `{"name":"T","tags":["a",1],"input":{}}`, "T", "tags", "invalid_type", []any{"tags"}},
		{"no input", `{"name":"No input"}`, "No input", "input", "input_missing", nil},
		{"a null input", `{"name":"N","input":null}`, "N", "input", "input_missing", nil},
		{"input not an object", `{"name":"N","input":"1990-01-01"}`, "N", "input", "input_not_object", nil},
		{"an unknown input field", `{"name":"Typo","input":{"date":"1990-02-03","tz":"UTC","gender":"male","gendr":"male"}}`, "Typo", "gendr", "unknown_field", []any{"gendr"}},
		{"an input field of the wrong type", `{"name":"W","input":{"date":"1990-02-03","tz":"UTC","gender":"male","lon":"east"}}`, "W", "lon", "invalid_type", []any{"lon"}},
		{"a date that does not exist", `{"name":"Bad date","input":{"date":"1990-02-30","tz":"UTC","gender":"male"}}`, "Bad date", "date", "invalid_date", nil},
		{"an unknown zone", `{"name":"Z","input":{"date":"1990-02-03","tz":"Mars/Olympus","gender":"male"}}`, "Z", "tz", "unknown_tz", nil},
		{"an unknown place", `{"name":"P","input":{"date":"1990-02-03","place":"Atlantis Prime","gender":"male"}}`, "P", "place", "unknown_place", nil},
		{"a name too long", `{"name":"` + long + `","input":{"date":"1990-02-03","tz":"UTC","gender":"male"}}`, long, "name", "too_long", []any{chartstore.MaxNameLength}},
		{"notes too long", `{"name":"N","notes":"` + strings.Repeat("x", chartstore.MaxNotesLength+1) + `","input":{"date":"1990-02-03","tz":"UTC","gender":"male"}}`, "N", "notes", "too_long", []any{chartstore.MaxNotesLength}},
		// \u0000 decodes to NUL, which PostgreSQL cannot store.
		{"a NUL in the name", `{"name":"a\u0000b","input":{"date":"1990-02-03","tz":"UTC","gender":"male"}}`, "a\x00b", "name", "invalid_text", []any{"name"}},
		{"a NUL in the notes", `{"name":"N","notes":"\u0000","input":{"date":"1990-02-03","tz":"UTC","gender":"male"}}`, "N", "notes", "invalid_text", []any{"notes"}},
		{"a NUL in a tag", `{"name":"N","tags":["ok","\u0000"],"input":{"date":"1990-02-03","tz":"UTC","gender":"male"}}`, "N", "tags", "invalid_text", []any{"tags"}},
		{"a NUL in the place", `{"name":"N","input":{"date":"1990-02-03","tz":"UTC","lon":1,"lat":1,"place":"x\u0000","gender":"male"}}`, "N", "place", "invalid_text", []any{"place"}},
		{"a key given twice", `{"name":"N","input":{"date":"1990-02-03","tz":"UTC","tz":"+08:00","gender":"male"}}`, "N", "tz", "duplicate_key", []any{"tz"}},
		{"too many tags", `{"name":"N","tags":"` + manyTags + `","input":{"date":"1990-02-03","tz":"UTC","gender":"male"}}`, "N", "tags", "invalid", []any{models.MaxTags, models.MaxTagLength}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec, name, prob := chartstore.DecodeRecord(7, json.RawMessage(c.raw))
			if prob == nil {
				t.Fatalf("accepted: %+v", rec.Chart)
			}
			if rec.Chart != nil || name != c.recordName || prob.Field != c.field || prob.Code != c.code || fmt.Sprint(prob.Args) != fmt.Sprint(c.args) {
				t.Errorf("got %q %+v, want %q %s/%s %v", name, prob, c.recordName, c.field, c.code, c.args)
			}
			var rp *chartstore.RecordProblem
			if !errors.As(error(prob), &rp) || !strings.Contains(prob.Error(), c.code) {
				t.Errorf("Error() = %q", prob.Error())
			}
		})
	}
}

// A record is read leniently where the JSON API is (unknown top-level
// fields, tags as text, aliases and padding in the input) and stored as
// the birth form would store it.
func TestDecodeRecordAsTheFormSavesIt(t *testing.T) {
	raw := `{"name":" Good ","notes":"n","tags":"a, b、c","favourite":true,"extra":1,
		"input":{"date":" 1990-06-01 ","time":"08:00","calendar":"gregorian","tz":"+08:00","gender":"F","zi_rule":"next_day","luck_method":"exact","liu_yue_year":2024}}`
	rec, name, prob := chartstore.DecodeRecord(7, json.RawMessage(raw))
	if prob != nil {
		t.Fatal(prob)
	}
	want := build(t, chartinput.Request{Request: bazi.Request{Date: "1990-06-01", Time: "08:00", TZ: "+08:00", Gender: "female"}},
		chartstore.Meta{Name: "Good", Notes: "n", Tags: []string{"a", "b", "c"}})
	c := rec.Chart
	if name != "Good" || rec.Trashed || c.UserID != 7 || c.Name != "Good" || c.Notes != "n" || c.Tags != ",a,b,c," || !c.Favourite ||
		c.Input != want.Input || c.Pillars != want.Pillars || c.BirthDate != "1990-06-01" || c.Gender != "female" {
		t.Errorf("chart %+v\nwant input %s, pillars %s", c, want.Input, want.Pillars)
	}
	rec, _, prob = chartstore.DecodeRecord(7, json.RawMessage(`{"name":"T","deleted_at":"2024-01-02T03:04:05Z","input":{"date":"1990-06-01","tz":"UTC","gender":"male"}}`))
	if prob != nil || !rec.Trashed {
		t.Errorf("a chart from the trash: %+v %v", rec, prob)
	}
}

// Export, then import: the same charts, recomputed to the same pillars.
func TestRecordRoundTrip(t *testing.T) {
	lunar := req("1988-12-29", "10:00", "Asia/Shanghai", "female")
	lunar.Calendar, lunar.ZiRule, lunar.LuckMethod = "lunar", "split", "days"
	beijing := req("2001-09-11", "14:46", "", "male")
	beijing.Place, beijing.TrueSolarTime = "北京", true
	lon, lat := -52.7, 47.56
	newfoundland := req("1960-01-31", "", "-03:30", "female")
	newfoundland.Lon, newfoundland.Lat = &lon, &lat
	deleted := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

	var charts []models.SavedChart
	for i, r := range []chartinput.Request{req("1988-02-15", "23:30", "Asia/Shanghai", "male"), lunar, beijing, newfoundland} {
		c := build(t, r, chartstore.Meta{Name: fmt.Sprintf("Chart <%d> & co", i), Notes: "备注\nline two", Tags: []string{"家人", "x"}})
		c.Favourite = i%2 == 0
		if i == 3 {
			c.DeletedAt = &deleted
		}
		charts = append(charts, *c)
	}
	recs, err := chartstore.RecordsOf(charts)
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[0].Input; got != (chartstore.RecordInput{Date: "1988-02-15", Time: "23:30", Calendar: "solar", TZ: "Asia/Shanghai", Gender: "male", ZiRule: "next-day", LuckMethod: "exact"}) {
		t.Errorf("defaults not written out: %+v", got)
	}
	if recs[0].CreatedAt.Location() != time.UTC || recs[3].DeletedAt == nil {
		t.Errorf("times: %v %v", recs[0].CreatedAt, recs[3].DeletedAt)
	}
	file, err := chartstore.EncodeFile(recs, time.Date(2024, 6, 1, 12, 0, 0, 0, time.FixedZone("X", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	raws, prob := chartstore.DecodeFile(file)
	if prob != nil || len(raws) != len(charts) {
		t.Fatalf("%d records, %v", len(raws), prob)
	}
	for i, raw := range raws {
		rec, _, prob := chartstore.DecodeRecord(9, raw)
		if prob != nil {
			t.Fatalf("record %d: %v\n%s", i, prob, raw)
		}
		s, d := charts[i], rec.Chart
		if d.UserID != 9 || d.Name != s.Name || d.Input != s.Input || d.Pillars != s.Pillars || d.Notes != s.Notes || d.Tags != s.Tags ||
			d.Favourite != s.Favourite || d.BirthDate != s.BirthDate || d.Place != s.Place || d.Gender != s.Gender || rec.Trashed != (i == 3) {
			t.Errorf("chart %d:\n got %+v\nwant %+v", i, d, s)
		}
	}
}

func TestEncodeFile(t *testing.T) {
	c := build(t, req("1990-06-01", "", "UTC", "female"), chartstore.Meta{Name: "<b>A & B</b>"})
	rec, err := chartstore.RecordOf(c)
	if err != nil {
		t.Fatal(err)
	}
	file, err := chartstore.EncodeFile([]chartstore.ChartRecord{rec}, time.Date(2024, 6, 1, 13, 0, 0, 0, time.FixedZone("X", 3600)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"{\n  \"format\": \"bazi-master-charts\",\n  \"version\": 1,\n  \"exported_at\": \"2024-06-01T12:00:00Z\",",
		`"name": "<b>A & B</b>"`, `"tags": []`, `"lon": null`, `"time": ""`, `"calendar": "solar"`,
	} {
		if !bytes.Contains(file, []byte(want)) {
			t.Errorf("no %q in\n%s", want, file)
		}
	}
	var raw struct {
		Charts []map[string]json.RawMessage `json:"charts"`
	}
	if err := json.Unmarshal(file, &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"name", "notes", "tags", "favourite", "created_at", "input", "pillars"} {
		if _, ok := raw.Charts[0][k]; !ok {
			t.Errorf("record has no %q", k)
		}
	}
	if _, ok := raw.Charts[0]["deleted_at"]; ok {
		t.Error("deleted_at written for a chart outside the trash")
	}
	var in map[string]any
	_ = json.Unmarshal(raw.Charts[0]["input"], &in)
	if len(in) != 12 {
		t.Errorf("input keys %v, want all 12", in)
	}
}

// The CSV opens in a spreadsheet as text: a byte-order mark, CRLF, and no
// cell that would run as a formula; numbers stay numbers.
func TestEncodeCSV(t *testing.T) {
	lon, lat := -73.94, 40.67
	r := chartstore.ChartRecord{
		Name: `=HYPERLINK("http://evil")`, Notes: "@SUM(A1)\n第二行, \"quoted\"", Tags: []string{"+1", "客户"},
		CreatedAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Pillars: "甲子 乙丑 丙寅",
		Input: chartstore.RecordInput{Date: "1985-07-04", Time: "06:15", Calendar: "solar", TZ: "-05:00", Lon: &lon, Lat: &lat,
			Gender: "female", TrueSolarTime: true, ZiRule: "next-day", LuckMethod: "exact"},
	}
	out, err := chartstore.EncodeCSV([]chartstore.ChartRecord{r, {Name: "-", Notes: "\tx", Input: chartstore.RecordInput{Place: "+1e5"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("\xEF\xBB\xBFname,date,")) || !bytes.Contains(out, []byte("created_at\r\n")) {
		t.Fatalf("start %q", out[:min(len(out), 40)])
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != strings.Join(chartstore.CSVHeader, ",") {
		t.Fatalf("rows %q", rows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, c := range []struct{ row, col, want string }{
		{"1", "name", `'=HYPERLINK("http://evil")`},
		{"1", "notes", "'@SUM(A1)\n第二行, \"quoted\""},
		{"1", "tags", "'+1, 客户"},
		{"1", "lon", "-73.94"},
		{"1", "lat", "40.67"},
		{"1", "tz", "'-05:00"},
		{"1", "true_solar_time", "true"},
		{"1", "created_at", "2024-01-02T03:04:05Z"},
		{"1", "pillars", "甲子 乙丑 丙寅"},
		{"2", "name", "'-"},
		{"2", "notes", "'\tx"},
		{"2", "place", "'+1e5"}, // a number to a spreadsheet, but not as written
		{"2", "lon", ""},
	} {
		row := rows[1]
		if c.row == "2" {
			row = rows[2]
		}
		if got := row[col[c.col]]; got != c.want {
			t.Errorf("row %s %s = %q, want %q", c.row, c.col, got, c.want)
		}
	}
}

// fakeStore keeps charts in memory.
type fakeStore struct {
	locked  []int64
	kept    map[string]bool // name + "\x00" + input
	created []*models.SavedChart
	failOn  string // a chart name whose Create fails
	trash   []models.SavedChart
	page    int // trash page size
}

func (s *fakeStore) LockUser(_ context.Context, userID int64) error {
	s.locked = append(s.locked, userID)
	return nil
}

func (s *fakeStore) HasInput(_ context.Context, _ int64, name, input string) (bool, error) {
	return s.kept[name+"\x00"+input], nil
}

func (s *fakeStore) Create(_ context.Context, c *models.SavedChart) error {
	if c.Name == s.failOn {
		return errors.New("refused")
	}
	s.created = append(s.created, c)
	return nil
}

func (s *fakeStore) ForExport(_ context.Context, _ int64, _ []int64) ([]models.SavedChart, error) {
	var out []models.SavedChart
	for _, c := range s.created {
		out = append(out, *c)
	}
	return out, nil
}

func (s *fakeStore) List(_ context.Context, _ int64, q models.ListQuery) (models.ListPage, error) {
	from := 0
	if q.Cursor != "" {
		fmt.Sscan(q.Cursor, &from)
	}
	to := min(from+s.page, len(s.trash))
	p := models.ListPage{Charts: s.trash[from:to]}
	if to < len(s.trash) {
		p.NextCursor = fmt.Sprint(to)
	}
	return p, nil
}

type outcome struct {
	name, status, code string
}

func outcomes(im *chartstore.Import) []outcome {
	var out []outcome
	for _, o := range im.Outcomes() {
		code := ""
		if o.Problem != nil {
			code = o.Problem.Code
		}
		out = append(out, outcome{o.Name, o.Status, code})
	}
	return out
}

// Every record gets an outcome, in file order: refused when invalid,
// skipped when it was in the trash, repeats an earlier record of the file,
// or is a chart the user already keeps; the rest are written.
func TestImport(t *testing.T) {
	kept := build(t, req("1988-02-15", "23:30", "Asia/Shanghai", "male"), chartstore.Meta{Name: "Kept"})
	file := `[
	  {"name":"Good","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female"}},
	  {"name":"Kept","input":{"date":"1988-02-15","time":"23:30","calendar":"SOLAR","tz":"Asia/Shanghai","gender":"male","zi_rule":"next-day","luck_method":"exact"}},
	  {"name":"Good","input":{"date":"1990-06-01","time":"08:00","tz":"+08:00","gender":"female","calendar":"solar"}},
	  {"name":"Bad date","input":{"date":"1990-02-30","tz":"UTC","gender":"male"}},
	  {"name":"Trashed","deleted_at":"2024-01-01T00:00:00Z","input":{"date":"1990-06-01","tz":"UTC","gender":"male"}},
	  "not a chart",
	  {"name":"Good","input":{"date":"1990-06-02","time":"08:00","tz":"+08:00","gender":"female"}}
	]`
	raws, prob := chartstore.DecodeFile([]byte(file))
	if prob != nil {
		t.Fatal(prob)
	}
	im := chartstore.PrepareImport(7, raws)
	if n := im.Count(chartstore.Imported); n != 3 {
		t.Errorf("%d waiting to be written before the store is asked, want 3", n)
	}
	store := &fakeStore{kept: map[string]bool{kept.Name + "\x00" + kept.Input: true}}
	for range 2 { // as a retried transaction would
		store.created = nil
		if err := im.Write(context.Background(), store); err != nil {
			t.Fatal(err)
		}
	}
	want := []outcome{
		{"Good", chartstore.Imported, ""},
		{"Kept", chartstore.Skipped, "duplicate"},
		{"Good", chartstore.Skipped, "duplicate_in_file"},
		{"Bad date", chartstore.Refused, "invalid_date"},
		{"Trashed", chartstore.Skipped, "trashed"},
		{"", chartstore.Refused, "not_object"},
		{"Good", chartstore.Imported, ""}, // the same name, another birth
	}
	if got := outcomes(im); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outcomes\n got %v\nwant %v", got, want)
	}
	if a := im.Outcomes()[2].Problem.Args; fmt.Sprint(a) != "[1]" {
		t.Errorf("the repeat names record %v, want 1 (counted from 1)", a)
	}
	if len(store.created) != 2 || store.created[0].UserID != 7 || store.created[1].BirthDate != "1990-06-02" {
		t.Errorf("created %+v", store.created)
	}
	if len(store.locked) != 2 || store.locked[0] != 7 {
		t.Errorf("locks %v: the user's import lock must be taken first", store.locked)
	}
	if im.Count(chartstore.Imported) != 2 || im.Count(chartstore.Skipped) != 3 || im.Count(chartstore.Refused) != 2 {
		t.Errorf("counts %d %d %d", im.Count(chartstore.Imported), im.Count(chartstore.Skipped), im.Count(chartstore.Refused))
	}

	failing := &fakeStore{failOn: "Good"}
	if err := chartstore.PrepareImport(7, raws).Write(context.Background(), failing); err == nil {
		t.Error("a failed write was not reported")
	}
}

// "Download my data" has the charts outside the trash, then those in it,
// longest there first, across every page of the trash.
func TestExportAccount(t *testing.T) {
	store := &fakeStore{page: 2}
	for _, name := range []string{"Kept 1", "Kept 2"} {
		store.created = append(store.created, build(t, req("1990-06-01", "", "UTC", "male"), chartstore.Meta{Name: name}))
	}
	for i := 5; i >= 1; i-- { // the trash lists the newest first
		c := build(t, req("1990-06-01", "", "UTC", "male"), chartstore.Meta{Name: fmt.Sprintf("Trashed %d", i)})
		at := time.Date(2024, 1, i, 0, 0, 0, 0, time.UTC)
		c.DeletedAt = &at
		store.trash = append(store.trash, *c)
	}
	recs, err := chartstore.ExportAccount(context.Background(), store, 7)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range recs {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, "|"); got != "Kept 1|Kept 2|Trashed 1|Trashed 2|Trashed 3|Trashed 4|Trashed 5" {
		t.Errorf("exported %s", got)
	}
	if recs[0].DeletedAt != nil || recs[2].DeletedAt == nil {
		t.Error("deleted_at only on charts from the trash")
	}
}

// FuzzDecodeFile: no file makes the import panic; a file is refused whole
// with a code, or gives 1–MaxImportRecords records, each of which is
// either refused with a code or a chart fit to store.
func FuzzDecodeFile(f *testing.F) {
	for _, seed := range []string{
		goodRecord, "[" + goodRecord + "]", `{"format":"bazi-master-charts","version":1,"charts":[` + goodRecord + `]}`,
		`[{"name":"x","tags":"a,b","input":{"date":"1988-12-29","calendar":"lunar","leap_month":true,"tz":"UTC","gender":"m"}}]`,
		`[{"name":1}]`, `[{"input":null}]`, `[{"input":{"place":"北京","date":"2000-01-01","gender":"f","true_solar_time":true}}]`,
		`[{"input":{"date":"2000-01-01","tz":"+14:00","gender":"male","lon":1e309}}]`, "\uFEFF[]", `{"charts":"x"}`, "[\n{", "",
		// Text PostgreSQL cannot store: NUL escapes and invalid UTF-8.
		`[{"name":"a\u0000","notes":"\u0000","tags":["\u0000"],"input":{"date":"2000-01-01","tz":"UTC","lon":1,"lat":1,"place":"\u0000","gender":"male"}}]`,
		"[{\"name\":\"\xff\",\"input\":{\"date\":\"2000-01-01\",\"tz\":\"UTC\",\"place\":\"\xfe\",\"lon\":1,\"lat\":1,\"gender\":\"male\"}}]",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		raws, prob := chartstore.DecodeFile(data)
		if prob != nil {
			if prob.Code == "" || raws != nil {
				t.Fatalf("refusal %+v with %d records", prob, len(raws))
			}
			return
		}
		if len(raws) == 0 || len(raws) > chartstore.MaxImportRecords {
			t.Fatalf("%d records accepted", len(raws))
		}
		for _, o := range chartstore.PrepareImport(1, raws).Outcomes() {
			if (o.Status == chartstore.Imported) != (o.Problem == nil) || (o.Problem != nil && o.Problem.Code == "") {
				t.Fatalf("outcome %+v", o)
			}
		}
		for _, raw := range raws {
			rec, _, prob := chartstore.DecodeRecord(1, raw)
			if prob != nil {
				continue
			}
			c := rec.Chart
			if c == nil || c.UserID != 1 || c.Name == "" || c.Pillars == "" || c.BirthDate == "" {
				t.Fatalf("accepted record %s gave %+v", raw, c)
			}
			for _, text := range []string{c.Name, c.Notes, c.Tags, c.Place, c.Input} {
				if !textguard.Valid(text) {
					t.Fatalf("accepted record %s stores text PostgreSQL refuses: %q", raw, text)
				}
			}
			var back chartinput.Request
			if err := json.Unmarshal([]byte(c.Input), &back); err != nil {
				t.Fatalf("stored input %q: %v", c.Input, err)
			}
			if _, err := chartinput.Resolve(back); err != nil {
				t.Fatalf("stored input %s does not resolve: %v", c.Input, err)
			}
		}
	})
}
