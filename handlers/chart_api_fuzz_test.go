package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
	"github.com/bazi-master/bazi-master/internal/chartinput"
	"github.com/bazi-master/bazi-master/internal/chartjson"
)

// FuzzChartRequest feeds arbitrary bodies through the API's decoder and the
// chart computation: nothing may panic, and every refusal names a reason.
func FuzzChartRequest(f *testing.F) {
	for _, seed := range []string{
		`{"date":"1988-02-15","time":"23:30","tz":"Asia/Shanghai","gender":"male","zi_rule":"split"}`,
		`{"date":"2021-03-14","time":"02:30","tz":"America/New_York","gender":"female","luck_method":"days"}`,
		`{"date":"2020-04-01","calendar":"lunar","leap_month":true,"tz":"+08:00","gender":"male","lon":116.4,"true_solar_time":true}`,
		`{"date":"1990-01-01","place":"台北","gender":"male","liu_yue_year":2030}`,
		`{"date":"9999-99-99","time":"-1:00","tz":"+99:99","gender":"","lon":1e309}`,
		`{"date":1}`, `[]`, `null`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		req, apiErr := chartinput.DecodeJSON(body)
		if apiErr != nil {
			if apiErr.Code == "" || apiErr.Message == "" {
				t.Fatalf("decode error without code or message: %+v", apiErr)
			}
			return
		}
		doc, err := chartinput.Build(req, now)
		if err != nil {
			var fe *bazi.FieldError
			if !errors.As(err, &fe) || fe.Field == "" || fe.Message == "" || fe.Code == "" {
				t.Fatalf("refusal is not a complete field error: %#v", err)
			}
			return
		}
		if doc.Pillars.Day.GanZhi.String() == "" || doc.Luck.Direction == "" {
			t.Fatal("chart without a day pillar")
		}
		// The hand-written encoder writes what encoding/json writes, for
		// whatever the user's strings and numbers are.
		want, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		if got := chartjson.AppendDocument(nil, doc); !bytes.Equal(got, want) {
			t.Fatalf("AppendDocument differs from encoding/json:\n got %s\nwant %s", got, want)
		}
	})
}
