package chartstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/models"
)

// Each cast or draw record is checked on its own; a problem names the
// field and why.
func TestDecodeDivination(t *testing.T) {
	long := strings.Repeat("x", chartstore.MaxDivinationQueryBytes)
	for _, c := range []struct {
		rec         string
		field, code string
	}{
		{`{"kind":"iching","query":"lines=789678&question=Move","question":"Move?","summary":"30 离","created_at":"2024-03-01T08:30:00Z"}`, "", ""},
		{`{"kind":"tarot","query":"?spread=celtic-cross&cards=1,2,3","created_at":"2024-03-01T08:30:00.123456+08:00","reading":"ignored"}`, "", ""},
		{`[]`, "", "not_object"},
		{`{"kind":"runes","query":"a=1","created_at":"2024-03-01T08:30:00Z"}`, "kind", "kind"},
		{`{"query":"lines=777777","created_at":"2024-03-01T08:30:00Z"}`, "kind", "required"},
		{`{"kind":7,"query":"lines=777777","created_at":"2024-03-01T08:30:00Z"}`, "kind", "invalid_type"},
		{`{"kind":"iching","created_at":"2024-03-01T08:30:00Z"}`, "query", "required"},
		{`{"kind":"iching","query":"lines=777777&x=` + long + `","created_at":"2024-03-01T08:30:00Z"}`, "query", "too_long"},
		{`{"kind":"iching","query":"lines=777777\u0000","created_at":"2024-03-01T08:30:00Z"}`, "query", "invalid_text"},
		{"{\"kind\":\"iching\",\"query\":\"lines=777777&q=\xff\",\"created_at\":\"2024-03-01T08:30:00Z\"}", "query", "invalid_text"},
		{`{"kind":"iching","query":"lines=777777&q=%zz","created_at":"2024-03-01T08:30:00Z"}`, "query", "syntax"},
		{`{"kind":"iching","query":"lines=77777","created_at":"2024-03-01T08:30:00Z"}`, "query", "lines"},
		{`{"kind":"iching","query":"lines=777775","created_at":"2024-03-01T08:30:00Z"}`, "query", "lines"},
		{`{"kind":"iching","query":"question=x","created_at":"2024-03-01T08:30:00Z"}`, "query", "lines"},
		{`{"kind":"tarot","query":"spread=pyramid&cards=1","created_at":"2024-03-01T08:30:00Z"}`, "query", "spread"},
		{`{"kind":"tarot","query":"spread=single&cards=","created_at":"2024-03-01T08:30:00Z"}`, "query", "cards"},
		{`{"kind":"iching","query":"lines=777777","question":"` + strings.Repeat("问", 301) + `","created_at":"2024-03-01T08:30:00Z"}`, "question", "question_too_long"},
		{`{"kind":"iching","query":"lines=777777","question":"` + strings.Repeat("问", 300) + `","created_at":"2024-03-01T08:30:00Z"}`, "", ""},
		{`{"kind":"iching","query":"lines=777777","question":["x"],"created_at":"2024-03-01T08:30:00Z"}`, "question", "invalid_type"},
		{`{"kind":"iching","query":"lines=777777"}`, "created_at", "required"},
		{`{"kind":"iching","query":"lines=777777","created_at":"yesterday"}`, "created_at", "created_at"},
	} {
		_, prob := chartstore.DecodeDivination(json.RawMessage(c.rec))
		switch {
		case c.code == "" && prob != nil:
			t.Errorf("%.80s refused: %v", c.rec, prob)
		case c.code != "" && (prob == nil || prob.Field != c.field || prob.Code != c.code):
			t.Errorf("%.80s: %v, want %s %s", c.rec, prob, c.field, c.code)
		}
	}
	rec, _ := chartstore.DecodeDivination(json.RawMessage(`{"kind":"tarot","query":"?spread=single&cards=3","created_at":"2024-03-01T16:30:00.1234567+08:00"}`))
	if rec.Query != "spread=single&cards=3" || !rec.CreatedAt.Equal(time.Date(2024, 3, 1, 8, 30, 0, 123456000, time.UTC)) {
		t.Errorf("decoded %+v", rec)
	}
}

// Older files (no "divinations") read as before; a file of only casts
// is not empty; the export writes them and reads them back.
func TestDivinationsInTheFile(t *testing.T) {
	charts, divs, prob := chartstore.DecodeFileParts([]byte(`{"format":"bazi-master-charts","version":1,"charts":[` + goodRecord + `]}`))
	if prob != nil || len(charts) != 1 || divs != nil {
		t.Fatalf("version 1 file: %d charts, %d casts, %v", len(charts), len(divs), prob)
	}
	charts, divs, prob = chartstore.DecodeFileParts([]byte(`{"divinations":[{"kind":"iching"}]}`))
	if prob != nil || len(charts) != 0 || len(divs) != 1 {
		t.Fatalf("casts only: %d charts, %d casts, %v", len(charts), len(divs), prob)
	}
	if _, _, prob = chartstore.DecodeFileParts([]byte(`{"charts":[],"divinations":[]}`)); prob == nil || prob.Code != "empty" {
		t.Fatalf("empty file: %v", prob)
	}
	many := "[" + strings.TrimSuffix(strings.Repeat("{},", chartstore.MaxImportRecords+1), ",") + "]"
	if _, _, prob = chartstore.DecodeFileParts([]byte(`{"charts":[],"divinations":` + many + `}`)); prob == nil || prob.Code != "too_many" {
		t.Fatalf("too many casts: %v", prob)
	}

	when := time.Date(2024, 3, 1, 8, 30, 0, 123456000, time.UTC)
	recs := chartstore.DivinationRecordsOf([]models.KeptDivination{
		{Divination: models.Divination{Kind: "iching", Query: "lines=789678", Question: "<Move?> & stay", Summary: "30 离 → 51 震", CreatedAt: when}, Reading: "A reading"},
		{Divination: models.Divination{Kind: "tarot", Query: "spread=single&cards=1", CreatedAt: when}},
	})
	file, err := chartstore.EncodeFileWith(nil, recs, when)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(file), `"question": "<Move?> & stay"`) || !strings.Contains(string(file), `"charts": []`) || strings.Count(string(file), `"reading"`) != 1 {
		t.Errorf("file:\n%s", file)
	}
	_, divs, prob = chartstore.DecodeFileParts(file)
	if prob != nil || len(divs) != 2 {
		t.Fatalf("read back: %d, %v", len(divs), prob)
	}
	back, p := chartstore.DecodeDivination(divs[0])
	if p != nil || back.Kind != "iching" || back.Summary != "30 离 → 51 震" || !back.CreatedAt.Equal(when) {
		t.Fatalf("read back %+v %v", back, p)
	}
	if plain, _ := chartstore.EncodeFile(nil, when); strings.Contains(string(plain), "divinations") {
		t.Error("a file without casts names divinations")
	}
}

// fakeKept is a divination store in memory.
type fakeKept struct{ kept map[string]bool }

func (f *fakeKept) Import(_ context.Context, userID int64, kind, query, _, _ string, at time.Time) (bool, error) {
	key := fmt.Sprint(userID, kind, query, at.UnixMicro())
	if f.kept[key] {
		return false, nil
	}
	f.kept[key] = true
	return true, nil
}

// Repeats within the file and casts already kept are skipped; invalid
// ones refused; the rest written.
func TestDivinationImport(t *testing.T) {
	raws := []json.RawMessage{
		json.RawMessage(`{"kind":"iching","query":"lines=789678","created_at":"2024-03-01T08:30:00Z"}`),
		json.RawMessage(`{"kind":"iching","query":"lines=789678","created_at":"2024-03-01T08:30:00Z"}`),
		json.RawMessage(`{"kind":"tarot","query":"spread=single","created_at":"2024-03-01T08:30:00Z"}`),
		json.RawMessage(`{"kind":"tarot","query":"spread=single&cards=1","created_at":"2024-03-01T08:30:00Z"}`),
	}
	store := &fakeKept{kept: map[string]bool{}}
	im := chartstore.PrepareDivinations(5, raws)
	if err := im.Write(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range im.Outcomes() {
		s := o.Status
		if o.Problem != nil {
			s += ":" + o.Problem.Field + ":" + o.Problem.Code
		}
		got = append(got, s)
	}
	if want := "[imported skipped::duplicate_in_file refused:query:cards imported]"; fmt.Sprint(got) != want {
		t.Errorf("outcomes %v, want %s", got, want)
	}
	again := chartstore.PrepareDivinations(5, raws)
	if err := again.Write(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	if again.Count(chartstore.Imported) != 0 || again.Count(chartstore.Skipped) != 3 {
		t.Errorf("a second import: %+v", again.Outcomes())
	}
}
