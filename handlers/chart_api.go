package handlers

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartjson"
)

// ChartAPI serves the JSON chart API.
type ChartAPI struct {
	now func() time.Time // decides the current luck pillar; injectable for tests
	// Computed, when set, counts each chart computed (admin overview).
	Computed func()
}

// NewChartAPI returns the chart API; now is usually time.Now.
func NewChartAPI(now func() time.Time) *ChartAPI { return &ChartAPI{now: now} }

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
func sendJSONDoc(c *fiber.Ctx, doc *chartinput.Document) {
	bp := jsonBufPool.Get().(*[]byte)
	buf := chartjson.AppendDocument((*bp)[:0], doc)
	c.Response().SetBody(buf) // copies: buf may be reused at once
	c.Response().Header.SetContentType(fiber.MIMEApplicationJSON)
	if cap(buf) <= maxPooledJSONBuf {
		*bp = buf[:0]
		jsonBufPool.Put(bp)
	}
}

// Compute is POST /api/v1/chart.
func (h *ChartAPI) Compute(c *fiber.Ctx) error {
	req, ferr := chartinput.DecodeJSON(c.Body())
	if ferr != nil {
		return jsonError(c, fiber.StatusBadRequest, APIError{Code: ferr.Code, Message: ferr.Message, Field: ferr.Field})
	}
	chart := chartPool.Get().(*bazi.Chart)
	defer chartPool.Put(chart) // sendJSONDoc below has copied the document out by then
	doc, err := chartinput.BuildInto(chart, req, h.now())
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
