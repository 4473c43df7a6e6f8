package chartstore

// The charts file: what "export" writes (JSON or CSV) and "import" reads
// back, and the import itself (each record checked and recomputed on its
// own, duplicates skipped, the rest written in one transaction).

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/models"
)

// Export and import format.
const (
	// ExportFormat names a charts file in its "format" field.
	ExportFormat = "bazi-master-charts"
	// ExportVersion is the version written; import reads this and older.
	ExportVersion = 1
	// MaxImportRecords bounds one import. The request body limit (1 MiB)
	// holds about this many exported charts with short notes.
	MaxImportRecords = 1000
)

// ChartFile is the JSON export: {"format","version","exported_at","charts"},
// and "divinations" (kept I Ching casts and Tarot draws) when there are
// any. Version 1 files without "divinations" import as before.
type ChartFile struct {
	Format      string             `json:"format"`
	Version     int                `json:"version"`
	ExportedAt  string             `json:"exported_at"`
	Charts      []ChartRecord      `json:"charts"`
	Divinations []DivinationRecord `json:"divinations,omitempty"`
}

// ChartRecord is one saved chart as exported (and imported). Pillars are
// informational: an import recomputes them from Input.
type ChartRecord struct {
	Name      string      `json:"name"`
	Notes     string      `json:"notes"`
	Tags      []string    `json:"tags"`
	Favourite bool        `json:"favourite"`
	CreatedAt time.Time   `json:"created_at"`
	DeletedAt *time.Time  `json:"deleted_at,omitempty"` // only in "download my data", for charts in the trash
	Input     RecordInput `json:"input"`
	Pillars   string      `json:"pillars"`
}

// RecordInput is the birth data with the JSON API's field names, every
// field written out and defaults spelled explicitly so a person can read
// and edit the file.
type RecordInput struct {
	Date          string   `json:"date"`
	Time          string   `json:"time"`
	Calendar      string   `json:"calendar"`
	LeapMonth     bool     `json:"leap_month"`
	TZ            string   `json:"tz"`
	Lon           *float64 `json:"lon"`
	Lat           *float64 `json:"lat"`
	Place         string   `json:"place"`
	Gender        string   `json:"gender"`
	TrueSolarTime bool     `json:"true_solar_time"`
	ZiRule        string   `json:"zi_rule"`
	LuckMethod    string   `json:"luck_method"`
}

// RecordOf maps a saved chart to its exported form.
func RecordOf(c *models.SavedChart) (ChartRecord, error) {
	r, err := Request(c)
	if err != nil {
		return ChartRecord{}, err
	}
	r = r.Canonical()
	in := RecordInput{
		Date: r.Date, Time: r.Time, Calendar: orDefault(r.Calendar, "solar"), LeapMonth: r.LeapMonth,
		TZ: r.TZ, Lon: r.Lon, Lat: r.Lat, Place: r.Place, Gender: r.Gender, TrueSolarTime: r.TrueSolarTime,
		ZiRule: orDefault(r.ZiRule, "next-day"), LuckMethod: orDefault(r.LuckMethod, "exact"),
	}
	tags := c.TagList()
	if tags == nil {
		tags = []string{}
	}
	return ChartRecord{
		Name: c.Name, Notes: c.Notes, Tags: tags, Favourite: c.Favourite, CreatedAt: c.CreatedAt.UTC(),
		DeletedAt: c.DeletedAt, Input: in, Pillars: c.Pillars,
	}, nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// RecordsOf maps saved charts to their exported form, in order.
func RecordsOf(charts []models.SavedChart) ([]ChartRecord, error) {
	out := make([]ChartRecord, 0, len(charts))
	for i := range charts {
		r, err := RecordOf(&charts[i])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ExportStore reads the charts an export writes; *models.Charts is one.
type ExportStore interface {
	ForExport(ctx context.Context, userID int64, ids []int64) ([]models.SavedChart, error)
	List(ctx context.Context, userID int64, q models.ListQuery) (models.ListPage, error)
}

// Export returns the user's charts outside the trash (all when ids is nil,
// else those of the ids that are the user's), oldest first, as records.
func Export(ctx context.Context, store ExportStore, userID int64, ids []int64) ([]ChartRecord, error) {
	charts, err := store.ForExport(ctx, userID, ids)
	if err != nil {
		return nil, err
	}
	recs, err := RecordsOf(charts)
	if err != nil {
		return nil, fmt.Errorf("export charts of user %d: %w", userID, err)
	}
	return recs, nil
}

// ExportAccount returns every chart of the user as records, for "download
// my data": those outside the trash oldest first, then those in the trash
// (with deleted_at), longest there first.
func ExportAccount(ctx context.Context, store ExportStore, userID int64) ([]ChartRecord, error) {
	kept, err := store.ForExport(ctx, userID, nil)
	if err != nil {
		return nil, err
	}
	var trashed []models.SavedChart // newest first, as the trash lists them
	q := models.ListQuery{Trash: true, Limit: 100}
	for {
		page, err := store.List(ctx, userID, q)
		if err != nil {
			return nil, err
		}
		trashed = append(trashed, page.Charts...)
		if page.NextCursor == "" {
			break
		}
		q.Cursor = page.NextCursor
	}
	slices.Reverse(trashed)
	recs, err := RecordsOf(append(kept, trashed...))
	if err != nil {
		return nil, fmt.Errorf("export charts of user %d: %w", userID, err)
	}
	return recs, nil
}

// EncodeFile writes the JSON export of recs: indented, so a person can
// read and edit it, and with <, > and & left as they are.
func EncodeFile(recs []ChartRecord, exportedAt time.Time) ([]byte, error) {
	return EncodeFileWith(recs, nil, exportedAt)
}

// EncodeFileWith is EncodeFile with the user's casts and draws too (none: no "divinations").
func EncodeFileWith(recs []ChartRecord, divinations []DivinationRecord, exportedAt time.Time) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if recs == nil {
		recs = []ChartRecord{}
	}
	doc := ChartFile{Format: ExportFormat, Version: ExportVersion, ExportedAt: exportedAt.UTC().Format(time.RFC3339), Charts: recs, Divinations: divinations}
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode chart export: %w", err)
	}
	return buf.Bytes(), nil
}

// CSVHeader is the CSV export's first row.
var CSVHeader = []string{"name", "date", "time", "calendar", "leap_month", "tz", "lon", "lat", "place", "gender",
	"true_solar_time", "zi_rule", "luck_method", "pillars", "tags", "favourite", "notes", "created_at"}

// EncodeCSV writes the CSV export of recs: one row per chart, UTF-8 with a
// byte-order mark so Excel shows Chinese correctly, CRLF line ends, and no
// cell a spreadsheet would run as a formula. DecodeCSV reads it back.
func EncodeCSV(recs []ChartRecord) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // what spreadsheets expect (RFC 4180)
	_ = w.Write(CSVHeader)
	coord := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	for _, r := range recs {
		row := []string{r.Name, r.Input.Date, r.Input.Time, r.Input.Calendar, strconv.FormatBool(r.Input.LeapMonth),
			r.Input.TZ, coord(r.Input.Lon), coord(r.Input.Lat), r.Input.Place, r.Input.Gender,
			strconv.FormatBool(r.Input.TrueSolarTime), r.Input.ZiRule, r.Input.LuckMethod, r.Pillars,
			strings.Join(r.Tags, ", "), strconv.FormatBool(r.Favourite), r.Notes, r.CreatedAt.Format(time.RFC3339)}
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write chart CSV: %w", err)
	}
	return buf.Bytes(), nil
}

// csvSafe stops a spreadsheet from running a cell as a formula (CSV
// injection): a cell starting with = + - @ (or a tab or carriage return)
// gets a leading single quote. Plain numbers ("-73.9") cannot be formulas
// and stay numbers.
func csvSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eExXpP_") {
			return s
		}
		return "'" + s
	}
	return s
}

// FileProblem is why a whole import file is refused; nothing is imported.
// Code is one of required, malformed (Args: the line), not_charts_file,
// version (Args: the file's version), empty, too_many (Args: the limit and
// the count).
type FileProblem struct {
	Code string
	Args []any
}

func (p *FileProblem) Error() string { return "charts file: " + p.Code }

// DecodeFile reads a charts file: the export's object (or the profile's
// "download my data", which has "charts" too) or a bare array of records,
// with or without a byte-order mark. Unknown top-level fields are ignored.
// The records are returned undecoded: each is checked on its own.
func DecodeFile(raw []byte) ([]json.RawMessage, *FileProblem) {
	charts, _, prob := DecodeFileParts(raw)
	return charts, prob
}

// DecodeFileParts is DecodeFile that also returns the records of the
// optional "divinations" array (kept casts and draws). A file may have
// either or both; it is empty when both are.
func DecodeFileParts(raw []byte) (charts, divinations []json.RawMessage, prob *FileProblem) {
	raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, nil, &FileProblem{Code: "required"}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		var syn *json.SyntaxError
		line := bytes.Count(raw, []byte("\n")) + 1
		if errors.As(err, &syn) {
			line = bytes.Count(raw[:min(int(syn.Offset), len(raw))], []byte("\n")) + 1
		}
		return nil, nil, &FileProblem{Code: "malformed", Args: []any{line}}
	}
	var records []json.RawMessage
	switch raw[0] {
	case '[':
		if err := json.Unmarshal(raw, &records); err != nil {
			return nil, nil, &FileProblem{Code: "not_charts_file"}
		}
	case '{':
		var doc struct {
			Format  *string            `json:"format"`
			Version *int               `json:"version"`
			Charts  *[]json.RawMessage `json:"charts"`
			// Kept casts and draws; absent from older files.
			Divinations *[]json.RawMessage `json:"divinations"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			return nil, nil, &FileProblem{Code: "not_charts_file"}
		}
		if doc.Format != nil && *doc.Format != ExportFormat {
			return nil, nil, &FileProblem{Code: "not_charts_file"}
		}
		if doc.Format != nil && doc.Version != nil && *doc.Version > ExportVersion {
			return nil, nil, &FileProblem{Code: "version", Args: []any{*doc.Version}}
		}
		if doc.Charts == nil && doc.Divinations == nil {
			return nil, nil, &FileProblem{Code: "not_charts_file"}
		}
		if doc.Charts != nil {
			records = *doc.Charts
		}
		if doc.Divinations != nil {
			divinations = *doc.Divinations
		}
	default:
		return nil, nil, &FileProblem{Code: "not_charts_file"}
	}
	if len(records) == 0 && len(divinations) == 0 {
		return nil, nil, &FileProblem{Code: "empty"}
	}
	if len(records) > MaxImportRecords {
		return nil, nil, &FileProblem{Code: "too_many", Args: []any{MaxImportRecords, len(records)}}
	}
	if len(divinations) > MaxImportRecords {
		return nil, nil, &FileProblem{Code: "too_many", Args: []any{MaxImportRecords, len(divinations)}}
	}
	return records, divinations, nil
}

// RecordProblem is why one record was refused or skipped. Field is the
// field at fault ("" when none); Code names the problem (the engine's and
// the chart form's codes for input and metadata, else not_object,
// invalid_type, unknown_field, input_missing, input_not_object, invalid,
// trashed, duplicate_in_file, duplicate); Args fill its message; Message
// is the engine's English sentence, when there is one.
type RecordProblem struct {
	Field, Code string
	Args        []any
	Message     string
}

func (p *RecordProblem) Error() string {
	if p.Field == "" {
		return "chart record: " + p.Code
	}
	return "chart record: " + p.Field + ": " + p.Code
}

// importRecord is one record as read: lenient on unknown top-level
// fields, strict on the input's (as the JSON API is).
type importRecord struct {
	Name      string          `json:"name"`
	Notes     string          `json:"notes"`
	Tags      json.RawMessage `json:"tags"`
	Favourite bool            `json:"favourite"`
	Input     json.RawMessage `json:"input"`
	DeletedAt *time.Time      `json:"deleted_at"` // in the trash ("download my data")
}

// Record is one record of a charts file, checked and recomputed.
type Record struct {
	// Chart is the chart to store for the user (ID unset).
	Chart *models.SavedChart
	// Trashed: the chart was in the trash when it was exported.
	Trashed bool
}

// DecodeRecord validates one record of a charts file and recomputes it
// into a chart for userID, as the birth form would save it (the input
// spelled canonically, so duplicates match). On a problem, name is the
// record's name as far as it could be read.
func DecodeRecord(userID int64, raw json.RawMessage) (rec Record, name string, prob *RecordProblem) {
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return rec, "", &RecordProblem{Code: "not_object"}
	}
	var r importRecord
	if err := json.Unmarshal(raw, &r); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return rec, r.Name, &RecordProblem{Field: typeErr.Field, Code: "invalid_type", Args: []any{typeErr.Field}}
		}
		return rec, r.Name, &RecordProblem{Code: "not_object"}
	}
	var tags []string
	switch t := bytes.TrimSpace(r.Tags); {
	case len(t) == 0 || string(t) == "null":
	case t[0] == '"':
		var s string
		if json.Unmarshal(t, &s) != nil {
			return rec, r.Name, &RecordProblem{Field: "tags", Code: "invalid_type", Args: []any{"tags"}}
		}
		tags = SplitTags(s)
	default:
		if json.Unmarshal(t, &tags) != nil {
			return rec, r.Name, &RecordProblem{Field: "tags", Code: "invalid_type", Args: []any{"tags"}}
		}
	}
	if t := bytes.TrimSpace(r.Input); len(t) == 0 || string(t) == "null" {
		return rec, r.Name, &RecordProblem{Field: "input", Code: "input_missing"}
	}
	req, apiErr := chartinput.DecodeJSON(r.Input)
	if apiErr != nil {
		switch apiErr.Code {
		case "unknown_field", "invalid_type", "duplicate_key":
			return rec, r.Name, &RecordProblem{Field: apiErr.Field, Code: apiErr.Code, Args: []any{apiErr.Field}, Message: apiErr.Message}
		default:
			return rec, r.Name, &RecordProblem{Field: "input", Code: "input_not_object"}
		}
	}
	req.LiuYueYear = 0 // a view option, not birth data
	req.Date, req.Time, req.TZ = strings.TrimSpace(req.Date), strings.TrimSpace(req.Time), strings.TrimSpace(req.TZ)
	req.Place = strings.TrimSpace(req.Place)
	req = req.Canonical()
	chart, err := Build(userID, req, Meta{Name: r.Name, Notes: r.Notes, Tags: tags})
	if err != nil {
		var fe *bazi.FieldError
		var me *FieldError
		switch {
		case errors.As(err, &fe):
			prob := &RecordProblem{Field: fe.Field, Code: fe.Code, Message: fe.Message}
			if fe.Code == "invalid_text" {
				prob.Args = []any{fe.Field}
			}
			return rec, r.Name, prob
		case errors.As(err, &me):
			return rec, r.Name, &RecordProblem{Field: me.Field, Code: me.Code, Args: metaLimits(me)}
		default:
			return rec, r.Name, &RecordProblem{Field: "input", Code: "invalid", Message: err.Error()}
		}
	}
	chart.Favourite = r.Favourite
	return Record{Chart: chart, Trashed: r.DeletedAt != nil}, chart.Name, nil
}

// metaLimits are the limits a metadata problem's message states.
func metaLimits(e *FieldError) []any {
	if e.Code == "invalid_text" {
		return []any{e.Field}
	}
	switch e.Field {
	case "name":
		return []any{MaxNameLength}
	case "notes":
		return []any{MaxNotesLength}
	case "tags":
		return []any{models.MaxTags, models.MaxTagLength}
	}
	return nil
}

// What an import did with a record.
const (
	Imported = "imported"
	Skipped  = "skipped" // a duplicate, or a chart that was in the trash
	Refused  = "refused" // invalid
)

// Outcome is what an import does with one record.
type Outcome struct {
	Index   int    // position in the file, from 0
	Name    string // the record's name as far as it could be read
	Status  string // Imported, Skipped or Refused
	Problem *RecordProblem
}

// Import is a charts file's records, checked and waiting to be written.
type Import struct {
	userID   int64
	outcomes []Outcome
	charts   []*models.SavedChart // by index: the chart to write, for records that passed the checks
}

// PrepareImport checks every record on its own and recomputes it for
// userID: invalid records are refused, those that were in the trash and
// repeats within the file are skipped, the rest wait for Write.
func PrepareImport(userID int64, records []json.RawMessage) *Import {
	im := &Import{userID: userID, outcomes: make([]Outcome, len(records)), charts: make([]*models.SavedChart, len(records))}
	firstSeen := map[string]int{}
	for i, raw := range records {
		rec, name, prob := DecodeRecord(userID, raw)
		o := Outcome{Index: i, Name: name, Status: Imported}
		switch {
		case prob != nil:
			o.Status, o.Problem = Refused, prob
		case rec.Trashed:
			// Deleted before it was exported: bringing it back would be a surprise.
			o.Status, o.Problem = Skipped, &RecordProblem{Code: "trashed"}
		default:
			key := rec.Chart.Name + "\x00" + rec.Chart.Input
			if j, ok := firstSeen[key]; ok {
				o.Status, o.Problem = Skipped, &RecordProblem{Code: "duplicate_in_file", Args: []any{j + 1}}
				break
			}
			firstSeen[key] = i
			im.charts[i] = rec.Chart
		}
		im.outcomes[i] = o
	}
	return im
}

// ImportStore is what an import writes through, inside one transaction;
// *models.Charts is one.
type ImportStore interface {
	LockUser(ctx context.Context, userID int64) error
	HasInput(ctx context.Context, userID int64, name, input string) (bool, error)
	Create(ctx context.Context, c *models.SavedChart) error
}

// Write stores the charts that passed the checks, skipping those the user
// already keeps (same name and input). Call it in a transaction, so that
// all are written or none: it takes the user's import lock first, so two
// imports of one file at once keep each chart once. It may be called
// again if the transaction is retried.
func (im *Import) Write(ctx context.Context, store ImportStore) error {
	if err := store.LockUser(ctx, im.userID); err != nil {
		return err
	}
	for i, chart := range im.charts {
		if chart == nil {
			continue
		}
		o := &im.outcomes[i]
		o.Status, o.Problem = Imported, nil
		dup, err := store.HasInput(ctx, im.userID, chart.Name, chart.Input)
		if err != nil {
			return err
		}
		if dup {
			o.Status, o.Problem = Skipped, &RecordProblem{Code: "duplicate"}
			continue
		}
		c := *chart
		if err := store.Create(ctx, &c); err != nil {
			return err
		}
	}
	return nil
}

// Outcomes are what the import did with each record, in file order.
func (im *Import) Outcomes() []Outcome { return im.outcomes }

// Count is how many records have the status (Imported, Skipped, Refused);
// before Write, Imported counts those waiting to be written.
func (im *Import) Count(status string) int {
	n := 0
	for _, o := range im.outcomes {
		if o.Status == status {
			n++
		}
	}
	return n
}
