package ichinginput

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bazi-master/bazi-master/bazi"
)

func fieldOf(err error) string {
	var fe *bazi.FieldError
	if errors.As(err, &fe) {
		return fe.Field
	}
	return ""
}

var now = time.Date(2026, 12, 7, 1, 30, 0, 0, time.UTC)

func TestCastMethods(t *testing.T) {
	rnd := bytes.NewReader(bytes.Repeat([]byte{0, 7, 3, 5, 1, 2}, 10))
	// No method: three coins.
	res, err := Cast(Request{Question: "  Should I move?  "}, rnd, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Request.Method != "coins" || res.Request.Question != "Should I move?" || len(res.Request.Lines) != 6 {
		t.Errorf("coins: %+v", res.Request)
	}
	// Lines alone are the lines method.
	res, err = Cast(Request{Lines: "789789"}, nil, now)
	if err != nil || res.Request.Method != "lines" || res.Cast.Primary().Number != 30 {
		t.Fatalf("lines: %+v %v", res, err)
	}
	// The time method defaults to now, in UTC.
	res, err = Cast(Request{Method: "time"}, nil, now)
	if err != nil || res.Request.At != "2026-12-07T01:30" || res.Request.TZ != "UTC" || res.Time == nil {
		t.Fatalf("time: %+v %v", res, err)
	}
	res, err = Cast(Request{Method: "numbers", Numbers: []int{5, 3, 7}}, nil, now)
	if err != nil || res.Cast.Primary().Number != 37 {
		t.Fatalf("numbers: %+v %v", res, err)
	}
}

func TestCastRefusals(t *testing.T) {
	for _, c := range []struct {
		req   Request
		field string
	}{
		{Request{Method: "dice"}, "method"},
		{Request{Method: "lines"}, "lines"},
		{Request{Method: "lines", Lines: "78978"}, "lines"},
		{Request{Method: "lines", Lines: "789785"}, "lines"},
		{Request{Method: "coins", Lines: "789789"}, "lines"},
		{Request{Method: "numbers"}, "numbers"},
		{Request{Method: "numbers", Numbers: []int{1, 2}}, "numbers"},
		{Request{Method: "numbers", Numbers: []int{1, 2, 0}}, "numbers"},
		{Request{Method: "coins", Numbers: []int{1, 2, 3}}, "numbers"},
		{Request{Method: "time", TZ: "Mars/Olympus"}, "tz"},
		{Request{Method: "time", At: "yesterday"}, "at"},
		{Request{Method: "time", At: "1500-01-01T00:00"}, "at"},
		{Request{Method: "coins", At: "2026-01-01T00:00"}, "at"},
		{Request{Question: strings.Repeat("问", 301)}, "question"},
		{Request{Question: "a\x07b"}, "question"},
	} {
		_, err := Cast(c.req, bytes.NewReader(make([]byte, 64)), now)
		if got := fieldOf(err); got != c.field {
			t.Errorf("%+v: refused on %q (%v), want %q", c.req, got, err, c.field)
		}
	}
}

// TestQueryRoundTrip: a cast's page query opens to the same cast, and a
// time or numbers cast whose lines were edited is refused.
func TestQueryRoundTrip(t *testing.T) {
	for _, req := range []Request{
		{Lines: "696969", Question: "Which way & why?"},
		{Method: "time", At: "2026-12-07T09:30", TZ: "Asia/Shanghai", Question: "工作"},
		{Method: "numbers", Numbers: []int{5, 3, 7}},
	} {
		res, err := Cast(req, nil, now)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Open(res.Request.Query())
		if err != nil {
			t.Fatalf("%s: %v", res.Request.Query(), err)
		}
		if back.Cast != res.Cast || back.Request.Query() != res.Request.Query() {
			t.Errorf("%s reopened as %s", res.Request.Query(), back.Request.Query())
		}
	}
	if _, err := Open("lines=777777&method=numbers&numbers=5,3,7"); fieldOf(err) != "lines" {
		t.Errorf("edited numbers cast: %v", err)
	}
	if _, err := Open("method=coins"); fieldOf(err) != "lines" {
		t.Errorf("no lines: %v", err)
	}
	if _, err := Open("lines=789789&method=time"); fieldOf(err) != "at" {
		t.Errorf("time without a moment: %v", err)
	}
}

func TestFormRequest(t *testing.T) {
	form := map[string]string{"method": "numbers", "n1": "5", "n2": " 3", "n3": "7", "lines": "ignored", "question": "q"}
	r, ferr := FormRequest(func(k string) string { return form[k] })
	if ferr != nil || len(r.Numbers) != 3 || r.Lines != "" {
		t.Fatalf("%+v %v", r, ferr)
	}
	form = map[string]string{"method": "numbers", "n1": "5", "n2": "x"}
	if _, ferr := FormRequest(func(k string) string { return form[k] }); ferr == nil || ferr.Field != "numbers" {
		t.Errorf("bad number: %v", ferr)
	}
}

func TestDocument(t *testing.T) {
	res, err := Cast(Request{Lines: "789789"}, nil, now)
	if err != nil {
		t.Fatal(err)
	}
	d := res.Document()
	if d.Lines != "789789" || len(d.Changing) != 2 || d.Changing[0] != 3 || d.Primary.Number != 30 ||
		d.Resulting == nil || d.Resulting.Number != 51 || d.Nuclear.Number != 28 /* 离's lines 2–4 are 巽, 3–5 兑: 大过 */ {
		t.Errorf("%+v", d)
	}
	if d.Read.Rule != "two" || len(d.Read.Texts) != 2 || d.Read.Texts[0].Line != 6 {
		t.Errorf("read %+v", d.Read)
	}
	still, _ := Cast(Request{Lines: "777777"}, nil, now)
	if d := still.Document(); d.Resulting != nil || d.Changing == nil || len(d.Changing) != 0 {
		t.Errorf("unchanging: %+v", d)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"method":"lines","lines":"789789"}`, `{"numbers":[1,2,3],"method":"numbers"}`,
		`{"method":"time","at":"2026-01-01T00:00","tz":"Asia/Tokyo"}`, `{"x":1}`, `[]`, `{"method":"coins","method":"lines"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		req, ferr := DecodeJSON(body)
		if ferr != nil {
			if ferr.Message == "" {
				t.Fatal("refusal without a message")
			}
			return
		}
		res, err := Cast(req, bytes.NewReader(make([]byte, 64)), now)
		if err != nil {
			if fieldOf(err) == "" {
				t.Fatalf("refusal without a field: %v", err)
			}
			return
		}
		if _, err := Open(res.Request.Query()); err != nil {
			t.Fatalf("cast's query %q does not reopen: %v", res.Request.Query(), err)
		}
	})
}

func FuzzOpen(f *testing.F) {
	for _, s := range []string{"lines=789789", "lines=789789&method=time&at=2026-12-07T09:30&tz=UTC", "lines=1&numbers=a", "%zz", "lines=777777&method=numbers&numbers=1,2,3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		res, err := Open(q)
		if err != nil {
			if fieldOf(err) == "" {
				t.Fatalf("refusal without a field: %v", err)
			}
			return
		}
		again, err := Open(res.Request.Query())
		if err != nil || again.Cast != res.Cast {
			t.Fatalf("canonical query %q does not reopen: %v", res.Request.Query(), err)
		}
	})
}
