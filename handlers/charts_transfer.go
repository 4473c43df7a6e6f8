package handlers

// OWNER: transfer helper (#6 export JSON/CSV, import JSON; #21 import CSV).

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/chartstore"
	"github.com/bazi-master/bazi-master/models"
	"github.com/bazi-master/bazi-master/views"
)

// Limits of the export and import requests; the file format's own are in
// chartstore.
const (
	// maxExportIDs bounds ?ids= (each is a bind parameter of one query).
	maxExportIDs = 10000
	// maxPasteBytes is how much pasted JSON is shown again after an error.
	maxPasteBytes = 256 << 10
	// maxUploadBytes is how much of an uploaded file is read.
	maxUploadBytes = 4 << 20
)

// TransferDeps is what export and import need.
type TransferDeps struct {
	Auth   *Auth
	Charts *models.Charts
	// Divinations are the user's kept casts and draws: a whole export
	// includes them and an import keeps those in the file.
	Divinations *models.Divinations
	// InTx runs fn with chart and divination stores whose writes all
	// commit or none do.
	InTx func(ctx context.Context, fn func(*models.Charts, *models.Divinations) error) error
}

// Transfer exports and imports saved charts. Every query is scoped to the
// signed-in user; ids in the request only narrow what that user owns.
type Transfer struct {
	site *Site
	deps TransferDeps
}

// NewTransfer returns the export/import handlers.
func NewTransfer(site *Site, deps TransferDeps) *Transfer { return &Transfer{site: site, deps: deps} }

// ChartsExportSource fills "charts" in the profile's "download my data":
// every chart of the user in the export's record format, those in the
// trash too (with deleted_at), oldest first.
func ChartsExportSource(charts *models.Charts) ExportSource {
	return ExportSource{Key: "charts", Load: func(ctx context.Context, userID int64) (any, error) {
		return chartstore.ExportAccount(ctx, charts, userID)
	}}
}

// DivinationsExportSource fills "divinations" in the profile's "download
// my data": every kept cast and draw of the user, oldest first, with its
// latest reading, in the charts file's record format.
func DivinationsExportSource(store *models.Divinations) ExportSource {
	return ExportSource{Key: "divinations", Load: func(ctx context.Context, userID int64) (any, error) {
		return chartstore.ExportDivinations(ctx, store, userID)
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

func (h *Transfer) exportCharts(c *fiber.Ctx) ([]chartstore.ChartRecord, error) {
	ids, err := exportIDs(c)
	if err != nil {
		return nil, err
	}
	return chartstore.Export(c.UserContext(), h.deps.Charts, CurrentUser(c).ID, ids)
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
	// The whole export (no ids) carries the kept casts and draws too; a
	// selection of charts is only those charts.
	var divinations []chartstore.DivinationRecord
	if ids, _ := exportIDs(c); ids == nil && h.deps.Divinations != nil {
		if divinations, err = chartstore.ExportDivinations(c.UserContext(), h.deps.Divinations, CurrentUser(c).ID); err != nil {
			return err
		}
	}
	body, err := chartstore.EncodeFileWith(recs, divinations, time.Now())
	if err != nil {
		return err
	}
	attachment(c, fiber.MIMEApplicationJSONCharsetUTF8, "bazi-master-charts.json")
	return c.Status(fiber.StatusOK).Send(body)
}

// ExportCSV is GET /charts/export.csv[?ids=…]: one row per chart, UTF-8
// with a byte-order mark so Excel shows Chinese correctly.
func (h *Transfer) ExportCSV(c *fiber.Ctx) error {
	recs, err := h.exportCharts(c)
	if err != nil {
		return err
	}
	body, err := chartstore.EncodeCSV(recs)
	if err != nil {
		return err
	}
	attachment(c, "text/csv; charset=utf-8", "bazi-master-charts.csv")
	return c.Status(fiber.StatusOK).Send(body)
}

// ImportPage is GET /charts/import: the import form.
func (h *Transfer) ImportPage(c *fiber.Ctx) error {
	p := h.site.Page(c, "transfer.import.title")
	return render(c, fiber.StatusOK, views.ImportPage(p, views.ImportForm{MaxRecords: chartstore.MaxImportRecords}))
}

// Import is POST /charts/import: a JSON file (multipart field "file") or
// pasted JSON (field "json"). A malformed file, or one with more than
// chartstore.MaxImportRecords charts, is refused whole. Otherwise each record is
// checked and recomputed on its own: valid ones are imported (in one
// transaction), duplicates skipped, invalid ones refused, and the summary
// says which and why.
func (h *Transfer) Import(c *fiber.Ctx) error {
	u := CurrentUser(c)
	p := h.site.Page(c, "transfer.import.title")
	pasted := c.FormValue("json")
	raw, isCSV, prob := importBody(c, pasted)
	var records, divinations []json.RawMessage
	switch {
	case prob != nil:
	case isCSV:
		records, prob = chartstore.DecodeCSV(raw)
	default:
		records, divinations, prob = chartstore.DecodeFileParts(raw)
	}
	if prob != nil {
		msg := p.T("transfer.error."+prob.Code, prob.Args...)
		if key := "transfer2.error." + prob.Code; h.site.I18n.Has(key) {
			msg = p.T(key, prob.Args...)
		}
		f := views.ImportForm{MaxRecords: chartstore.MaxImportRecords, Error: msg}
		if len(pasted) <= maxPasteBytes {
			f.JSON = pasted
		}
		return render(c, fiber.StatusUnprocessableEntity, views.ImportPage(p, f))
	}
	ctx := c.UserContext()
	im := chartstore.PrepareImport(u.ID, records)
	dim := chartstore.PrepareDivinations(u.ID, divinations)
	n := im.Count(chartstore.Imported)
	err := h.deps.InTx(ctx, func(charts *models.Charts, kept *models.Divinations) error {
		// The charts' Write takes the user's import lock, which the casts share.
		if err := im.Write(ctx, charts); err != nil {
			return err
		}
		return dim.Write(ctx, kept)
	})
	if err != nil {
		return fmt.Errorf("import %d charts and %d casts for user %d: %w", n, dim.Count(chartstore.Imported), u.ID, err)
	}
	p.Title = p.T("transfer.summary.title")
	sum := h.importSummary(p, im.Outcomes())
	if isCSV {
		h.placeCSVRows(p, &sum)
	}
	h.addDivinationSummary(p, &sum, dim.Outcomes())
	return render(c, fiber.StatusOK, views.ImportSummaryPage(p, sum))
}

// importBody is the uploaded file when one was chosen, else the pasted
// text, and whether it is CSV: a file named .csv or sent as text/csv is,
// one named .json is not, and anything else is CSV when it reads as one
// (chartstore.LooksLikeCSV).
func importBody(c *fiber.Ctx, pasted string) (body []byte, isCSV bool, prob *chartstore.FileProblem) {
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return nil, false, &chartstore.FileProblem{Code: "unreadable"}
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxUploadBytes))
		if err != nil {
			return nil, false, &chartstore.FileProblem{Code: "unreadable"}
		}
		name := strings.ToLower(fh.Filename)
		ctype := strings.ToLower(fh.Header.Get(fiber.HeaderContentType))
		switch {
		case strings.HasSuffix(name, ".csv") || strings.HasPrefix(ctype, "text/csv"):
			return b, true, nil
		case strings.HasSuffix(name, ".json"):
			return b, false, nil
		}
		return b, chartstore.LooksLikeCSV(b), nil
	}
	if strings.TrimSpace(pasted) == "" {
		return nil, false, &chartstore.FileProblem{Code: "required"}
	}
	return []byte(pasted), chartstore.LooksLikeCSV([]byte(pasted)), nil
}

// placeCSVRows names each skipped or refused chart of a CSV import by its
// row (the header is row 1) and, when the problem is in one cell, its
// column: "Row 3, column date". A cell of the wrong kind (a word in lon)
// is worded for a spreadsheet rather than as a JSON type.
func (h *Transfer) placeCSVRows(p views.Page, sum *views.ImportSummary) {
	for _, rows := range [][]views.ImportOutcome{sum.Skipped, sum.Refused} {
		for i := range rows {
			o := &rows[i]
			row := o.Index - 1 + chartstore.CSVFirstRow
			o.Index = row
			if chartstore.IsCSVColumn(o.Field) {
				o.Where = p.T("transfer2.where.cell", row, o.Field)
				if o.Code == "invalid_type" {
					o.Reason = p.T("transfer2.reason." + chartstore.CSVColumnKind(o.Field))
				}
			} else {
				o.Where = p.T("transfer2.where.row", row)
			}
		}
	}
}

// importSummary words what an import did in the page's language.
func (h *Transfer) importSummary(p views.Page, outcomes []chartstore.Outcome) views.ImportSummary {
	sum := views.ImportSummary{Total: len(outcomes)}
	for _, o := range outcomes {
		if o.Status == chartstore.Imported {
			sum.Imported++
			continue
		}
		row := views.ImportOutcome{Index: o.Index + 1, Name: displayName(p, o.Name), Status: views.ImportRefused,
			Field: o.Problem.Field, Code: o.Problem.Code, Reason: h.reasonText(p, o.Problem)}
		if o.Status == chartstore.Skipped {
			row.Status = views.ImportSkipped
			sum.Skipped = append(sum.Skipped, row)
		} else {
			sum.Refused = append(sum.Refused, row)
		}
	}
	return sum
}

// addDivinationSummary adds what the import did with the casts and draws:
// each skipped or refused one is named by its kind and its index in
// "divinations" (from 1), with the field at fault.
func (h *Transfer) addDivinationSummary(p views.Page, sum *views.ImportSummary, outcomes []chartstore.Outcome) {
	sum.Total += len(outcomes)
	for _, o := range outcomes {
		if o.Status == chartstore.Imported {
			sum.Imported++
			continue
		}
		kind := p.T("divination.import.unknown")
		if models.IsDivinationKind(o.Name) {
			kind = p.T("divination.kind." + o.Name)
		}
		reason := p.T("error.field.generic")
		for _, key := range []string{"transfer.reason.divination." + o.Problem.Code, "transfer.reason." + o.Problem.Code} {
			if h.site.I18n.Has(key) {
				reason = p.T(key, o.Problem.Args...)
				break
			}
		}
		row := views.ImportOutcome{Index: o.Index + 1, Name: p.T("divination.import.row", kind, o.Index+1),
			Status: views.ImportRefused, Field: "divinations[" + strconv.Itoa(o.Index) + "]." + o.Problem.Field, Reason: reason}
		if o.Problem.Field == "" {
			row.Field = "divinations[" + strconv.Itoa(o.Index) + "]"
		}
		if o.Status == chartstore.Skipped {
			row.Status = views.ImportSkipped
			sum.Skipped = append(sum.Skipped, row)
		} else {
			sum.Refused = append(sum.Refused, row)
		}
	}
}

// reasonText translates why a record was refused: the chart form's
// message for that field and code (error.field.<field>.<code>), then the
// import's own (transfer.reason.<field>.<code>, transfer.reason.<code>),
// then the engine's English sentence.
func (h *Transfer) reasonText(p views.Page, pr *chartstore.RecordProblem) string {
	for _, key := range []string{
		"error.field." + pr.Field + "." + pr.Code,
		"transfer.reason." + pr.Field + "." + pr.Code,
		"transfer.reason." + pr.Code,
	} {
		if h.site.I18n.Has(key) {
			return p.T(key, pr.Args...)
		}
	}
	if pr.Message != "" {
		return pr.Message
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
