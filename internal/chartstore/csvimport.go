package chartstore

// Importing the CSV export. Each row becomes the JSON record the JSON
// import reads, and that record goes through DecodeRecord like any other:
// the CSV path has no validator of its own, so both formats accept and
// refuse the same charts for the same reasons.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
)

// CSV column kinds: how a cell becomes a JSON value of the record.
const (
	csvText    = iota // a string, kept as written
	csvOptText        // a string, left out when the cell is blank (the default applies)
	csvBool           // true/false (also 1/0, yes/no); blank is left out
	csvNumber         // a number; blank is left out
	csvIgnored        // informational: recomputed or set by the import
)

// csvColumn is where a CSV column goes in a record.
type csvColumn struct {
	kind  int
	input bool // in the record's "input" (birth data), else top level
}

// csvColumns are the columns an import accepts: exactly CSVHeader's.
var csvColumns = map[string]csvColumn{
	"name": {kind: csvText}, "notes": {kind: csvText}, "tags": {kind: csvText}, "favourite": {kind: csvBool},
	"date": {kind: csvOptText, input: true}, "time": {kind: csvOptText, input: true},
	"calendar": {kind: csvOptText, input: true}, "leap_month": {kind: csvBool, input: true},
	"tz": {kind: csvOptText, input: true}, "lon": {kind: csvNumber, input: true}, "lat": {kind: csvNumber, input: true},
	"place": {kind: csvOptText, input: true}, "gender": {kind: csvOptText, input: true},
	"true_solar_time": {kind: csvBool, input: true}, "zi_rule": {kind: csvOptText, input: true},
	"luck_method": {kind: csvOptText, input: true},
	// The pillars are recomputed from the birth data and created_at is the
	// import's time, as with JSON.
	"pillars": {kind: csvIgnored}, "created_at": {kind: csvIgnored},
}

// IsCSVColumn reports whether name is a column of the CSV file, so a
// record problem's field can be named as the column it came from.
func IsCSVColumn(name string) bool { _, ok := csvColumns[name]; return ok }

// CSVColumnKind is "bool", "number" or "text": what a column's cells hold.
func CSVColumnKind(name string) string {
	switch csvColumns[name].kind {
	case csvBool:
		return "bool"
	case csvNumber:
		return "number"
	}
	return "text"
}

// CSVFirstRow is the row number of the first chart: the header is row 1.
const CSVFirstRow = 2

// LooksLikeCSV reports whether raw reads as a charts CSV rather than JSON:
// it does not open as JSON does and its first cell names a column. Used
// for pasted text and files that say neither .csv nor .json.
func LooksLikeCSV(raw []byte) bool {
	raw = bytes.TrimSpace(bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF")))
	if len(raw) == 0 || raw[0] == '{' || raw[0] == '[' {
		return false
	}
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	first, _, _ := bytes.Cut(line, []byte(","))
	return IsCSVColumn(strings.ToLower(strings.Trim(strings.TrimSpace(string(first)), `"`)))
}

// DecodeCSV reads a charts CSV (the export's columns, in any order; UTF-8
// with or without a byte-order mark; RFC 4180 quoting) into one JSON
// record per row, in the form DecodeRecord reads. Record i is row
// i+CSVFirstRow. A file that is not such a CSV (unreadable quoting, rows
// of different lengths, an unknown, blank or repeated column, no rows,
// too many rows) is refused whole, as a malformed JSON file is:
// csv_malformed (Args: the row), csv_unknown_column (Args: the column's
// name), csv_blank_column and csv_duplicate_column (Args: its position or
// name), empty, too_many, required.
func DecodeCSV(raw []byte) ([]json.RawMessage, *FileProblem) {
	raw = bytes.TrimPrefix(raw, []byte("\xEF\xBB\xBF"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, &FileProblem{Code: "required"}
	}
	r := csv.NewReader(bytes.NewReader(raw))
	header, err := r.Read()
	if err != nil {
		return nil, &FileProblem{Code: "csv_malformed", Args: []any{1}}
	}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		header[i] = h
		switch {
		case h == "":
			return nil, &FileProblem{Code: "csv_blank_column", Args: []any{i + 1}}
		case !IsCSVColumn(h):
			return nil, &FileProblem{Code: "csv_unknown_column", Args: []any{h}}
		case seen[h]:
			return nil, &FileProblem{Code: "csv_duplicate_column", Args: []any{h}}
		}
		seen[h] = true
	}
	var records []json.RawMessage
	for row := CSVFirstRow; ; row++ {
		cells, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &FileProblem{Code: "csv_malformed", Args: []any{row}}
		}
		if len(records) == MaxImportRecords {
			// Count the rest without keeping them, to say how many there are.
			n := len(records) + 1
			for {
				if _, err := r.Read(); err != nil {
					break
				}
				n++
			}
			return nil, &FileProblem{Code: "too_many", Args: []any{MaxImportRecords, n}}
		}
		records = append(records, csvRecord(header, cells))
	}
	if len(records) == 0 {
		return nil, &FileProblem{Code: "empty"}
	}
	return records, nil
}

// csvRecord is one row as a JSON record. A cell that is not what its
// column holds (a word in lon, "maybe" in favourite) is passed on as a
// string, so DecodeRecord refuses it with invalid_type naming the field.
func csvRecord(header, cells []string) json.RawMessage {
	top := map[string]any{}
	input := map[string]any{}
	for i, name := range header {
		col := csvColumns[name]
		v := unCSVSafe(cells[i])
		dst := top
		if col.input {
			dst = input
		}
		t := strings.TrimSpace(v)
		switch col.kind {
		case csvIgnored:
			continue
		case csvText:
			dst[name] = v
		case csvOptText:
			if t != "" {
				dst[name] = t
			}
		case csvBool:
			if t == "" {
				continue
			}
			switch strings.ToLower(t) {
			case "true", "1", "yes":
				dst[name] = true
			case "false", "0", "no":
				dst[name] = false
			default:
				dst[name] = t
			}
		case csvNumber:
			if t == "" {
				continue
			}
			if f, err := strconv.ParseFloat(t, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				dst[name] = json.Number(strconv.FormatFloat(f, 'g', -1, 64))
			} else {
				dst[name] = t
			}
		}
	}
	top["input"] = input
	// Every value is a string, a bool or a finite number: this cannot fail.
	b, _ := json.Marshal(top)
	return b
}

// unCSVSafe undoes csvSafe: the export put a single quote before a cell
// that a spreadsheet would run as a formula ("=1+1" → "'=1+1").
func unCSVSafe(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte("=+-@\t\r", s[1]) >= 0 {
		return s[1:]
	}
	return s
}
