package handlers

// OWNER: transfer helper (#6 export JSON/CSV, import JSON).

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
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
	// maxExportIDs bounds ?ids= (each is a bind parameter of one query).
	maxExportIDs = 10000
	// maxPasteBytes is how much pasted JSON is shown again after an error.
	maxPasteBytes = 256 << 10
)

// TransferDeps is what export and import need.
type TransferDeps struct {
	Auth   *Auth
	Charts *models.Charts
	// InTx runs fn with a chart store whose writes all commit or none do.
	InTx func(ctx context.Context, fn func(*models.Charts) error) error
}

// Transfer exports and imports saved charts. Every query is scoped to the
// signed-in user; ids in the request only narrow what that user owns.
type Transfer struct {
	site *Site
	deps TransferDeps
}

// NewTransfer returns the export/import handlers.
func NewTransfer(site *Site, deps TransferDeps) *Transfer { return &Transfer{site: site, deps: deps} }

// ChartFile is the JSON export: {"format","version","exported_at","charts"}.
type ChartFile struct {
	Format     string        `json:"format"`
	Version    int           `json:"version"`
	ExportedAt string        `json:"exported_at"`
	Charts     []ChartRecord `json:"charts"`
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

// recordOf maps a saved chart to its exported form.
func recordOf(c *models.SavedChart) (ChartRecord, error) {
	r, err := chartstore.Request(c)
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

func recordsOf(charts []models.SavedChart) ([]ChartRecord, error) {
	out := make([]ChartRecord, 0, len(charts))
	for i := range charts {
		r, err := recordOf(&charts[i])
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ChartsExportSource fills "charts" in the profile's "download my data":
// every chart of the user in the export's record format, those in the
// trash too (with deleted_at), oldest first.
func ChartsExportSource(charts *models.Charts) ExportSource {
	return ExportSource{Key: "charts", Load: func(ctx context.Context, userID int64) (any, error) {
		kept, err := charts.ForExport(ctx, userID, nil)
		if err != nil {
			return nil, err
		}
		var trashed []models.SavedChart // newest first, as the trash lists them
		q := models.ListQuery{Trash: true, Limit: 100}
		for {
			page, err := charts.List(ctx, userID, q)
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
		return recordsOf(append(kept, trashed...))
	}}
}

// exportIDs reads ?ids=1,2,3 (or repeated ids=1&ids=2, as a form of
// checkboxes sends it). No ids means every chart; nil is returned then.
func exportIDs(c *fiber.Ctx) ([]int64, error) {
	var ids []int64
	seen := map[int64]bool{}
	for _, v := range c.Context().QueryArgs().PeekMulti("ids") {
		for _, s := range strings.Split(string(v), ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				return nil, fiber.NewError(fiber.StatusBadRequest, "ids must be chart numbers separated by commas.")
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) > maxExportIDs {
		return nil, fiber.NewError(fiber.StatusBadRequest, fmt.Sprintf("At most %d ids at a time; leave ids out to export every chart.", maxExportIDs))
	}
	return ids, nil
}

func (h *Transfer) exportCharts(c *fiber.Ctx) ([]ChartRecord, error) {
	ids, err := exportIDs(c)
	if err != nil {
		return nil, err
	}
	u := CurrentUser(c)
	charts, err := h.deps.Charts.ForExport(c.UserContext(), u.ID, ids)
	if err != nil {
		return nil, err
	}
	recs, err := recordsOf(charts)
	if err != nil {
		return nil, fmt.Errorf("export charts of user %d: %w", u.ID, err)
	}
	return recs, nil
}

func attachment(c *fiber.Ctx, contentType, filename string) {
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
}

// ExportJSON is GET /charts/export.json[?ids=1,2,3]: the user's charts
// outside the trash (all, or those of the ids that are theirs).
func (h *Transfer) ExportJSON(c *fiber.Ctx) error {
	recs, err := h.exportCharts(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	doc := ChartFile{Format: ExportFormat, Version: ExportVersion, ExportedAt: time.Now().UTC().Format(time.RFC3339), Charts: recs}
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode chart export: %w", err)
	}
	attachment(c, fiber.MIMEApplicationJSONCharsetUTF8, "bazi-master-charts.json")
	return c.Status(fiber.StatusOK).Send(buf.Bytes())
}

// csvHeader is the CSV export's first row.
var csvHeader = []string{"name", "date", "time", "calendar", "leap_month", "tz", "lon", "lat", "place", "gender",
	"true_solar_time", "zi_rule", "luck_method", "pillars", "tags", "favourite", "notes", "created_at"}

// ExportCSV is GET /charts/export.csv[?ids=…]: one row per chart, UTF-8
// with a byte-order mark so Excel shows Chinese correctly.
func (h *Transfer) ExportCSV(c *fiber.Ctx) error {
	recs, err := h.exportCharts(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true // what spreadsheets expect (RFC 4180)
	_ = w.Write(csvHeader)
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
		return fmt.Errorf("write chart CSV: %w", err)
	}
	attachment(c, "text/csv; charset=utf-8", "bazi-master-charts.csv")
	return c.Status(fiber.StatusOK).Send(buf.Bytes())
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

// ImportPage is GET /charts/import: the import form.
func (h *Transfer) ImportPage(c *fiber.Ctx) error {
	p := h.site.Page(c, "transfer.import.title")
	return render(c, fiber.StatusOK, views.ImportPage(p, views.ImportForm{MaxRecords: MaxImportRecords}))
}

// fileProblem refuses a whole import file; nothing is imported.
type fileProblem struct {
	code string
	args []any
}

// Import is POST /charts/import: a JSON file (multipart field "file") or
// pasted JSON (field "json"). A malformed file, or one with more than
// MaxImportRecords charts, is refused whole. Otherwise each record is
// checked and recomputed on its own: valid ones are imported (in one
// transaction), duplicates skipped, invalid ones refused, and the summary
// says which and why.
func (h *Transfer) Import(c *fiber.Ctx) error {
	u := CurrentUser(c)
	p := h.site.Page(c, "transfer.import.title")
	pasted := c.FormValue("json")
	raw, prob := importBody(c, pasted)
	var records []json.RawMessage
	if prob == nil {
		records, prob = parseImportFile(raw)
	}
	if prob != nil {
		f := views.ImportForm{MaxRecords: MaxImportRecords, Error: p.T("transfer.error."+prob.code, prob.args...)}
		if len(pasted) <= maxPasteBytes {
			f.JSON = pasted
		}
		return render(c, fiber.StatusUnprocessableEntity, views.ImportPage(p, f))
	}
	sum, err := h.importRecords(c.UserContext(), p, u.ID, records)
	if err != nil {
		return err
	}
	p.Title = p.T("transfer.summary.title")
	return render(c, fiber.StatusOK, views.ImportSummaryPage(p, sum))
}

// importBody is the uploaded file when one was chosen, else the pasted text.
func importBody(c *fiber.Ctx, pasted string) ([]byte, *fileProblem) {
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return nil, &fileProblem{code: "unreadable"}
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, 4<<20))
		if err != nil {
			return nil, &fileProblem{code: "unreadable"}
		}
		return b, nil
	}
	if strings.TrimSpace(pasted) == "" {
		return nil, &fileProblem{code: "required"}
	}
	return []byte(pasted), nil
}

// parseImportFile reads a charts file: the export's object (or the
// profile's "download my data", which has "charts" too) or a bare array
// of records. Unknown top-level fields are ignored.
func parseImportFile(raw []byte) ([]json.RawMessage, *fileProblem) {
	raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, &fileProblem{code: "required"}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		var syn *json.SyntaxError
		line := bytes.Count(raw, []byte("\n")) + 1
		if errors.As(err, &syn) {
			line = bytes.Count(raw[:min(int(syn.Offset), len(raw))], []byte("\n")) + 1
		}
		return nil, &fileProblem{code: "malformed", args: []any{line}}
	}
	var records []json.RawMessage
	switch raw[0] {
	case '[':
		if err := json.Unmarshal(raw, &records); err != nil {
			return nil, &fileProblem{code: "not_charts_file"}
		}
	case '{':
		var doc struct {
			Format  *string            `json:"format"`
			Version *int               `json:"version"`
			Charts  *[]json.RawMessage `json:"charts"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			return nil, &fileProblem{code: "not_charts_file"}
		}
		if doc.Format != nil && *doc.Format != ExportFormat {
			return nil, &fileProblem{code: "not_charts_file"}
		}
		if doc.Format != nil && doc.Version != nil && *doc.Version > ExportVersion {
			return nil, &fileProblem{code: "version", args: []any{*doc.Version}}
		}
		if doc.Charts == nil {
			return nil, &fileProblem{code: "not_charts_file"}
		}
		records = *doc.Charts
	default:
		return nil, &fileProblem{code: "not_charts_file"}
	}
	if len(records) == 0 {
		return nil, &fileProblem{code: "empty"}
	}
	if len(records) > MaxImportRecords {
		return nil, &fileProblem{code: "too_many", args: []any{MaxImportRecords, len(records)}}
	}
	return records, nil
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

// recordProblem is why one record was refused or skipped.
type recordProblem struct {
	field, code string
	args        []any
	message     string // the engine's English sentence, the last fallback
}

// candidate is a record that passed validation, waiting to be stored.
type candidate struct {
	index int
	chart *models.SavedChart
}

func (h *Transfer) importRecords(ctx context.Context, p views.Page, userID int64, records []json.RawMessage) (views.ImportSummary, error) {
	sum := views.ImportSummary{Total: len(records)}
	outcomes := make([]*views.ImportOutcome, len(records))
	refuse := func(i int, name string, status string, pr *recordProblem) {
		outcomes[i] = &views.ImportOutcome{Index: i + 1, Name: displayName(p, name), Status: status, Field: pr.field, Reason: h.reasonText(p, pr)}
	}
	firstSeen := map[string]int{}
	var todo []candidate
	for i, raw := range records {
		var rec importRecord
		chart, name, pr := buildRecord(userID, raw, &rec)
		if pr != nil {
			refuse(i, name, views.ImportRefused, pr)
			continue
		}
		if rec.DeletedAt != nil {
			// Deleted before it was exported: bringing it back would be a surprise.
			refuse(i, chart.Name, views.ImportSkipped, &recordProblem{code: "trashed"})
			continue
		}
		key := chart.Name + "\x00" + chart.Input
		if j, ok := firstSeen[key]; ok {
			refuse(i, chart.Name, views.ImportSkipped, &recordProblem{code: "duplicate_in_file", args: []any{j + 1}})
			continue
		}
		firstSeen[key] = i
		todo = append(todo, candidate{index: i, chart: chart})
	}

	err := h.deps.InTx(ctx, func(store *models.Charts) error {
		// One import at a time per user, so the duplicate check holds.
		if err := store.LockUser(ctx, userID); err != nil {
			return err
		}
		for _, cand := range todo {
			dup, err := store.HasInput(ctx, userID, cand.chart.Name, cand.chart.Input)
			if err != nil {
				return err
			}
			if dup {
				outcomes[cand.index] = &views.ImportOutcome{Index: cand.index + 1, Name: cand.chart.Name, Status: views.ImportSkipped,
					Reason: h.reasonText(p, &recordProblem{code: "duplicate"})}
				continue
			}
			c := *cand.chart
			if err := store.Create(ctx, &c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("import %d charts for user %d: %w", len(todo), userID, err)
	}
	for _, o := range outcomes {
		switch {
		case o == nil:
			sum.Imported++
		case o.Status == views.ImportSkipped:
			sum.Skipped = append(sum.Skipped, *o)
		default:
			sum.Refused = append(sum.Refused, *o)
		}
	}
	return sum, nil
}

// buildRecord validates one record and recomputes it into a chart for
// userID. name is the record's name as far as it could be read.
func buildRecord(userID int64, raw json.RawMessage, rec *importRecord) (*models.SavedChart, string, *recordProblem) {
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return nil, "", &recordProblem{code: "not_object"}
	}
	if err := json.Unmarshal(raw, rec); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return nil, rec.Name, &recordProblem{field: typeErr.Field, code: "invalid_type", args: []any{typeErr.Field}}
		}
		return nil, rec.Name, &recordProblem{code: "not_object"}
	}
	var tags []string
	switch t := bytes.TrimSpace(rec.Tags); {
	case len(t) == 0 || string(t) == "null":
	case t[0] == '"':
		var s string
		if json.Unmarshal(t, &s) != nil {
			return nil, rec.Name, &recordProblem{field: "tags", code: "invalid_type", args: []any{"tags"}}
		}
		tags = chartstore.SplitTags(s)
	default:
		if json.Unmarshal(t, &tags) != nil {
			return nil, rec.Name, &recordProblem{field: "tags", code: "invalid_type", args: []any{"tags"}}
		}
	}
	if t := bytes.TrimSpace(rec.Input); len(t) == 0 || string(t) == "null" {
		return nil, rec.Name, &recordProblem{field: "input", code: "input_missing"}
	}
	req, apiErr := chartinput.DecodeJSON(rec.Input)
	if apiErr != nil {
		switch apiErr.Code {
		case "unknown_field", "invalid_type":
			return nil, rec.Name, &recordProblem{field: apiErr.Field, code: apiErr.Code, args: []any{apiErr.Field}, message: apiErr.Message}
		default:
			return nil, rec.Name, &recordProblem{field: "input", code: "input_not_object"}
		}
	}
	req.LiuYueYear = 0 // a view option, not birth data
	req.Date, req.Time, req.TZ = strings.TrimSpace(req.Date), strings.TrimSpace(req.Time), strings.TrimSpace(req.TZ)
	req.Place = strings.TrimSpace(req.Place)
	req = req.Canonical() // spelled as the birth form saves it, so duplicates match
	chart, err := chartstore.Build(userID, req, chartstore.Meta{Name: rec.Name, Notes: rec.Notes, Tags: tags})
	if err != nil {
		var fe *bazi.FieldError
		var me *chartstore.FieldError
		switch {
		case errors.As(err, &fe):
			return nil, rec.Name, &recordProblem{field: fe.Field, code: fe.Code, message: fe.Message}
		case errors.As(err, &me):
			return nil, rec.Name, &recordProblem{field: me.Field, code: me.Code, args: metaLimits(me)}
		default:
			return nil, rec.Name, &recordProblem{field: "input", code: "invalid", message: err.Error()}
		}
	}
	chart.Favourite = rec.Favourite
	return chart, chart.Name, nil
}

func metaLimits(e *chartstore.FieldError) []any {
	switch e.Field {
	case "name":
		return []any{chartstore.MaxNameLength}
	case "notes":
		return []any{chartstore.MaxNotesLength}
	case "tags":
		return []any{models.MaxTags, models.MaxTagLength}
	}
	return nil
}

// reasonText translates why a record was refused: the chart form's
// message for that field and code (error.field.<field>.<code>), then the
// import's own (transfer.reason.<field>.<code>, transfer.reason.<code>),
// then the engine's English sentence.
func (h *Transfer) reasonText(p views.Page, pr *recordProblem) string {
	for _, key := range []string{
		"error.field." + pr.field + "." + pr.code,
		"transfer.reason." + pr.field + "." + pr.code,
		"transfer.reason." + pr.code,
	} {
		if h.site.I18n.Has(key) {
			return p.T(key, pr.args...)
		}
	}
	if pr.message != "" {
		return pr.message
	}
	return p.T("error.field.generic")
}

// displayName shortens a record's name for the summary.
func displayName(p views.Page, name string) string {
	name = strings.TrimSpace(strings.ToValidUTF8(name, ""))
	if name == "" {
		return p.T("transfer.summary.unnamed")
	}
	if utf8.RuneCountInString(name) > chartstore.MaxNameLength {
		name = string([]rune(name)[:chartstore.MaxNameLength]) + "…"
	}
	return name
}
