package chartstore_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/internal/textguard"
	"github.com/bazi-master/bazi-master/models"
)

// The CSV export reads back into records that recompute to the same
// charts: names and notes with commas, quotes, newlines and formula
// characters, tags, favourite, coordinates and the lunar calendar.
func TestDecodeCSVReadsTheExport(t *testing.T) {
	lunar := req("1988-12-29", "10:00", "Asia/Shanghai", "female")
	lunar.Calendar, lunar.LeapMonth, lunar.ZiRule, lunar.LuckMethod = "lunar", false, "split", "days"
	lon, lat := -73.9, 40.7
	ny := req("1990-06-01", "08:00", "America/New_York", "male")
	ny.Lon, ny.Lat = &lon, &lat
	ny.TrueSolarTime = true
	a := build(t, lunar, chartstore.Meta{Name: `Ann, "the first"`, Notes: "line 1\nline 2, =SUM(A1)", Tags: []string{"家人", "a b"}})
	a.Favourite = true
	b := build(t, ny, chartstore.Meta{Name: "=cmd|' /C calc'!A0", Notes: "-2+3"})
	recs, err := chartstore.RecordsOf([]models.SavedChart{*a, *b})
	if err != nil {
		t.Fatal(err)
	}
	body, err := chartstore.EncodeCSV(recs)
	if err != nil {
		t.Fatal(err)
	}
	raws, prob := chartstore.DecodeCSV(body)
	if prob != nil {
		t.Fatalf("export refused: %+v\n%s", prob, body)
	}
	if len(raws) != 2 {
		t.Fatalf("%d records", len(raws))
	}
	for i, want := range [](*struct{ name, notes, tags, input, pillars string }){
		{a.Name, a.Notes, a.Tags, a.Input, a.Pillars}, {b.Name, b.Notes, b.Tags, b.Input, b.Pillars},
	} {
		rec, _, prob := chartstore.DecodeRecord(7, raws[i])
		if prob != nil {
			t.Fatalf("record %d %s: %+v", i, raws[i], prob)
		}
		c := rec.Chart
		if c.Name != want.name || c.Notes != want.notes || c.Tags != want.tags || c.Input != want.input || c.Pillars != want.pillars {
			t.Errorf("record %d:\n got %q %q %q %s %s\nwant %q %q %q %s %s", i, c.Name, c.Notes, c.Tags, c.Input, c.Pillars,
				want.name, want.notes, want.tags, want.input, want.pillars)
		}
		if c.Favourite != (i == 0) {
			t.Errorf("record %d favourite %v", i, c.Favourite)
		}
	}
}

func TestDecodeCSVRefusesABadFileWhole(t *testing.T) {
	many := "date,tz,gender\n" + strings.Repeat("2000-01-01,UTC,male\n", chartstore.MaxImportRecords+1)
	for _, c := range []struct{ name, file, code, arg string }{
		{"blank", "\uFEFF \n", "required", ""},
		{"header only", "name,date\r\n", "empty", ""},
		{"unknown column", "name,birth_date\nA,2000-01-01\n", "csv_unknown_column", "birth_date"},
		{"repeated column", "date,Date\n2000-01-01,2000-01-01\n", "csv_duplicate_column", "date"},
		{"blank column", "date,,tz\n", "csv_blank_column", "2"},
		{"short row", "date,tz\n2000-01-01,UTC\n2000-01-02\n", "csv_malformed", "3"},
		{"open quote", "date,name\n2000-01-01,\"A\n", "csv_malformed", "2"},
		{"too many", many, "too_many", "1000"},
	} {
		raws, prob := chartstore.DecodeCSV([]byte(c.file))
		if prob == nil || prob.Code != c.code || raws != nil {
			t.Errorf("%s: %+v, %d records; want %s", c.name, prob, len(raws), c.code)
			continue
		}
		if c.arg != "" && (len(prob.Args) == 0 || fmt.Sprint(prob.Args[0]) != c.arg) {
			t.Errorf("%s: args %v, want %s first", c.name, prob.Args, c.arg)
		}
	}
}

// A cell of the wrong kind reaches the shared validator as a string, which
// refuses the record naming the column; the other rows are unaffected.
func TestDecodeCSVCellsOfTheWrongKind(t *testing.T) {
	file := "Gender, TZ ,date,lon,lat,favourite,time\n" +
		"female,+08:00,1990-06-01,,,,08:00\n" +
		"female,+08:00,1990-06-01,east,1,,08:00\n" +
		"female,+08:00,1990-06-01,,,maybe,08:00\n" +
		"female,+08:00,1990-06-01,Inf,1,no,08:00\n"
	raws, prob := chartstore.DecodeCSV([]byte(file))
	if prob != nil {
		t.Fatal(prob)
	}
	want := []string{"", "lon", "favourite", "lon"}
	for i, raw := range raws {
		_, _, prob := chartstore.DecodeRecord(1, raw)
		got := ""
		if prob != nil {
			got = prob.Field
			if prob.Code != "invalid_type" {
				t.Errorf("row %d: code %s", i+2, prob.Code)
			}
		}
		if got != want[i] {
			t.Errorf("row %d %s: field %q, want %q", i+2, raw, got, want[i])
		}
	}
}

// FuzzDecodeCSV: no CSV makes the import panic; a file is refused whole
// with a code, or gives 1–MaxImportRecords records that the JSON import's
// checks accept (storable text) or refuse with a code.
func FuzzDecodeCSV(f *testing.F) {
	for _, seed := range []string{
		"\uFEFFname,date,time,tz,gender\r\nA,1990-06-01,08:00,+08:00,female\r\n",
		"date,tz,lon,lat,favourite,leap_month,true_solar_time,calendar\n1988-12-29,UTC,1.5,-2,yes,1,true,lunar\n",
		"name,notes,tags,pillars,created_at,place,gender,date,time\n\"a,\"\"b\"\"\",\"x\ny\",\"t1, t2\",甲子,2024-01-01T00:00:00Z,北京,male,2000-01-01,12:00\n",
		"date,tz\n\"2000-01-01,UTC\n", "x\n", "", "date\n\n\n", "name\n'=1\n", "lon,date,tz,gender\nNaN,2000-01-01,UTC,m\n",
		"name,date,tz,gender\n\x00\xff,2000-01-01,UTC,m\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		raws, prob := chartstore.DecodeCSV(data)
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
			for _, text := range []string{rec.Chart.Name, rec.Chart.Notes, rec.Chart.Tags, rec.Chart.Place, rec.Chart.Input} {
				if !textguard.Valid(text) {
					t.Fatalf("accepted row %s stores text PostgreSQL refuses: %q", raw, text)
				}
			}
		}
	})
}
