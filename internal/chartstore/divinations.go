package chartstore

// Kept I Ching casts and Tarot draws in the charts file: "divinations",
// an optional array beside "charts" (files without it import as before).
// The cast itself is its page's canonical query, checked here only for
// its shape: the module codecs own the rest.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bazi-master/bazi-master/models"
)

// Limits of an imported cast or draw.
const (
	MaxDivinationQueryBytes = 2000
	MaxDivinationQuestion   = 300 // runes
	MaxDivinationSummary    = 300 // runes
)

// DivinationRecord is one kept cast or draw as exported (and imported).
// Reading is the text of the latest done reading of it, when there is
// one; an import does not bring readings back.
type DivinationRecord struct {
	Kind      string    `json:"kind"` // "iching" or "tarot"
	Query     string    `json:"query"`
	Question  string    `json:"question"`
	Summary   string    `json:"summary"`
	CreatedAt time.Time `json:"created_at"`
	Reading   string    `json:"reading,omitempty"`
}

// DivinationRecordsOf maps kept casts and draws to their exported form, in order.
func DivinationRecordsOf(kept []models.KeptDivination) []DivinationRecord {
	out := make([]DivinationRecord, 0, len(kept))
	for _, k := range kept {
		out = append(out, DivinationRecord{
			Kind: k.Kind, Query: k.Query, Question: k.Question, Summary: k.Summary,
			CreatedAt: k.CreatedAt.UTC(), Reading: k.Reading,
		})
	}
	return out
}

// DivinationExportStore reads the casts and draws an export writes;
// *models.Divinations is one.
type DivinationExportStore interface {
	ForExport(ctx context.Context, userID int64) ([]models.KeptDivination, error)
}

// ExportDivinations returns every cast and draw of the user, oldest first, as records.
func ExportDivinations(ctx context.Context, store DivinationExportStore, userID int64) ([]DivinationRecord, error) {
	kept, err := store.ForExport(ctx, userID)
	if err != nil {
		return nil, err
	}
	return DivinationRecordsOf(kept), nil
}

// importText is a string field read strictly: a value that is not a
// string, or one with invalid UTF-8 or a NUL, is noted instead of being
// repaired on the way in (encoding/json would replace invalid bytes).
type importText struct {
	Value     string
	Set       bool
	WrongType bool
	Bad       bool
}

func (t *importText) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	t.Set = true
	if len(b) == 0 || b[0] != '"' {
		t.WrongType = true
		return nil
	}
	if !utf8.Valid(b) {
		t.Bad = true
		return nil
	}
	if err := json.Unmarshal(b, &t.Value); err != nil {
		t.WrongType = true
		return nil
	}
	if strings.ContainsRune(t.Value, 0) || !utf8.ValidString(t.Value) {
		t.Bad = true
	}
	return nil
}

type importDivination struct {
	Kind      importText `json:"kind"`
	Query     importText `json:"query"`
	Question  importText `json:"question"`
	Summary   importText `json:"summary"`
	CreatedAt importText `json:"created_at"`
}

// tarotSpreads are the spreads a Tarot draw's query may name.
var tarotSpreads = map[string]bool{"single": true, "three-card": true, "celtic-cross": true, "relationship": true}

// DecodeDivination validates one record of "divinations". Problems name
// the field (kind, query, question, summary, created_at) and a code
// (not_object, invalid_type, required, kind, too_long, question_too_long,
// invalid_text, syntax, lines, spread, cards, created_at).
func DecodeDivination(raw json.RawMessage) (DivinationRecord, *RecordProblem) {
	var rec DivinationRecord
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return rec, &RecordProblem{Code: "not_object"}
	}
	var in importDivination
	if err := json.Unmarshal(raw, &in); err != nil {
		return rec, &RecordProblem{Code: "not_object"}
	}
	for _, f := range []struct {
		name string
		t    importText
	}{{"kind", in.Kind}, {"query", in.Query}, {"question", in.Question}, {"summary", in.Summary}, {"created_at", in.CreatedAt}} {
		switch {
		case f.t.WrongType:
			return rec, &RecordProblem{Field: f.name, Code: "invalid_type", Args: []any{f.name}}
		case f.t.Bad:
			return rec, &RecordProblem{Field: f.name, Code: "invalid_text", Args: []any{f.name}}
		}
	}
	rec.Kind = strings.TrimSpace(in.Kind.Value)
	switch {
	case rec.Kind == "":
		return rec, &RecordProblem{Field: "kind", Code: "required", Args: []any{"kind"}}
	case !models.IsDivinationKind(rec.Kind):
		return rec, &RecordProblem{Field: "kind", Code: "kind"}
	}
	rec.Query = strings.TrimPrefix(strings.TrimSpace(in.Query.Value), "?")
	if rec.Query == "" {
		return rec, &RecordProblem{Field: "query", Code: "required", Args: []any{"query"}}
	}
	if len(rec.Query) > MaxDivinationQueryBytes {
		return rec, &RecordProblem{Field: "query", Code: "too_long", Args: []any{"query", MaxDivinationQueryBytes}}
	}
	if prob := checkDivinationQuery(rec.Kind, rec.Query); prob != nil {
		return rec, prob
	}
	rec.Question = strings.TrimSpace(in.Question.Value)
	if utf8.RuneCountInString(rec.Question) > MaxDivinationQuestion {
		return rec, &RecordProblem{Field: "question", Code: "question_too_long", Args: []any{MaxDivinationQuestion}}
	}
	rec.Summary = strings.TrimSpace(in.Summary.Value)
	if utf8.RuneCountInString(rec.Summary) > MaxDivinationSummary {
		rec.Summary = string([]rune(rec.Summary)[:MaxDivinationSummary])
	}
	if !in.CreatedAt.Set || strings.TrimSpace(in.CreatedAt.Value) == "" {
		return rec, &RecordProblem{Field: "created_at", Code: "required", Args: []any{"created_at"}}
	}
	at, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(in.CreatedAt.Value))
	if err != nil || at.Year() < 1900 || at.After(time.Now().Add(24*time.Hour)) {
		return rec, &RecordProblem{Field: "created_at", Code: "created_at"}
	}
	rec.CreatedAt = at.UTC().Truncate(time.Microsecond)
	return rec, nil
}

// checkDivinationQuery checks the shape of a page query: it parses, an I
// Ching cast has six lines of 6–9, a Tarot draw a known spread and cards.
func checkDivinationQuery(kind, query string) *RecordProblem {
	v, err := url.ParseQuery(query)
	if err != nil {
		return &RecordProblem{Field: "query", Code: "syntax"}
	}
	switch kind {
	case models.KindIChing:
		lines := v.Get("lines")
		ok := len(lines) == 6
		for i := 0; ok && i < len(lines); i++ {
			ok = lines[i] >= '6' && lines[i] <= '9'
		}
		if !ok {
			return &RecordProblem{Field: "query", Code: "lines"}
		}
	case models.KindTarot:
		if !tarotSpreads[v.Get("spread")] {
			return &RecordProblem{Field: "query", Code: "spread"}
		}
		if strings.TrimSpace(v.Get("cards")) == "" {
			return &RecordProblem{Field: "query", Code: "cards"}
		}
	}
	return nil
}

// DivinationImport is a file's casts and draws, checked and waiting to be written.
type DivinationImport struct {
	userID   int64
	outcomes []Outcome
	recs     []*DivinationRecord // by index: the record to write, for those that passed
}

// PrepareDivinations checks every record of "divinations" on its own:
// invalid ones are refused, repeats within the file skipped.
func PrepareDivinations(userID int64, raws []json.RawMessage) *DivinationImport {
	im := &DivinationImport{userID: userID, outcomes: make([]Outcome, len(raws)), recs: make([]*DivinationRecord, len(raws))}
	firstSeen := map[string]int{}
	for i, raw := range raws {
		rec, prob := DecodeDivination(raw)
		o := Outcome{Index: i, Name: rec.Kind, Status: Imported}
		if prob != nil {
			o.Status, o.Problem = Refused, prob
			im.outcomes[i] = o
			continue
		}
		key := rec.Kind + "\x00" + rec.Query + "\x00" + rec.CreatedAt.Format(time.RFC3339Nano)
		if j, ok := firstSeen[key]; ok {
			o.Status, o.Problem = Skipped, &RecordProblem{Code: "duplicate_in_file", Args: []any{j + 1}}
		} else {
			firstSeen[key] = i
			im.recs[i] = &rec
		}
		im.outcomes[i] = o
	}
	return im
}

// DivinationImportStore is what the import writes through (in the
// charts' transaction); *models.Divinations is one.
type DivinationImportStore interface {
	Import(ctx context.Context, userID int64, kind, query, question, summary string, createdAt time.Time) (bool, error)
}

// Write stores the records that passed, skipping those the user already
// keeps (same kind, query and time). Run it in the charts' transaction,
// after their Write took the user's import lock. It may run again if the
// transaction is retried.
func (im *DivinationImport) Write(ctx context.Context, store DivinationImportStore) error {
	for i, rec := range im.recs {
		if rec == nil {
			continue
		}
		o := &im.outcomes[i]
		o.Status, o.Problem = Imported, nil
		added, err := store.Import(ctx, im.userID, rec.Kind, rec.Query, rec.Question, rec.Summary, rec.CreatedAt)
		if errors.Is(err, models.ErrBadKind) {
			o.Status, o.Problem = Refused, &RecordProblem{Field: "kind", Code: "kind"}
			continue
		}
		if err != nil {
			return err
		}
		if !added {
			o.Status, o.Problem = Skipped, &RecordProblem{Code: "duplicate"}
		}
	}
	return nil
}

// Outcomes are what the import did with each record, in file order.
func (im *DivinationImport) Outcomes() []Outcome { return im.outcomes }

// Count is how many records have the status; before Write, Imported
// counts those waiting to be written.
func (im *DivinationImport) Count(status string) int {
	n := 0
	for _, o := range im.outcomes {
		if o.Status == status {
			n++
		}
	}
	return n
}
