package handlers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	gojson "github.com/goccy/go-json"
	"github.com/gofiber/fiber/v2"

	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartjson"
)

// chartAPIBodies are requests covering the document's optional parts: a
// place lookup, 流月, lunar input (leap month), unknown time, true solar
// time, every option, and echoed strings that need escaping.
var chartAPIBodies = []string{
	`{"date":"2005-12-23","time":"08:37","tz":"Asia/Shanghai","gender":"male"}`,
	`{"date":"1990-06-15","place":"北京","gender":"female","true_solar_time":false}`,
	`{"date":"1995-06-15","time":"12:00","place":"Urumqi","gender":"male","true_solar_time":true,"liu_yue_year":2030}`,
	`{"date":"2020-04-01","calendar":"lunar","leap_month":true,"time":"08:00","tz":"+08:00","gender":"female","lon":116.4,"lat":39.9,"true_solar_time":true,"liu_yue_year":2026}`,
	`{"date":"2023-02-10","calendar":"lunar","leap_month":true,"tz":"Asia/Taipei","gender":"m","liu_yue_year":1800}`,
	`{"date":"1988-02-15","time":"23:30","tz":"America/New_York","gender":"female","zi_rule":"split","luck_method":"days","lon":-74.0000001}`,
	`{"date":"2021-11-07","time":"01:30","tz":"America/New_York","gender":"male","luck_method":"minutes","lon":1e-7,"lat":-0.0}`,
	`{"date":" 1901-01-01\u2028","time":"00:05","place":"London","gender":" Female\t","zi_rule":"Split\u2029","luck_method":"Exact"}`,
	`{"date":"2199-12-31","tz":"-03:30","gender":"f","liu_yue_year":2199}`,
}

// TestChartAPIBodyIsTheDocumentsJSON checks that POST /api/v1/chart answers
// exactly the bytes json.Marshal writes for the same document (encoding/json
// and goccy/go-json, the app's configured encoder, agreeing), and exactly
// what c.JSON(doc) answered before, Content-Type included.
func TestChartAPIBodyIsTheDocumentsJSON(t *testing.T) {
	app := startAPI(t)

	// The reference: the same document through Fiber's c.JSON with the
	// app's encoder, as the handler answered before it encoded by hand.
	ref := fiber.New(fiber.Config{JSONEncoder: gojson.Marshal})
	ref.Post("/", func(c *fiber.Ctx) error {
		var req chartinput.Request
		if err := json.Unmarshal(c.Body(), &req); err != nil {
			return err
		}
		doc, err := chartinput.Build(req, fixedNow)
		if err != nil {
			return err
		}
		return c.JSON(doc)
	})

	for _, body := range chartAPIBodies {
		res := postJSON(t, app, "/api/v1/chart", body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: status %d: %s", body, res.StatusCode, res.Body)
		}
		var req chartinput.Request
		if err := json.Unmarshal([]byte(body), &req); err != nil {
			t.Fatal(err)
		}
		doc, err := chartinput.Build(req, fixedNow)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		gc, err := gojson.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gc, want) {
			t.Fatalf("%s: goccy and encoding/json disagree", body)
		}
		if got := chartjson.AppendDocument(nil, doc); !bytes.Equal(got, want) {
			t.Errorf("%s: AppendDocument differs from encoding/json:\n got %s\nwant %s", body, got, want)
		}
		if res.Body != string(want) {
			t.Errorf("%s: API body differs from json.Marshal(doc):\n got %s\nwant %s", body, res.Body, want)
		}

		rr, err := ref.Test(httptest.NewRequest("POST", "/", strings.NewReader(body)), -1)
		if err != nil {
			t.Fatal(err)
		}
		refBody, _ := io.ReadAll(rr.Body)
		if string(refBody) != res.Body {
			t.Errorf("%s: API body differs from c.JSON(doc)", body)
		}
		if got, want := res.Header.Get("Content-Type"), rr.Header.Get("Content-Type"); got != want || got != fiber.MIMEApplicationJSON {
			t.Errorf("%s: Content-Type %q, c.JSON sets %q", body, got, want)
		}
		if want := req.LiuYueYear != 0; strings.Contains(res.Body, `"liu_yue":[`) != want {
			t.Errorf("%s: liu_yue present = %v", body, !want)
		}
		if want := req.Place != ""; strings.Contains(res.Body, `"place":{`) != want {
			t.Errorf("%s: place present = %v", body, !want)
		}
	}
}
