package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/places"
)

// ChartAPI serves the JSON chart API.
type ChartAPI struct {
	now func() time.Time // decides the current luck pillar; injectable for tests
	// Computed, when set, counts each chart computed (admin overview).
	Computed func()
}

// NewChartAPI returns the chart API; now is usually time.Now.
func NewChartAPI(now func() time.Time) *ChartAPI { return &ChartAPI{now: now} }

// ChartDocument is the API's answer: the engine's chart plus what the app
// resolved (the birthplace) and what was asked for (流月).
type ChartDocument struct {
	*bazi.Chart
	Place  *places.Place      `json:"place,omitempty"`
	LiuYue []bazi.LiuYueMonth `json:"liu_yue,omitempty"`
}

// AppendJSON appends the document as encoding/json.Marshal (and the
// goccy/go-json the app is configured with) write it: the chart's keys
// flattened, then "place" and "liu_yue", each left out when empty.
func (d *ChartDocument) AppendJSON(b []byte) []byte {
	b = append(b, '{')
	start := len(b)
	if d.Chart != nil {
		b = d.Chart.AppendJSONFields(b)
	}
	if d.Place != nil {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, `"place":`...)
		b = d.Place.AppendJSON(b)
	}
	if len(d.LiuYue) > 0 {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, `"liu_yue":[`...)
		for i := range d.LiuYue {
			if i > 0 {
				b = append(b, ',')
			}
			b = d.LiuYue[i].AppendJSON(b)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// chartPool recycles chart documents (4.5 KB each) on the API's hot path;
// a chart is only borrowed while its JSON is written.
var chartPool = sync.Pool{New: func() any { return new(bazi.Chart) }}

// jsonBufPool recycles the buffers chart documents (~30 KB) are encoded
// into; the response copies the bytes (SetBody), so a buffer goes back to
// the pool as soon as the handler has set the body.
var jsonBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 48<<10); return &b }}

// maxPooledJSONBuf keeps an unusually large buffer out of the pool.
const maxPooledJSONBuf = 256 << 10

// sendJSONDoc writes doc as c.JSON(doc) would — the same bytes and the same
// Content-Type — without reflection.
func sendJSONDoc(c *fiber.Ctx, doc *ChartDocument) {
	bp := jsonBufPool.Get().(*[]byte)
	buf := doc.AppendJSON((*bp)[:0])
	c.Response().SetBody(buf) // copies: buf may be reused at once
	c.Response().Header.SetContentType(fiber.MIMEApplicationJSON)
	if cap(buf) <= maxPooledJSONBuf {
		*bp = buf[:0]
		jsonBufPool.Put(bp)
	}
}

// BuildChart resolves and computes a request; shared by the API, the pages
// and the CLI.
func BuildChart(r chartinput.Request, now time.Time) (*ChartDocument, error) {
	return buildChartInto(new(bazi.Chart), r, now)
}

func buildChartInto(chart *bazi.Chart, r chartinput.Request, now time.Time) (*ChartDocument, error) {
	res, err := chartinput.Resolve(r)
	if err != nil {
		return nil, err
	}
	if err := bazi.ComputeInto(chart, res.Input, now); err != nil {
		return nil, err
	}
	doc := &ChartDocument{Chart: chart, Place: res.Place}
	if r.LiuYueYear != 0 {
		months, ok := bazi.LiuYue(r.LiuYueYear)
		if ok {
			doc.LiuYue = months[:]
		}
	}
	return doc, nil
}

// Compute is POST /api/v1/chart.
func (h *ChartAPI) Compute(c *fiber.Ctx) error {
	var req chartinput.Request
	if apiErr := decodeJSON(c.Body(), &req); apiErr != nil {
		return jsonError(c, fiber.StatusBadRequest, *apiErr)
	}
	chart := chartPool.Get().(*bazi.Chart)
	defer chartPool.Put(chart) // sendJSONDoc below has copied the document out by then
	doc, err := buildChartInto(chart, req, h.now())
	if err != nil {
		var fe *bazi.FieldError
		if errors.As(err, &fe) {
			return jsonError(c, fiber.StatusBadRequest, APIError{Code: fe.Code, Message: fe.Message, Field: fe.Field})
		}
		return fmt.Errorf("compute chart: %w", err)
	}
	if h.Computed != nil {
		h.Computed()
	}
	sendJSONDoc(c, doc)
	return nil
}

// decodeJSON reads one JSON object strictly: unknown fields and wrong types
// are refused with the field's name, so a typo never silently changes a chart.
func decodeJSON(body []byte, v any) *APIError {
	if len(bytes.TrimSpace(body)) == 0 {
		return &APIError{Code: "invalid_json", Message: "The request body must be a JSON object."}
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var typeErr *json.UnmarshalTypeError
		var syntaxErr *json.SyntaxError
		switch {
		case errors.As(err, &typeErr) && typeErr.Field != "":
			// Field is a Go-side path ("Request.lon" through the embedded
			// struct); the JSON name is its last element.
			field := typeErr.Field
			if i := strings.LastIndexByte(field, '.'); i >= 0 {
				field = field[i+1:]
			}
			return &APIError{Code: "invalid_type", Field: field, Message: fmt.Sprintf("Field %q must be a %s.", field, jsonKind(typeErr.Type.Kind().String()))}
		case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
			return &APIError{Code: "invalid_json", Message: "The request body is not valid JSON."}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &APIError{Code: "unknown_field", Field: field, Message: fmt.Sprintf("Unknown field %q.", field)}
		default:
			return &APIError{Code: "invalid_json", Message: "The request body must be a JSON object."}
		}
	}
	if dec.More() {
		return &APIError{Code: "invalid_json", Message: "The request body must hold a single JSON object."}
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "float64", "int", "int64":
		return "number"
	case "bool":
		return "boolean (true or false)"
	case "string":
		return "string"
	}
	return k
}
